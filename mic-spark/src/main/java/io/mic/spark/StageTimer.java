package io.mic.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wall time and peak heap of each stage of a job, for the scale report (docs/scale.md). The peak is
 * the sum over the heap pools of their peak usage since the stage began (an upper bound of the true
 * peak, since pools peak at different moments), in the driver's JVM; with {@code local[N]} the
 * executors are threads of that JVM, so it covers them too. Not thread-safe: stages run one by one.
 */
final class StageTimer {
    private static final Logger LOG = LoggerFactory.getLogger(StageTimer.class);

    /** One finished stage. */
    record Stage(String name, double seconds, long peakHeapMb) {
    }

    /** A stage body that may fail with an I/O error. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws IOException;
    }

    private final List<Stage> stages = new ArrayList<>();

    <T> T time(String name, Body<T> body) throws IOException {
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) {
                p.resetPeakUsage();
                heap.add(p);
            }
        }
        long t0 = System.nanoTime();
        T out = body.run();
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : heap) {
            peak += p.getPeakUsage().getUsed();
        }
        Stage st = new Stage(name, s, peak >> 20);
        stages.add(st);
        LOG.info("stage '{}': {} s, peak heap {} MB", name, String.format(java.util.Locale.ROOT, "%.2f", s), st.peakHeapMb());
        return out;
    }

    List<Stage> stages() {
        return Collections.unmodifiableList(stages);
    }

    /** Peak resident set of this process so far ({@code VmHWM}), in MB; -1 where /proc is not there. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("no peak RSS: {}", e.toString());
        }
        return -1;
    }
}
