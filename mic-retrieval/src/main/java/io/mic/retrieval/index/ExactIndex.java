package io.mic.retrieval.index;

import io.mic.core.util.TopK;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * Brute-force top-k: scores every row in blocks of {@code blockRows} and keeps the best k in a
 * bounded min-heap. Exact by construction, so it is also the reference the ANN index is tested
 * against.
 *
 * <p>Layout: the vectors are kept as column-major tiles of {@code blockRows} rows (for each block,
 * dimension 0 of every row, then dimension 1, ...; the last tile padded with zeros). Scoring a block
 * is then {@code dim} element-wise multiply-adds over {@code blockRows} contiguous floats, a loop
 * the JIT turns into SIMD on Java 17 (a row-wise dot product is a float reduction, which it does
 * not vectorise), so a scan runs near the speed of reading the data once. Every score is
 * {@code ((v0 q0 + v1 q1) + v2 q2) + ...} in dimension order, in search and {@link #score} alike.
 *
 * <p>Threading: {@link #build} once, then {@link #search} from any number of threads. With
 * {@code threads == 1} a search allocates nothing: the normalised query, the block scores and the
 * heap live in thread-local scratch. With {@code threads > 1} one search is split over contiguous
 * row ranges run on this index's own daemon {@link ForkJoinPool} (a few small task objects per
 * search); use it for latency on large tables, and {@code threads = 1} when many requests already
 * run in parallel.
 *
 * <p>Ownership: the index keeps its own tiled copy (normalised for {@code cosine}); it keeps no
 * reference to the built {@link Vectors}' array.
 */
public final class ExactIndex implements VectorIndex {
    static final String NAME = "exact";
    static final int FORMAT = 1;
    /** Below this many rows per thread, splitting a search costs more than it saves. */
    private static final int MIN_ROWS_PER_TASK = 16_384;

    private final Similarity metric;
    private final int threads;
    private final int blockRows;
    private final ThreadLocal<Scratch> scratch;
    private volatile ForkJoinPool pool;
    /** Column-major tiles of {@code blockRows} rows, see the class comment. */
    private float[] tiles;
    private int rows;
    private int dim;
    // written last by build/load, read first by search: publishes data, rows and dim
    private volatile boolean built;

    public ExactIndex(Similarity metric, int threads, int blockRows) {
        if (threads < 1 || blockRows < 1) {
            throw new IllegalArgumentException("threads and blockRows must be >= 1");
        }
        this.metric = metric;
        this.threads = threads;
        this.blockRows = blockRows;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(blockRows));
    }

    public Similarity metric() {
        return metric;
    }

    @Override
    public synchronized void build(Vectors vectors) {
        int r = vectors.rows();
        int d = vectors.dim();
        float[] v = metric == Similarity.COSINE ? VectorMath.normalizedRows(vectors.values(), r, d) : vectors.values();
        install(v, r, d);
    }

    private void install(float[] rowMajor, int r, int d) {
        this.tiles = tile(rowMajor, r, d, blockRows);
        this.dim = d;
        this.rows = r;
        this.built = true;
    }

    /** Row-major {@code rows x dim} to column-major tiles of {@code b} rows (zero padded). */
    static float[] tile(float[] v, int rows, int dim, int b) {
        long blocks = (rows + (long) b - 1) / b;
        long len = blocks * b * dim;
        if (len > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + " x " + dim + " does not fit one array");
        }
        float[] t = new float[(int) len];
        for (int r = 0; r < rows; r++) {
            int base = (r / b) * b * dim + r % b;
            for (int i = 0, o = r * dim; i < dim; i++) {
                t[base + i * b] = v[o + i];
            }
        }
        return t;
    }

    /** The vectors back in row-major order (for saving). */
    private float[] rowMajor() {
        float[] v = new float[rows * dim];
        int b = blockRows;
        for (int r = 0; r < rows; r++) {
            int base = (r / b) * b * dim + r % b;
            for (int i = 0, o = r * dim; i < dim; i++) {
                v[o + i] = tiles[base + i * b];
            }
        }
        return v;
    }

    @Override
    public int size() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** Score of row {@code row} against {@code query[offset..offset+dim)} under this index's metric. */
    public float score(float[] query, int offset, int row) {
        checkBuilt();
        if (metric == Similarity.COSINE) {
            float n = VectorMath.norm(query, offset, dim);
            return n == 0f ? 0f : rowDot(row, query, offset) / n;
        }
        return rowDot(row, query, offset);
    }

    /** The dot product of one row, in the scan's order of operations. */
    private float rowDot(int row, float[] q, int qo) {
        int b = blockRows;
        int t = (row / b) * b * dim + row % b;
        float s = tiles[t] * q[qo];
        for (int i = 1; i < dim; i++) {
            s += tiles[t + i * b] * q[qo + i];
        }
        return s;
    }

    @Override
    public int search(float[] query, int offset, int k, int[] outIds, float[] outScores) {
        checkBuilt();
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (offset < 0 || offset + dim > query.length) {
            throw new IllegalArgumentException("query[" + offset + ".." + (offset + dim) + ") out of bounds " + query.length);
        }
        int kk = Math.min(k, rows);
        if (kk == 0) {
            return 0;
        }
        Scratch s = scratch.get();
        float[] q = query;
        int qo = offset;
        if (metric == Similarity.COSINE) {
            s.ensureQuery(dim);
            VectorMath.normalizeInto(query, offset, s.query, 0, dim);
            q = s.query;
            qo = 0;
        }
        int tasks = Math.min(threads, rows / MIN_ROWS_PER_TASK);
        if (tasks <= 1) {
            s.top.reset(kk);
            scan(q, qo, 0, rows, s.top, s.block);
            return s.top.drainBestFirst(outIds, outScores, 0);
        }
        return parallelSearch(q, qo, kk, tasks, s, outIds, outScores);
    }

    private int parallelSearch(float[] q, int qo, int kk, int tasks, Scratch s, int[] outIds, float[] outScores) {
        s.ensureMerge(tasks * kk);
        RangeTask[] work = new RangeTask[tasks];
        // ranges start on tile boundaries
        long per = ((rows + (long) tasks - 1) / tasks + blockRows - 1) / blockRows * blockRows;
        for (int t = 0; t < tasks; t++) {
            int from = (int) Math.min(rows, t * per);
            int to = (int) Math.min(rows, from + per);
            work[t] = new RangeTask(this, q, qo, from, to, kk, s.mergeIds, s.mergeScores, t * kk);
        }
        ForkJoinPool p = pool();
        for (int t = 1; t < tasks; t++) {
            p.execute(work[t]);
        }
        work[0].invoke();
        for (int t = 1; t < tasks; t++) {
            work[t].join();
        }
        s.top.reset(kk);
        for (int t = 0; t < tasks; t++) {
            int base = t * kk;
            for (int i = 0; i < work[t].written; i++) {
                s.top.offer(s.mergeIds[base + i], s.mergeScores[base + i]);
            }
        }
        return s.top.drainBestFirst(outIds, outScores, 0);
    }

    /** Scores rows {@code [from, to)} ({@code from} on a tile boundary) into {@code top}. */
    private void scan(float[] q, int qo, int from, int to, TopK top, float[] block) {
        final float[] t = tiles;
        final int w = dim;
        final int b = blockRows;
        for (int start = from; start < to; start += b) {
            int n = Math.min(b, to - start);
            int base = start * w; // start is a multiple of b: tile (start / b) begins at start * w
            float q0 = q[qo];
            for (int j = 0; j < b; j++) {
                block[j] = t[base + j] * q0;
            }
            for (int i = 1; i < w; i++) {
                float qi = q[qo + i];
                int o = base + i * b;
                for (int j = 0; j < b; j++) {
                    block[j] += t[o + j] * qi;
                }
            }
            float bar = top.threshold();
            for (int j = 0; j < n; j++) {
                if (block[j] >= bar) {
                    top.offer(start + j, block[j]);
                    bar = top.threshold();
                }
            }
        }
    }

    private ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads - 1, fjp -> {
                        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
                        t.setDaemon(true);
                        t.setName("mic-exact-index-" + t.getPoolIndex());
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    private void checkBuilt() {
        if (!built) {
            throw new IllegalStateException("exact index searched before build()");
        }
    }

    /** Writes {@code vectors.f32} and {@code index.pb} under {@code dir}, each atomically. */
    @Override
    public void save(Path dir) throws IOException {
        checkBuilt();
        IndexFiles.saveVectors(dir, NAME, FORMAT, metric, rowMajor(), rows, dim,
                Map.of("threads", Integer.toString(threads), "block", Integer.toString(blockRows)));
    }

    /**
     * Loads an index written by {@link #save}, verifying every file's checksum.
     *
     * @throws IOException naming the file that is missing, corrupt or of another plugin
     */
    public static ExactIndex load(Path dir, int threads, int blockRows) throws IOException {
        IndexFiles.Loaded l = IndexFiles.loadVectors(dir, NAME, FORMAT);
        ExactIndex idx = new ExactIndex(l.metric(), threads, blockRows);
        // saved rows are already normalised for cosine; install them as they are
        idx.install(l.values(), l.rows(), l.dim());
        return idx;
    }

    /** Per-thread scratch. */
    private static final class Scratch {
        final TopK top = new TopK(64);
        final float[] block;
        float[] query = new float[0];
        int[] mergeIds = new int[0];
        float[] mergeScores = new float[0];

        Scratch(int blockRows) {
            block = new float[blockRows];
        }

        void ensureQuery(int dim) {
            if (query.length < dim) {
                query = new float[dim];
            }
        }

        void ensureMerge(int n) {
            if (mergeIds.length < n) {
                mergeIds = new int[n];
                mergeScores = new float[n];
            }
        }
    }

    /** One row range of a parallel search; writes its top-k into a slice of the caller's merge arrays. */
    private static final class RangeTask extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient ExactIndex index;
        private final transient float[] q;
        private final int qo;
        private final int from;
        private final int to;
        private final int k;
        private final transient int[] outIds;
        private final transient float[] outScores;
        private final int outOffset;
        int written;

        RangeTask(ExactIndex index, float[] q, int qo, int from, int to, int k, int[] outIds, float[] outScores, int outOffset) {
            this.index = index;
            this.q = q;
            this.qo = qo;
            this.from = from;
            this.to = to;
            this.k = k;
            this.outIds = outIds;
            this.outScores = outScores;
            this.outOffset = outOffset;
        }

        @Override
        protected void compute() {
            Scratch s = index.scratch.get();
            s.top.reset(k);
            index.scan(q, qo, from, to, s.top, s.block);
            written = s.top.drainBestFirst(outIds, outScores, outOffset);
        }
    }
}
