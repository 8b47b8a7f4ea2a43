package io.mic.retrieval.index;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.mic.core.util.TopK;
import io.mic.retrieval.proto.IndexManifest;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Approximate top-k over an HNSW graph built by {@link HnswBuilder} (hnswlib's algorithm on flat
 * arrays; ~5× faster than jvector's builder at equal recall, docs/performance.md) or, with
 * {@code builder = jvector}, by <a href="https://github.com/jbellis/jvector">jvector</a> (chosen over
 * Lucene's HNSW and hnswlib-java by measurement, see docs/ann-comparison.md), and
 * searched by {@link HnswGraph}, a flat-array copy of that graph with an allocation-free beam search
 * (jvector's own searcher was 3× slower than hnswlib on Java 17; docs/performance.md).
 *
 * <p>The graph finds candidates; the returned scores are then recomputed exactly (inner product, or
 * cosine over normalised vectors, summed in {@link VectorMath#dot}'s order) so they are
 * bit-identical to {@link ExactIndex}'s.
 *
 * <p>Threading: {@link #build} once (it uses {@code buildThreads} threads of a private pool), then
 * {@link #search} from any number of threads; each thread keeps its own scratch (visited stamps of
 * {@code 4 * size} bytes, heaps, query copy), so a search allocates nothing.
 *
 * <p>Memory: the vectors as one row-major {@code float[]} (a copy of the input, normalised for
 * cosine) plus the graph ({@code 4 * degree} bytes per row on the base layer, a few percent more for
 * the upper layers). Saved as {@code vectors.f32}, {@code graph.bin} (this project's layout, read
 * back onto the heap) and {@code index.pb}.
 */
public final class HnswIndex implements VectorIndex {
    static final String NAME = "hnsw";
    /** 1 was jvector's on-disk graph ({@code graph.jvector}); 2 is {@link HnswGraph}'s {@code graph.bin}. */
    static final int FORMAT = 2;
    static final String GRAPH = "graph.bin";
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

    /**
     * Who builds the graph: {@link #MIC} ({@link HnswBuilder}, hnswlib's algorithm on flat arrays; the
     * default) or {@link #JVECTOR} (jvector's builder, the previous default, kept for comparison;
     * {@code alpha}, {@code overflow}, {@code hierarchy} and {@code refine} apply to it only).
     */
    public enum Builder {
        MIC, JVECTOR;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The builder called {@code label} ({@code mic} or {@code jvector}). */
        public static Builder of(String label) {
            for (Builder b : values()) {
                if (b.label().equals(label)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("unknown hnsw builder '" + label + "' (mic, jvector)");
        }
    }

    /** Build and search parameters. */
    public record Params(Similarity metric, int degree, int beamWidth, int ef, float alpha, float overflow, boolean hierarchy,
            boolean refine, int buildThreads, Builder builder) {
        public Params {
            if (degree < 2 || beamWidth < 1 || ef < 1 || buildThreads < 1 || alpha < 1f || overflow < 1f) {
                throw new IllegalArgumentException("bad hnsw parameters " + degree + "/" + beamWidth + "/" + ef + "/" + buildThreads);
            }
            java.util.Objects.requireNonNull(builder, "builder");
        }

        /** Parameters with the default builder ({@link Builder#MIC}). */
        public Params(Similarity metric, int degree, int beamWidth, int ef, float alpha, float overflow, boolean hierarchy,
                boolean refine, int buildThreads) {
            this(metric, degree, beamWidth, ef, alpha, overflow, hierarchy, refine, buildThreads, Builder.MIC);
        }

        /** The same with search beam {@code ef}. */
        public Params withEf(int ef) {
            return new Params(metric, degree, beamWidth, ef, alpha, overflow, hierarchy, refine, buildThreads, builder);
        }

        Map<String, String> asMap() {
            return Map.of("degree", Integer.toString(degree), "beam-width", Integer.toString(beamWidth), "ef",
                    Integer.toString(ef), "alpha", Float.toString(alpha), "overflow", Float.toString(overflow), "hierarchy",
                    Boolean.toString(hierarchy), "refine", Boolean.toString(refine), "builder", builder.label());
        }
    }

    /** Seed of the level draws of {@link HnswBuilder}: fixed, so a one-thread build is reproducible. */
    static final long LEVEL_SEED = 42L;

    private final Params params;
    /** What the graph walk ranks candidates with ({@link InnerProduct#best()} unless a view chose another). */
    private final InnerProduct ip;
    private final ThreadLocal<Searcher> searchers = ThreadLocal.withInitial(Searcher::new);
    private volatile State state;

    public HnswIndex(Params params) {
        this(params, InnerProduct.best());
    }

    private HnswIndex(Params params, InnerProduct ip) {
        this.params = params;
        this.ip = ip;
    }

    /**
     * A view of this built index searching with beam {@code ef}: shares the graph and vectors (no
     * copy), so tuning ef per caller costs nothing. Rebuilding either does not affect the other.
     */
    public HnswIndex withEf(int ef) {
        HnswIndex v = new HnswIndex(params.withEf(ef), ip);
        v.state = checkBuilt();
        return v;
    }

    /**
     * A view of this built index (shares graph and vectors, like {@link #withEf}) whose graph walk ranks
     * candidates with the inner product called {@code name}, one of {@link #innerProducts()}. For
     * benchmarks comparing the kernels on one graph; the returned ids and scores are computed as by every
     * index (exact scores, {@link VectorMath#dot}); the ids can differ only where the kernels' last-bit
     * differences change the walk.
     *
     * @throws IllegalArgumentException when this JVM cannot run that inner product
     */
    public HnswIndex withInnerProduct(String name) {
        for (InnerProduct p : InnerProduct.available()) {
            if (p.name().equals(name)) {
                HnswIndex v = new HnswIndex(params, p);
                v.state = checkBuilt();
                return v;
            }
        }
        throw new IllegalArgumentException("hnsw inner product '" + name + "' is not available in this JVM (available: "
                + innerProducts() + "; the SIMD one needs --add-modules jdk.incubator.vector)");
    }

    /** The name of the inner product this index's graph walk uses ({@link #innerProduct()} unless a view chose another). */
    public String innerProductName() {
        return ip.name();
    }

    /**
     * The inner products this JVM can search with: {@code scalar}, then {@code simd-<bits>} when it runs
     * with {@code --add-modules jdk.incubator.vector} (listed even under {@code -Dmic.simd=false}, which
     * only changes the default, {@link #innerProduct()}).
     */
    public static List<String> innerProducts() {
        return InnerProduct.available().stream().map(InnerProduct::name).toList();
    }

    /**
     * The inner product the graph walk uses by default in this JVM: {@code scalar}, or {@code simd-<bits>} when
     * it runs with {@code --add-modules jdk.incubator.vector} (about 1.5× the QPS at 64 dims).
     */
    public static String innerProduct() {
        return InnerProduct.best().name();
    }

    public Params params() {
        return params;
    }

    /** What a built or loaded index searches: vectors in the graph's node order, and the graph. */
    private record State(float[] values, int rows, int dim, HnswGraph graph) {
    }

    @Override
    public void build(Vectors vectors) {
        int n = vectors.rows();
        int dim = vectors.dim();
        // Both builders only read the rows and end with graph.toNodeOrder, which gives the index its own array, so
        // for inner product the caller's rows are read in place: one n x dim copy fewer at the build's peak (2.56 GB
        // at 10M x 64, where the 10M user index ran out of a 15 GB heap in toNodeOrder; docs/scale.md)
        float[] values = params.metric() == Similarity.COSINE ? VectorMath.normalizedRows(vectors.values(), n, dim)
                : n > 0 ? vectors.values() : new float[0];
        HnswGraph graph = null;
        if (n > 0 && params.builder() == Builder.MIC) {
            graph = HnswBuilder.build(values, n, dim, params.degree(), params.beamWidth(), params.buildThreads(), LEVEL_SEED);
            values = graph.toNodeOrder(values, dim);
        } else if (n > 0) {
            List<VectorFloat<?>> list = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                list.add(VTS.createFloatVector(java.util.Arrays.copyOfRange(values, r * dim, (r + 1) * dim)));
            }
            RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(list, dim);
            graph = HnswGraph.copyOf(buildGraph(ravv, dim), n);
            values = graph.toNodeOrder(values, dim);
        }
        this.state = new State(values, n, dim, graph);
    }

    // the non-deprecated GraphIndexBuilder.Builder cannot set hierarchy or the refinement pass
    @SuppressWarnings("deprecation")
    private ImmutableGraphIndex buildGraph(RandomAccessVectorValues ravv, int dim) {
        ForkJoinPool pool = new ForkJoinPool(params.buildThreads());
        try {
            BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv, VectorSimilarityFunction.DOT_PRODUCT);
            GraphIndexBuilder builder = new GraphIndexBuilder(bsp, dim, params.degree(), params.beamWidth(), params.overflow(),
                    params.alpha(), params.hierarchy(), params.refine(), pool, pool);
            return builder.build(ravv);
        } finally {
            pool.shutdown();
        }
    }

    @Override
    public int size() {
        State s = state;
        return s == null ? 0 : s.rows;
    }

    @Override
    public int dim() {
        State s = state;
        return s == null ? 0 : s.dim;
    }

    /** Heap bytes of the graph (not counting vectors). */
    public long graphBytes() {
        State s = checkBuilt();
        return s.graph == null ? 0 : s.graph.bytes();
    }

    @Override
    public int search(float[] query, int offset, int k, int[] outIds, float[] outScores) {
        State st = checkBuilt();
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int dim = st.dim;
        if (offset < 0 || offset + dim > query.length) {
            throw new IllegalArgumentException("query[" + offset + ".." + (offset + dim) + ") out of bounds " + query.length);
        }
        int kk = Math.min(k, st.rows);
        if (kk == 0) {
            return 0;
        }
        Searcher s = searchers.get();
        float[] q = s.query(dim);
        if (params.metric() == Similarity.COSINE) {
            VectorMath.normalizeInto(query, offset, q, 0, dim);
        } else {
            System.arraycopy(query, offset, q, 0, dim);
        }
        st.graph.search(st.values, dim, q, Math.max(kk, params.ef()), s.scratch, s.found, ip);
        s.top.reset(kk);
        if (s.found.size() < kk) {
            // The graph walk reached fewer than k nodes (tiny or poorly connected graphs, k near
            // the size): a scan is what was asked for, and it is at most a few times the output.
            for (int node = 0; node < st.rows; node++) {
                s.top.offer(st.graph.external(node), VectorMath.dot(st.values, node * dim, q, 0, dim));
            }
        } else {
            // rank order does not matter here: top re-ranks by the exact scores
            for (int i = 0, m = s.found.size(); i < m; i++) {
                int node = s.found.idAt(i);
                s.top.offer(st.graph.external(node), VectorMath.dot(st.values, node * dim, q, 0, dim));
            }
        }
        return s.top.drainBestFirst(outIds, outScores, 0);
    }

    private State checkBuilt() {
        State s = state;
        if (s == null) {
            throw new IllegalStateException("hnsw index searched before build()");
        }
        return s;
    }

    /**
     * Writes {@code vectors.f32}, the graph ({@code graph.bin}) and {@code index.pb} under
     * {@code dir}: each file to a temporary name, then renamed atomically, manifest last.
     */
    @Override
    public void save(Path dir) throws IOException {
        State st = checkBuilt();
        java.nio.file.Files.createDirectories(dir);
        Path graphFile = dir.resolve(GRAPH);
        HnswGraph g = st.graph != null ? st.graph : HnswGraph.empty();
        g.save(graphFile);
        float[] rows = st.graph != null ? st.graph.toRowOrder(st.values, st.dim) : st.values;
        IndexFiles.saveVectors(dir, NAME, FORMAT, params.metric(), rows, st.rows, st.dim, params.asMap(), graphFile);
    }

    /**
     * Loads an index written by {@link #save}, verifying every checksum first; vectors and graph are
     * read onto the heap. Search parameters ({@code ef}) come from {@code params}, build parameters
     * from the saved manifest.
     *
     * @throws IOException naming a missing or corrupt file, or a file of another plugin or format
     */
    public static HnswIndex load(Path dir, Params params) throws IOException {
        IndexFiles.Loaded l = IndexFiles.loadVectors(dir, NAME, FORMAT);
        IndexManifest m = l.manifest();
        Params p = new Params(l.metric(), Integer.parseInt(m.getParamOrDefault("degree", Integer.toString(params.degree()))),
                Integer.parseInt(m.getParamOrDefault("beam-width", Integer.toString(params.beamWidth()))), params.ef(),
                params.alpha(), params.overflow(), params.hierarchy(), params.refine(), params.buildThreads(),
                Builder.of(m.getParamOrDefault("builder", Builder.JVECTOR.label())));
        HnswIndex idx = new HnswIndex(p);
        int n = l.rows();
        HnswGraph graph = HnswGraph.load(dir.resolve(GRAPH), n);
        idx.state = n == 0 ? new State(l.values(), 0, l.dim(), null)
                : new State(graph.toNodeOrder(l.values(), l.dim()), n, l.dim(), graph);
        return idx;
    }

    /** One thread's search state, sized on first use. */
    private static final class Searcher {
        final HnswGraph.Scratch scratch = new HnswGraph.Scratch();
        final TopK found = new TopK(64);
        final TopK top = new TopK(64);
        float[] q = new float[0];

        float[] query(int dim) {
            if (q.length != dim) {
                q = new float[dim];
            }
            return q;
        }
    }
}
