package io.mic.cli;

import io.mic.spi.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders {@link Progress} as a progress bar on stderr. Only used when stderr is a terminal and
 * {@code --quiet} is off; otherwise the CLI passes {@link Progress#NOOP}.
 */
final class ConsoleProgress implements Progress {
    private ProgressBar bar;

    @Override
    public synchronized void start(String task, long total) {
        done();
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .build();
    }

    @Override
    public synchronized void step(long delta) {
        if (bar != null) {
            bar.stepBy(delta);
        }
    }

    @Override
    public synchronized void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(" " + text);
        }
    }

    @Override
    public synchronized void done() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Whether a bar makes sense: an interactive terminal. */
    static boolean interactive() {
        return System.console() != null && System.getenv("CI") == null;
    }
}
