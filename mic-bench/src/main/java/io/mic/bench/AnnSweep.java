package io.mic.bench;

import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.HnswIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HNSW recall/QPS sweep, run once per report with the same protocol as the Python peers
 * (peers/ann_peers.py): seeded clustered unit vectors and queries, written to {@code work} so the
 * peers read the very same floats, exact ground truth (written too), one graph build with
 * {@code buildThreads} threads (wall time and heap growth recorded), then for each ef a warm-up pass
 * over all queries and a timed single-thread loop of at least {@code minSeconds}: recall@10 and QPS.
 * Writes {@code ann-mic.json}.
 *
 * <p>Usage: {@code AnnSweep n dim queries buildThreads minSeconds workDir outJson [ef,ef,...] [mic|jvector]}
 * (the last: which graph builder, {@code mic} by default; {@code jvector} is the previous one).
 * Data and queries are seeded, so runs with either builder write the very same files.
 */
public final class AnnSweep {
    static final int K = 10;
    static final String DEFAULT_EFS = "10,16,24,28,32,36,40,44,48,56,64,80,96,128,160,200,256";

    private AnnSweep() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 7) {
            throw new IllegalArgumentException("usage: AnnSweep n dim queries buildThreads minSeconds workDir outJson [efs]");
        }
        int n = Integer.parseInt(args[0]);
        int dim = Integer.parseInt(args[1]);
        int nq = Integer.parseInt(args[2]);
        int buildThreads = Integer.parseInt(args[3]);
        double minSeconds = Double.parseDouble(args[4]);
        Path work = Path.of(args[5]);
        Path outJson = Path.of(args[6]);
        String[] efs = (args.length > 7 ? args[7] : DEFAULT_EFS).split(",");
        HnswIndex.Builder builder = HnswIndex.Builder.of(args.length > 8 ? args[8] : "mic");
        Files.createDirectories(work);

        int clusters = Math.max(10, n / 1000);
        float[] data = BenchData.clustered(n, dim, clusters, 1.0, 42);
        float[] queries = BenchData.clustered(nq, dim, clusters, 1.0, 43);
        BenchData.writeF32(work.resolve("data.f32"), data, n, dim);
        BenchData.writeF32(work.resolve("queries.f32"), queries, nq, dim);

        ExactIndex exact = new ExactIndex(Similarity.INNER_PRODUCT, Math.max(1, buildThreads), 256);
        exact.build(Vectors.of(data, dim));
        int[] truth = new int[nq * K];
        int[] ids = new int[K];
        float[] scores = new float[K];
        long t0 = System.nanoTime();
        for (int q = 0; q < nq; q++) {
            exact.search(queries, q * dim, K, ids, scores);
            System.arraycopy(ids, 0, truth, q * K, K);
        }
        double exactQps = nq / ((System.nanoTime() - t0) / 1e9);
        BenchData.writeI32(work.resolve("truth.i32"), truth, nq, K);
        log("data %d x %d, %d queries, ground truth at %.0f QPS (%d threads)", n, dim, nq, exactQps, buildThreads);

        long heapBefore = usedHeapAfterGc();
        HnswIndex index = new HnswIndex(new HnswIndex.Params(Similarity.INNER_PRODUCT, 32, 100, 40, 1.2f, 1.2f, true, true, buildThreads,
                builder));
        long b0 = System.nanoTime();
        long c0 = processCpuNanos();
        index.build(Vectors.of(data, dim));
        double buildSeconds = (System.nanoTime() - b0) / 1e9;
        double buildCpuSeconds = (processCpuNanos() - c0) / 1e9;
        long heapMb = (usedHeapAfterGc() - heapBefore) >> 20;
        log("%s build %.1f s (%.1f CPU s, %d threads), heap +%d MB, graph %d MB", builder.label(), buildSeconds, buildCpuSeconds,
                buildThreads, heapMb,
                index.graphBytes() >> 20);

        List<String> points = new ArrayList<>();
        for (String e : efs) {
            int ef = Integer.parseInt(e.trim());
            HnswIndex view = index.withEf(ef);
            int hits = 0;
            for (int q = 0; q < nq; q++) {
                view.search(queries, q * dim, K, ids, scores);
                hits += overlap(ids, truth, q * K);
            }
            double recall = hits / (double) (nq * K);
            long searches = 0;
            long s0 = System.nanoTime();
            long deadline = s0 + (long) (minSeconds * 1e9);
            do {
                for (int q = 0; q < nq; q++) {
                    view.search(queries, q * dim, K, ids, scores);
                }
                searches += nq;
            } while (System.nanoTime() < deadline);
            double qps = searches / ((System.nanoTime() - s0) / 1e9);
            log("ef %d: recall@10 %.4f, %.0f QPS", ef, recall, qps);
            points.add(String.format(Locale.ROOT, "{\"ef\": %d, \"recall\": %.5f, \"qps\": %.1f}", ef, recall, qps));
        }
        String json = String.format(Locale.ROOT,
                "{\"library\": \"mic hnsw (%s graph, Java %d, %s)\", \"n\": %d, \"dim\": %d, \"queries\": %d, \"k\": %d, "
                        + "\"params\": \"%s\", \"build_threads\": %d, "
                        + "\"search_threads\": 1, \"build_seconds\": %.2f, \"build_cpu_seconds\": %.2f, \"memory_mb\": %d, \"exact_qps\": %.1f, \"points\": [%s]}%n",
                builder == HnswIndex.Builder.MIC ? "mic" : "jvector 4.0.2", Runtime.version().feature(), HnswIndex.innerProduct(), n, dim,
                nq, K, builder == HnswIndex.Builder.MIC ? "M 16 (degree 32), efConstruction 100" : "degree 32, beam-width 100, alpha 1.2, hierarchy, refine",
                buildThreads, buildSeconds, buildCpuSeconds, heapMb, exactQps, String.join(", ", points));
        Files.createDirectories(outJson.toAbsolutePath().getParent());
        Files.writeString(outJson, json);
    }

    static int overlap(int[] ids, int[] truth, int from) {
        int hits = 0;
        for (int i = 0; i < K; i++) {
            for (int j = 0; j < K; j++) {
                if (ids[i] == truth[from + j]) {
                    hits++;
                    break;
                }
            }
        }
        return hits;
    }

    /** CPU time of the whole process (all threads): unlike wall time, not inflated by other processes on a shared machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    // the bench tool's own progress output, like JMH's
    @SuppressWarnings("java:S106")
    private static void log(String fmt, Object... args) {
        System.err.printf(Locale.ROOT, "# ann-sweep: " + fmt + "%n", args);
    }
}
