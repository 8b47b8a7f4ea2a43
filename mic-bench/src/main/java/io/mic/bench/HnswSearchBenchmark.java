package io.mic.bench;

import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.HnswIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.spi.Vectors;
import java.util.Locale;
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
 * One HNSW top-10 search (the {@code hnsw} plugin's defaults: degree 32, beam 100, ef) over
 * {@code rows x 64} clustered unit vectors. Setup builds the graph (its wall time, the heap it took
 * and the recall@10 of this ef against exact search over the query set are printed and written to
 * {@code hnsw-<rows>-ef<ef>.json} under {@code MIC_BENCH_OUT}). The full recall/QPS curve against
 * hnswlib and faiss comes from {@link AnnSweep}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class HnswSearchBenchmark {

    @Param({"100000"})
    public int rows;

    @Param({"64"})
    public int dim;

    @Param({"40"})
    public int ef;

    @Param({"2"})
    public int buildThreads;

    private static final int QUERIES = 200;

    private HnswIndex index;
    private float[] queries;
    private final int[] ids = new int[AnnSweep.K];
    private final float[] scores = new float[AnnSweep.K];
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        int clusters = Math.max(10, rows / 1000);
        float[] data = BenchData.clustered(rows, dim, clusters, 1.0, 42);
        queries = BenchData.clustered(QUERIES, dim, clusters, 1.0, 43);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        index = new HnswIndex(new HnswIndex.Params(Similarity.INNER_PRODUCT, 32, 100, ef, 1.2f, 1.2f, true, true, buildThreads));
        index.build(Vectors.of(data, dim));
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long heapMb = (rt.totalMemory() - rt.freeMemory() - before) >> 20;
        ExactIndex exact = new ExactIndex(Similarity.INNER_PRODUCT, 1, 256);
        exact.build(Vectors.of(data, dim));
        int[] truth = new int[AnnSweep.K];
        int hits = 0;
        for (int q = 0; q < QUERIES; q++) {
            exact.search(queries, q * dim, AnnSweep.K, truth, scores);
            index.search(queries, q * dim, AnnSweep.K, ids, scores);
            hits += AnnSweep.overlap(ids, truth, 0);
        }
        double recall = hits / (double) (QUERIES * AnnSweep.K);
        String json = String.format(Locale.ROOT, "{\"rows\": %d, \"dim\": %d, \"ef\": %d, \"recall\": %.4f, \"build_seconds\": %.2f, "
                + "\"build_threads\": %d, \"heap_mb\": %d}%n", rows, dim, ef, recall, buildSeconds, buildThreads, heapMb);
        System.err.print("# hnsw " + json);
        BenchData.writeSide("hnsw-" + rows + "-ef" + ef + ".json", json);
    }

    @Benchmark
    public void search(Blackhole bh) {
        int q = next;
        next = (q + 1) % QUERIES;
        bh.consume(index.search(queries, q * dim, AnnSweep.K, ids, scores));
        bh.consume(ids[0]);
    }
}
