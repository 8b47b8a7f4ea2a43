package io.mic.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory-bandwidth bound of an exact search: a plain sum over every float of the same
 * {@code rows x dim} matrix {@link ExactTopKBenchmark} scans (same layout, same thread split).
 * Exact top-k time / this time is how far the search is from reading the data once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class ScanBoundBenchmark {

    @Param({"100000", "1000000"})
    public int rows;

    @Param({"64"})
    public int dim;

    @Param({"1", "2"})
    public int threads;

    private float[] data;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setup() {
        data = BenchData.clustered(rows, dim, 1000, 1.0, 42);
        if (threads > 1) {
            pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "scan-bound");
                t.setDaemon(true);
                return t;
            });
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Benchmark
    public float sum() throws Exception {
        if (threads == 1) {
            return sum(data, 0, data.length);
        }
        int per = (data.length / threads + 15) & ~15;
        @SuppressWarnings("unchecked")
        Future<Float>[] parts = new Future[threads - 1];
        for (int t = 1; t < threads; t++) {
            int from = Math.min(data.length, t * per);
            int to = Math.min(data.length, from + per);
            parts[t - 1] = pool.submit(() -> sum(data, from, to));
        }
        float s = sum(data, 0, Math.min(data.length, per));
        for (Future<Float> f : parts) {
            s += f.get();
        }
        return s;
    }

    /** Eight independent accumulators so the loop is limited by loads, not by the add latency. */
    static float sum(float[] a, int from, int to) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int i = from;
        for (int end = to - 7; i < end; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
