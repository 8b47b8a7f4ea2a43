package io.mic.bench;

import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.HnswIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HNSW recall/QPS sweep, run once per report with the same protocol as the Python peers
 * (peers/ann_peers.py): seeded clustered unit vectors and queries, written to {@code work} so the
 * peers read the very same floats, exact ground truth (written too), one graph build with
 * {@code buildThreads} threads (wall and CPU time, heap growth recorded), then the ef sweep on that one
 * graph once per inner-product kernel this JVM can run ({@link HnswIndex#innerProducts()}: scalar, and the
 * Vector API one when started with {@code --add-modules jdk.incubator.vector}); each point a warm-up
 * pass over all queries (recall@10) and a timed single-thread loop of at least {@code minSeconds} (QPS),
 * the kernels back to back at each ef. Writes {@code ann-mic.json}: the scalar sweep in {@code points}
 * (the fields every earlier report read), the SIMD sweep of the same graph, when there is one, in the
 * object {@code simd} ({@code library}, {@code inner_product}, {@code same_graph}, {@code points}).
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

        // One graph, searched with every inner product this JVM can run: scalar, and the Vector API one
        // when it resolved jdk.incubator.vector, so the two rows differ by the kernel only.
        List<String> kernels = HnswIndex.innerProducts();
        // Warm-up with every kernel, in turn, for at least minSeconds each before timing any: the JIT has then
        // seen all of them at the walk's call site (it recompiles the walk when the second one arrives) and
        // settled, so each kernel's timing runs the same compiled walk, not the first one's monomorphic code
        // against the second's recompiled one.
        int warmEf = Integer.parseInt(efs[efs.length / 2].trim());
        for (int round = 0; round < 2; round++) {
            for (String kernel : kernels) {
                measure(index.withInnerProduct(kernel).withEf(warmEf), queries, nq, dim, truth, minSeconds / 2);
            }
        }
        Map<String, List<String>> points = new LinkedHashMap<>();
        kernels.forEach(k -> points.put(k, new ArrayList<>()));
        for (int e = 0; e < efs.length; e++) {
            int ef = Integer.parseInt(efs[e].trim());
            // the kernels back to back at each ef, their order alternating with ef, so a change in the
            // machine's load during the sweep falls on both rows alike
            for (int j = 0; j < kernels.size(); j++) {
                String kernel = kernels.get(e % 2 == 0 ? j : kernels.size() - 1 - j);
                HnswIndex view = index.withInnerProduct(kernel).withEf(ef);
                double[] rq = measure(view, queries, nq, dim, truth, minSeconds);
                log("ef %d, %s: recall@10 %.4f, %.0f QPS", ef, kernel, rq[0], rq[1]);
                points.get(kernel).add(String.format(Locale.ROOT, "{\"ef\": %d, \"recall\": %.5f, \"qps\": %.1f}", ef, rq[0], rq[1]));
            }
        }
        String graph = builder == HnswIndex.Builder.MIC ? "mic" : "jvector 4.0.2";
        // "points" (and "library") are the scalar kernel's sweep, as in every earlier report; the Vector API
        // sweep on the same graph, when this JVM could run it, is the object "simd"
        StringBuilder simd = new StringBuilder();
        for (String kernel : kernels.subList(1, kernels.size())) {
            simd.append(String.format(Locale.ROOT, ", \"simd\": {\"library\": \"%s\", \"inner_product\": \"%s\", \"same_graph\": true, "
                    + "\"points\": [%s]}", library(graph, kernel), kernel, String.join(", ", points.get(kernel))));
        }
        String json = String.format(Locale.ROOT,
                "{\"library\": \"%s\", \"inner_product\": \"%s\", \"n\": %d, \"dim\": %d, \"queries\": %d, \"k\": %d, "
                        + "\"params\": \"%s\", \"build_threads\": %d, "
                        + "\"search_threads\": 1, \"build_seconds\": %.2f, \"build_cpu_seconds\": %.2f, \"memory_mb\": %d, \"exact_qps\": %.1f, "
                        + "\"points\": [%s]%s}%n",
                library(graph, kernels.get(0)), kernels.get(0), n, dim,
                nq, K, builder == HnswIndex.Builder.MIC ? "M 16 (degree 32), efConstruction 100" : "degree 32, beam-width 100, alpha 1.2, hierarchy, refine",
                buildThreads, buildSeconds, buildCpuSeconds, heapMb, exactQps, String.join(", ", points.get(kernels.get(0))), simd);
        Files.createDirectories(outJson.toAbsolutePath().getParent());
        Files.writeString(outJson, json);
    }

    private static String library(String graph, String kernel) {
        return String.format(Locale.ROOT, "mic hnsw (%s graph, Java %d, %s)", graph, Runtime.version().feature(), kernel);
    }

    /**
     * One sweep point: recall@10 over all queries (also the warm-up pass), then QPS of a single-thread
     * loop over all queries repeated for at least {@code minSeconds}. Returns {recall, qps}.
     */
    private static double[] measure(HnswIndex view, float[] queries, int nq, int dim, int[] truth, double minSeconds) {
        int[] ids = new int[K];
        float[] scores = new float[K];
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
        return new double[] {recall, qps};
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
