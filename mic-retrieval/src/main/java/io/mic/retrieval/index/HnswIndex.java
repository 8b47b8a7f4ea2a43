package io.mic.retrieval.index;

import io.github.jbellis.jvector.disk.ReaderSupplierFactory;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.ArrayVectorFloat;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.mic.core.io.AtomicFiles;
import io.mic.core.spi.VectorIndex;
import io.mic.core.spi.Vectors;
import io.mic.retrieval.proto.IndexManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Approximate top-k over an HNSW graph built by <a href="https://github.com/jbellis/jvector">jvector</a>
 * (chosen over Lucene's HNSW and hnswlib-java by measurement, see docs/ann-comparison.md).
 *
 * <p>The graph finds candidates; the returned scores are then recomputed exactly (inner product, or
 * cosine over normalised vectors) so they are comparable with {@link ExactIndex}'s.
 *
 * <p>Threading: {@link #build} once (it uses {@code buildThreads} threads of a private pool), then
 * {@link #search} from any number of threads; each thread keeps its own graph searcher and query
 * vector. A search allocates the library's result objects (a few per call).
 *
 * <p>Memory: one {@code float[dim]} per row (a copy of the input, normalised for cosine) plus the
 * graph (about {@code 4 * degree} bytes per row on the base layer). A loaded index memory-maps the
 * graph file and reads the vectors onto the heap.
 */
public final class HnswIndex implements VectorIndex {
    static final String NAME = "hnsw";
    static final int FORMAT = 1;
    static final String GRAPH = "graph.jvector";
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

    /** Build and search parameters. */
    public record Params(Metric metric, int degree, int beamWidth, int ef, float alpha, float overflow, boolean hierarchy,
            boolean refine, int buildThreads) {
        public Params {
            if (degree < 2 || beamWidth < 1 || ef < 1 || buildThreads < 1 || alpha < 1f || overflow < 1f) {
                throw new IllegalArgumentException("bad hnsw parameters " + degree + "/" + beamWidth + "/" + ef + "/" + buildThreads);
            }
        }

        Map<String, String> asMap() {
            return Map.of("degree", Integer.toString(degree), "beam-width", Integer.toString(beamWidth), "ef",
                    Integer.toString(ef), "alpha", Float.toString(alpha), "overflow", Float.toString(overflow), "hierarchy",
                    Boolean.toString(hierarchy), "refine", Boolean.toString(refine));
        }
    }

    private final Params params;
    private final ThreadLocal<Searcher> searchers = ThreadLocal.withInitial(this::newSearcher);
    private volatile State state;

    public HnswIndex(Params params) {
        this.params = params;
    }

    /**
     * A view of this built index searching with beam {@code ef}: shares the graph and vectors (no
     * copy), so tuning ef per caller costs nothing. Rebuilding either does not affect the other.
     */
    public HnswIndex withEf(int ef) {
        Params p = params;
        HnswIndex v = new HnswIndex(new Params(p.metric(), p.degree(), p.beamWidth(), ef, p.alpha(), p.overflow(), p.hierarchy(),
                p.refine(), p.buildThreads()));
        v.state = checkBuilt();
        return v;
    }

    public Params params() {
        return params;
    }

    /** What a built or loaded index searches: row vectors, the graph, and the file a loaded graph lives in. */
    private record State(float[][] rows, RandomAccessVectorValues ravv, ImmutableGraphIndex graph, int dim) {
    }

    @Override
    public void build(Vectors vectors) {
        int n = vectors.rows();
        int dim = vectors.dim();
        float[][] rows = new float[n][];
        List<VectorFloat<?>> list = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            float[] row = new float[dim];
            if (params.metric() == Metric.COSINE) {
                VectorMath.normalizeInto(vectors.values(), r * dim, row, 0, dim);
            } else {
                System.arraycopy(vectors.values(), r * dim, row, 0, dim);
            }
            rows[r] = row;
            list.add(VTS.createFloatVector(row));
        }
        RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(list, dim);
        ImmutableGraphIndex graph = n == 0 ? null : buildGraph(ravv, dim);
        this.state = new State(rows, ravv, graph, dim);
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
        return s == null ? 0 : s.rows.length;
    }

    @Override
    public int dim() {
        State s = state;
        return s == null ? 0 : s.dim;
    }

    /** Heap bytes of the graph (not counting vectors), as the library estimates them. */
    public long graphBytes() {
        State s = checkBuilt();
        return s.graph == null ? 0 : s.graph.ramBytesUsed();
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
        int kk = Math.min(k, st.rows.length);
        if (kk == 0) {
            return 0;
        }
        Searcher s = searchers.get();
        if (s.state != st) {
            s.reset(st);
        }
        float[] q = s.q;
        if (params.metric() == Metric.COSINE) {
            VectorMath.normalizeInto(query, offset, q, 0, dim);
        } else {
            System.arraycopy(query, offset, q, 0, dim);
        }
        if (!s.shared) {
            for (int i = 0; i < dim; i++) {
                s.query.set(i, q[i]);
            }
        }
        SearchResult r = s.searcher.search(DefaultSearchScoreProvider.exact(s.query, VectorSimilarityFunction.DOT_PRODUCT, st.ravv),
                kk, Math.max(kk, params.ef()), 0f, 0f, Bits.ALL);
        SearchResult.NodeScore[] nodes = r.getNodes();
        s.top.reset(kk);
        if (nodes.length < kk) {
            // The graph walk reached fewer than k nodes (tiny or poorly connected graphs, k near
            // the size): a scan is what was asked for, and it is at most a few times the output.
            for (int node = 0; node < st.rows.length; node++) {
                s.top.offer(node, VectorMath.dot(st.rows[node], 0, q, 0, dim));
            }
        } else {
            for (SearchResult.NodeScore ns : nodes) {
                s.top.offer(ns.node, VectorMath.dot(st.rows[ns.node], 0, q, 0, dim));
            }
        }
        return s.top.drainDescending(outIds, outScores, 0);
    }

    private State checkBuilt() {
        State s = state;
        if (s == null) {
            throw new IllegalStateException("hnsw index searched before build()");
        }
        return s;
    }

    private Searcher newSearcher() {
        Searcher s = new Searcher();
        s.reset(checkBuilt());
        return s;
    }

    /**
     * Writes {@code vectors.f32}, the graph ({@code graph.jvector}, jvector's on-disk format) and
     * {@code index.pb} under {@code dir}: each file to a temporary name, then renamed atomically,
     * manifest last.
     */
    @Override
    public void save(Path dir) throws IOException {
        State st = checkBuilt();
        Files.createDirectories(dir);
        Path graphFile = dir.resolve(GRAPH);
        Path tmp = Files.createTempFile(dir, "." + GRAPH + ".", ".tmp");
        try {
            if (st.graph != null) {
                OnDiskGraphIndex.write(st.graph, st.ravv, tmp);
            }
            AtomicFiles.move(tmp, graphFile);
        } finally {
            Files.deleteIfExists(tmp);
        }
        float[] flat = new float[st.rows.length * st.dim];
        for (int r = 0; r < st.rows.length; r++) {
            System.arraycopy(st.rows[r], 0, flat, r * st.dim, st.dim);
        }
        IndexFiles.saveVectors(dir, NAME, FORMAT, params.metric(), flat, st.rows.length, st.dim, params.asMap(), graphFile);
    }

    /**
     * Loads an index written by {@link #save}, verifying every checksum first. The graph file stays
     * memory-mapped for the life of the process; vectors are read onto the heap. Search parameters
     * ({@code ef}) come from {@code params}, build parameters from the saved manifest.
     *
     * @throws IOException naming a missing or corrupt file, or a file of another plugin
     */
    public static HnswIndex load(Path dir, Params params) throws IOException {
        IndexFiles.Loaded l = IndexFiles.loadVectors(dir, NAME, FORMAT);
        IndexManifest m = l.manifest();
        Params p = new Params(l.metric(), Integer.parseInt(m.getParamOrDefault("degree", Integer.toString(params.degree()))),
                Integer.parseInt(m.getParamOrDefault("beam-width", Integer.toString(params.beamWidth()))), params.ef(),
                params.alpha(), params.overflow(), params.hierarchy(), params.refine(), params.buildThreads());
        HnswIndex idx = new HnswIndex(p);
        int n = l.rows();
        int dim = l.dim();
        float[][] rows = new float[n][];
        List<VectorFloat<?>> list = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            float[] row = new float[dim];
            System.arraycopy(l.values(), r * dim, row, 0, dim);
            rows[r] = row;
            list.add(VTS.createFloatVector(row));
        }
        ImmutableGraphIndex graph = null;
        if (n > 0) {
            Path graphFile = dir.resolve(GRAPH);
            try {
                graph = OnDiskGraphIndex.load(ReaderSupplierFactory.open(graphFile));
            } catch (RuntimeException e) {
                throw new IOException(graphFile + ": not a readable jvector graph", e);
            }
            if (graph.size(0) != n) {
                throw new IOException(graphFile + ": graph has " + graph.size(0) + " nodes, vectors.f32 has " + n + " rows");
            }
        }
        idx.state = new State(rows, new ListRandomAccessVectorValues(list, dim), graph, dim);
        return idx;
    }

    /** One thread's search state; rebuilt when the index is rebuilt. */
    private static final class Searcher {
        State state;
        GraphSearcher searcher;
        float[] q;
        VectorFloat<?> query;
        // whether the library's vector wraps q itself (true for the array-backed provider on Java 17)
        boolean shared;
        final TopK top = new TopK(64);

        void reset(State st) {
            if (searcher != null) {
                try {
                    searcher.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            state = st;
            searcher = st.graph == null ? null : new GraphSearcher(st.graph);
            q = new float[st.dim];
            query = VTS.createFloatVector(q);
            shared = query instanceof ArrayVectorFloat a && a.get() == q;
        }
    }
}
