package io.mic.spi;

/**
 * Where plugins report counters and timings. Implementations must be thread-safe and cheap:
 * hot paths may call them per request.
 */
public interface MetricsSink {

    /** Discards everything. */
    MetricsSink NOOP = new MetricsSink() {
        @Override
        public void count(String name, long delta) {
        }

        @Override
        public void record(String name, double value) {
        }
    };

    /** Adds {@code delta} to counter {@code name} (e.g. {@code rerank.candidates}). */
    void count(String name, long delta);

    /** Records one observation of {@code name} (a latency in nanoseconds, a loss value, a size). */
    void record(String name, double value);
}
