package io.mic.retrieval.index;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Side-by-side measurement of three Java HNSW implementations on clustered unit vectors, against
 * {@link ExactIndex} as ground truth: build time, heap growth, and recall@10 / single-thread QPS
 * over a sweep of the search beam (ef). Same graph budget for all: 32 neighbours per node on the
 * base layer (hnswlib and Lucene {@code M = 16}, jvector {@code degree = 32}), construction beam 100.
 *
 * <p>The machine may be shared with other work, so besides wall-clock figures it reports QPS per
 * CPU-second of the searching thread and build CPU seconds of the whole process, which contention
 * does not inflate.
 *
 * <p>Run with {@code mic-retrieval/ann-comparison.sh [n] [dim] [queries] [clusters] [buildThreads]};
 * prints a Markdown table (docs/ann-comparison.md quotes it).
 */
public final class AnnComparison {
    private static final int K = 10;
    private static final int[] EFS = {10, 20, 40, 80, 160};
    private static final int M = 16;
    private static final int BEAM = 100;

    private AnnComparison() {
    }

    interface Ann {
        String name();

        void setEf(int ef);

        /** Top-10 ids of query row {@code q} into {@code out}. */
        void search(float[] queries, int q, int dim, int[] out);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int nq = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int clusters = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int buildThreads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        String only = args.length > 5 ? args[5] : "all";
        // one draw, so queries come from the same clusters as the data but are not in it
        float[] all = ClusteredData.generate(n + nq, dim, clusters, 1.0, 42);
        float[] data = java.util.Arrays.copyOf(all, n * dim);
        float[] qs = java.util.Arrays.copyOfRange(all, n * dim, (n + nq) * dim);
        all = null;
        Vectors vectors = Vectors.of(data, dim);

        System.out.printf(Locale.ROOT, "# %d x %d, %d clusters, %d queries, k=%d, build threads %d, Java %s%n", n, dim, clusters,
                nq, K, buildThreads, System.getProperty("java.version"));
        ExactIndex exact = new ExactIndex(Similarity.INNER_PRODUCT, 1, 256);
        exact.build(vectors);
        int[][] truth = new int[nq][K];
        float[] sc = new float[K];
        long t0 = System.nanoTime();
        long tc0 = THREADS.getCurrentThreadCpuTime();
        for (int q = 0; q < nq; q++) {
            exact.search(qs, q * dim, K, truth[q], sc);
        }
        double exactQps = nq / ((System.nanoTime() - t0) / 1e9);
        double exactCpuQps = nq / ((THREADS.getCurrentThreadCpuTime() - tc0) / 1e9);
        System.out.printf(Locale.ROOT, "exact: %.0f QPS wall, %.0f QPS per CPU-second (1 thread)%n%n", exactQps, exactCpuQps);
        System.out.println("| library | build wall s | build CPU s | heap MB | ef | recall@10 | QPS (wall) | QPS (CPU) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String lib : new String[] {"jvector", "lucene", "hnswlib"}) {
            if (!only.equals("all") && !only.equals(lib)) {
                continue;
            }
            long before = usedHeap();
            long b0 = System.nanoTime();
            long c0 = processCpuNanos();
            Ann ann = switch (lib) {
                case "jvector" -> jvector(vectors, buildThreads);
                case "lucene" -> lucene(data, n, dim);
                default -> hnswlib(data, n, dim, buildThreads);
            };
            double buildS = (System.nanoTime() - b0) / 1e9;
            double buildCpu = (processCpuNanos() - c0) / 1e9;
            double heapMb = (usedHeap() - before) / 1048576.0;
            for (int ef : EFS) {
                ann.setEf(ef);
                int[] got = new int[K];
                // warm-up pass, then timed passes for at least one second
                for (int q = 0; q < nq; q++) {
                    ann.search(qs, q, dim, got);
                }
                long hits = 0;
                long searches = 0;
                long s0 = System.nanoTime();
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                do {
                    for (int q = 0; q < nq; q++) {
                        java.util.Arrays.fill(got, -1);
                        ann.search(qs, q, dim, got);
                        if (searches < nq) {
                            hits += overlap(truth[q], got);
                        }
                        searches++;
                    }
                } while (System.nanoTime() - s0 < 2_000_000_000L);
                double qps = searches / ((System.nanoTime() - s0) / 1e9);
                double cpuQps = searches / ((THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9);
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %d | %.3f | %.0f | %.0f |%n", ann.name(), buildS, buildCpu,
                        heapMb, ef, hits / (double) (nq * K), qps, cpuQps);
            }
            ann = null;
        }
    }

