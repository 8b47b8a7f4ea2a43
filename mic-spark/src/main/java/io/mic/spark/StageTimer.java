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
import java.util.Locale;
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

    /**
     * One finished stage.
     *
     * @param cpuSeconds CPU time of the whole process during the stage (all its threads; with
     *                   {@code local[N]} that includes the executors), -1 where the JVM cannot say
     * @param loadAverage the machine's one-minute load average when the stage ended (wall times on a
     *                   shared machine are upper bounds; this says how shared), -1 where unknown
     */
    record Stage(String name, double seconds, long peakHeapMb, double cpuSeconds, double loadAverage) {
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
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        T out = body.run();
        double s = (System.nanoTime() - t0) / 1e9;
        long cpu1 = processCpuNanos();
        long peak = 0;
        for (MemoryPoolMXBean p : heap) {
            peak += p.getPeakUsage().getUsed();
        }
        Stage st = new Stage(name, s, peak >> 20, cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        stages.add(st);
        LOG.info("stage '{}': {} s, {} CPU s, peak heap {} MB, load {}", name, String.format(Locale.ROOT, "%.2f", s),
                String.format(Locale.ROOT, "%.2f", st.cpuSeconds()), st.peakHeapMb(), String.format(Locale.ROOT, "%.2f", st.loadAverage()));
        return out;
    }

    /** One report line for a stage. */
    static String format(Stage s) {
        return String.format(Locale.ROOT, "stage %-22s %9.2f s wall %9.2f s CPU  peak heap %6d MB  load %5.2f", s.name(), s.seconds(),
                s.cpuSeconds(), s.peakHeapMb(), s.loadAverage());
    }

    /** CPU time of this process so far (all threads), in nanoseconds; -1 where the JVM does not report it. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
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
