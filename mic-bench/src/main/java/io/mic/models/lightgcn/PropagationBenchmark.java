package io.mic.models.lightgcn;

import io.mic.core.data.InteractionMatrix;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LightGCN propagation product {@code Â x} (one thread) on a graph of ml-1m's size under
 * {@code recbole-general} (6,033 users, 3,123 items, 673,059 training pairs, so 1,346,118 non-zeros;
 * pairs drawn with a popularity skew), {@code x} of width {@code dim}: the scalar kernel
 * ({@link RowProducts#SCALAR}, the reference) against the Vector API one in the same run. A training
 * step costs {@code 2 K} such products (forward and adjoint), which is most of LightGCN's step time.
 * In LightGCN's package because the kernel and the graph are package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class PropagationBenchmark {
    @Param({"scalar", "simd"})
    public String kernel;

    @Param({"64"})
    public int dim;

    private NormalizedGraph graph;
    private RowProducts rows;
    private float[] x;
    private float[] out;

    @Setup
    public void setup() {
        int users = 6033;
        int items = 3123;
        int pairs = 673_059;
        SplittableRandom r = new SplittableRandom(42);
        int[] us = new int[pairs];
        int[] is = new int[pairs];
        for (int k = 0; k < pairs; k++) {
            us[k] = r.nextInt(users);
            double z = r.nextDouble();
            is[k] = (int) (items * z * z); // skewed: low ids are popular, as real item degrees are
        }
        graph = NormalizedGraph.of(InteractionMatrix.fromColumns(users, items, us, is, null, null, null), 1);
        rows = "simd".equals(kernel) ? new SimdRowProducts() : RowProducts.SCALAR;
        x = new float[graph.nodes * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 0.1f;
        }
        out = new float[x.length];
    }

    @Benchmark
    public float[] multiply() {
        rows.multiplyRows(graph.offsets, graph.cols, graph.vals, x, out, dim, 0, graph.nodes);
        return out;
    }
}
