package io.mic.spi;

/**
 * Progress of long work (training epochs, evaluation, index builds), reported by plugins and core
 * code; the CLI renders it as a progress bar on stderr, hosts may log it or ignore it.
 * Implementations are thread-safe ({@link #step} may be called from worker threads).
 */
public interface Progress {

    /** Ignores everything. */
    Progress NOOP = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void step(long delta) {
        }

        @Override
        public void message(String text) {
        }

        @Override
        public void done() {
        }
    };

    /** Begins a task of {@code total} units ({@code -1} when unknown). */
    void start(String task, long total);

    /** Adds {@code delta} finished units. */
    void step(long delta);

    /** Replaces the status text shown beside the bar (e.g. {@code loss=0.41 ex/s=52k}). */
    void message(String text);

    /** Ends the current task. */
    void done();
}
