package io.mic.bench;

import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.spi.Vectors;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Exact (brute-force) top-k by inner product over {@code rows x dim} item vectors, one query per
 * call, with the search split over {@code threads} threads ({@link ExactIndex}'s own pool). The
 * bound to compare with is {@link ScanBoundBenchmark} over the same matrix shape: a search cannot
 * be faster than reading every vector once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class ExactTopKBenchmark {

    @Param({"100000", "1000000"})
    public int rows;

    @Param({"64"})
    public int dim;

    @Param({"10", "100"})
    public int k;

    @Param({"1", "2"})
    public int threads;

    private static final int QUERIES = 64;

    private ExactIndex index;
    private float[] queries;
    private int[] ids;
    private float[] scores;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        float[] data = BenchData.clustered(rows, dim, 1000, 1.0, 42);
        index = new ExactIndex(Similarity.INNER_PRODUCT, threads, 256);
        index.build(Vectors.of(data, dim));
        queries = BenchData.clustered(QUERIES, dim, 1000, 1.0, 43);
        ids = new int[k];
        scores = new float[k];
    }

    @Benchmark
    public void search(Blackhole bh) {
        int q = next;
        next = (q + 1) % QUERIES;
        bh.consume(index.search(queries, q * dim, k, ids, scores));
        bh.consume(ids[0]);
    }
}