    static Ann jvector(Vectors vectors, int threads) {
        HnswIndex base = new HnswIndex(new HnswIndex.Params(Similarity.INNER_PRODUCT, 2 * M, BEAM, EFS[0], 1.2f, 1.2f, true,
                !Boolean.getBoolean("ann.norefine"), threads));
        base.build(vectors);
        return new Ann() {
            final int[] ids = new int[K];
            final float[] scores = new float[K];
            HnswIndex view = base;

            @Override
            public String name() {
                return Boolean.getBoolean("ann.norefine") ? "jvector 4.0.2 (no refine)" : "jvector 4.0.2";
            }

            @Override
            public void setEf(int ef) {
                view = base.withEf(ef);
            }

            @Override
            public void search(float[] queries, int q, int dim, int[] out) {
                int n = view.search(queries, q * dim, K, ids, scores);
                System.arraycopy(ids, 0, out, 0, n);
            }
        };
    }

    static Ann lucene(float[] data, int n, int dim) throws IOException {
        List<float[]> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            float[] row = new float[dim];
            System.arraycopy(data, r * dim, row, 0, dim);
            rows.add(row);
        }
        RandomAccessVectorValues.Floats ravv = RandomAccessVectorValues.fromFloats(rows, dim);
        FlatVectorsScorer scorer = FlatVectorScorerUtil.getLucene99FlatVectorsScorer();
        RandomVectorScorerSupplier sup = scorer.getRandomVectorScorerSupplier(VectorSimilarityFunction.DOT_PRODUCT, ravv);
        HnswGraphBuilder builder = HnswGraphBuilder.create(sup, M, BEAM, 42);
        OnHeapHnswGraph graph = builder.build(n);
        return new Ann() {
            int ef = EFS[0];
            final float[] q = new float[dim];

            @Override
            public String name() {
                return "lucene 9.12.3";
            }

            @Override
            public void setEf(int e) {
                ef = e;
            }

            @Override
            public void search(float[] queries, int qi, int d, int[] out) {
                try {
                    System.arraycopy(queries, qi * d, q, 0, d);
                    RandomVectorScorer rs = scorer.getRandomVectorScorer(VectorSimilarityFunction.DOT_PRODUCT, ravv, q);
                    KnnCollector c = HnswGraphSearcher.search(rs, Math.max(K, ef), graph, null, Integer.MAX_VALUE);
                    ScoreDoc[] docs = c.topDocs().scoreDocs;
                    for (int i = 0; i < Math.min(K, docs.length); i++) {
                        out[i] = docs[i].doc;
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    record Row(Integer id, float[] vector) implements Item<Integer, float[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    static Ann hnswlib(float[] data, int n, int dim, int threads) throws InterruptedException {
        com.github.jelmerk.hnswlib.core.hnsw.HnswIndex<Integer, float[], Row, Float> index =
                com.github.jelmerk.hnswlib.core.hnsw.HnswIndex.newBuilder(dim, DistanceFunctions.FLOAT_INNER_PRODUCT, n)
                        .withM(M).withEfConstruction(BEAM).withEf(EFS[0]).build();
        List<Row> items = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            float[] row = new float[dim];
            System.arraycopy(data, r * dim, row, 0, dim);
            items.add(new Row(r, row));
        }
        if (threads == 1) {
            for (Row it : items) {
                index.add(it);
            }
        } else {
            index.addAll(items, threads, (done, max) -> { }, Integer.MAX_VALUE);
        }
        return new Ann() {
            final float[] q = new float[dim];

            @Override
            public String name() {
                return "hnswlib-core 1.2.1";
            }

            @Override
            public void setEf(int ef) {
                index.setEf(ef);
            }

            @Override
            public void search(float[] queries, int qi, int d, int[] out) {
                System.arraycopy(queries, qi * d, q, 0, d);
                List<SearchResult<Row, Float>> res = index.findNearest(q, K);
                for (int i = 0; i < Math.min(K, res.size()); i++) {
                    out[i] = res.get(i).item().id();
                }
            }
        };
    }

    static int overlap(int[] truth, int[] got) {
        int c = 0;
        for (int t : truth) {
            for (int g : got) {
                if (t == g) {
                    c++;
                    break;
                }
            }
        }
        return c;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of the whole process (all threads, GC and JIT included). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
