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
 * Exact top-k time / this time is how far the search is from reading the data once. Both loops
 * are vectorised by the JIT (see {@link #sum(float[], int, int)}).
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
        int per = (data.length / threads + LANES - 1) / LANES * LANES;
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

    private static final int LANES = 256;

    /**
     * Sum of {@code a[from, to)}: 256 running sums, each chunk of 256 floats added element-wise
     * into them (the loop the JIT vectorises; a scalar running sum is an ordered float reduction,
     * which it does not, and would measure the add latency instead of the memory), then the 256
     * added up. The same loads and loop shape as the exact index's tile scan, minus its multiply.
     */
    static float sum(float[] a, int from, int to) {
        float[] acc = new float[LANES];
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            for (int j = 0; j < LANES; j++) {
                acc[j] += a[i + j];
            }
        }
        float s = 0f;
        for (; i < to; i++) {
            s += a[i];
        }
        for (int j = 0; j < LANES; j++) {
            s += acc[j];
        }
        return s;
    }
}
