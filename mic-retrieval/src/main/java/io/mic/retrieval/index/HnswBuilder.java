package io.mic.retrieval.index;

import io.mic.core.util.TopK;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds an HNSW graph (Malkov &amp; Yashunin, 2018; the algorithm of hnswlib) straight into flat
 * primitive arrays over a row-major {@code float[]}, ranking by inner product, and hands it to
 * {@link HnswGraph} for search.
 *
 * <p>Why not jvector's builder (the previous one): profiled at 200k × 64 on Java 17, jvector spent
 * its build in its generic {@code VectorFloat} similarity path (a scalar loop behind two interface
 * calls per pair), in the concurrent neighbour-map bookkeeping (copy-on-write neighbour arrays, boxed
 * node scores) and in its refinement pass (a second walk over every node); it was 4.8× slower than
 * hnswlib's C++ build at the same graph budget (docs/performance.md). This one does what hnswlib does,
 * with the same primitive-array search loop {@link HnswGraph} uses: per node, a greedy descent through
 * the upper levels, then on each of its levels a beam search of width {@code efConstruction}, the
 * "heuristic" neighbour selection (a candidate is kept only if it is closer to the new node than to
 * every neighbour kept before it), and back-links, pruning a full list with the same heuristic.
 *
 * <p>Sizes: a new node keeps up to {@code m} neighbours per level; lists hold up to {@code m} on the
 * upper levels and {@code 2m} ({@code maxM0}) on the base level, as in hnswlib ({@code degree = 2m}).
 * Levels are drawn from one seeded generator in row order ({@code floor(-ln U / ln m)}), so a
 * single-threaded build is deterministic; with more threads the insertion order interleaves and
 * the graph differs from run to run (recall does not, within noise).
 *
 * <p>Threading: rows are inserted by {@code threads} threads taking the next row from a shared
 * counter; every adjacency list is read and written under its node's (striped) lock, and the entry
 * point changes under one global lock. Not reusable: one builder builds one graph.
 */
final class HnswBuilder {
    private static final InnerProduct IP = InnerProduct.best();
    private static final int STRIPES = 1 << 12;

    private final float[] v;
    private final int n;
    private final int dim;
    private final int m;
    private final int m0;
    private final int efc;
    private final int[] levels;
    /** Base level: per node {@code [count, id_0 .. id_{m0-1}]}. */
    private final int[] links0;
    /** Upper levels of node {@code x} (null when it has none): per level {@code 1..levels[x]}, {@code [count, ids...]} of stride m + 1. */
    private final int[][] upper;
    private final Object[] locks = new Object[STRIPES];
    private final Object entryLock = new Object();
    private int entry;
    private int maxLevel;

    private HnswBuilder(float[] v, int n, int dim, int m, int efc, long seed) {
        this.v = v;
        this.n = n;
        this.dim = dim;
        this.m = m;
        this.m0 = 2 * m;
        this.efc = Math.max(efc, m);
        this.levels = new int[n];
        this.links0 = new int[n * (m0 + 1)];
        this.upper = new int[n][];
        SplittableRandom rnd = new SplittableRandom(seed);
        double mult = 1.0 / Math.log(Math.max(2, m));
        for (int x = 0; x < n; x++) {
            int l = (int) (-Math.log(1.0 - rnd.nextDouble()) * mult);
            levels[x] = Math.min(l, 30);
            if (l > 0) {
                upper[x] = new int[levels[x] * (m + 1)];
            }
        }
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Builds the graph over {@code n} rows of {@code values} ({@code dim} wide).
     *
     * @param degree  max neighbours per node on the base level ({@code 2m}; even, at least 2)
     * @param efc     construction beam width (efConstruction)
     * @param threads insertion threads
     * @param seed    seed of the level draws
     */
    static HnswGraph build(float[] values, int n, int dim, int degree, int efc, int threads, long seed) {
        if (n == 0) {
            return HnswGraph.empty();
        }
        HnswBuilder b = new HnswBuilder(values, n, dim, Math.max(1, degree / 2), efc, seed);
        b.entry = 0;
        b.maxLevel = b.levels[0];
        AtomicInteger next = new AtomicInteger(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            Worker w = b.new Worker();
            try {
                for (int x = next.getAndIncrement(); x < n && failure.get() == null; x = next.getAndIncrement()) {
                    w.insert(x);
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
        };
        if (threads <= 1 || n < 1024) {
            work.run();
        } else {
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(work, "mic-hnsw-build-" + t);
                ts[t].setDaemon(true);
                ts[t].start();
            }
            try {
                for (Thread t : ts) {
                    t.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            }
        }
        Throwable f = failure.get();
        if (f != null) {
            throw new IllegalStateException("hnsw build failed", f);
        }
        return b.toGraph();
    }

    private Object lock(int node) {
        return locks[node & (STRIPES - 1)];
    }

    /**
     * The flat arrays {@link HnswGraph#of} takes: lists padded with -1, upper levels as sorted node lists. The base
     * level is compacted in place (stride {@code m0 + 1} with a count to stride {@code m0} with -1 padding, row by row
     * from the front, so a row is read before anything is written over it): no second n x m0 array at the peak
     * (4 GB at 10M nodes); the builder is unusable afterwards.
     */
    private HnswGraph toGraph() {
        int[] adj0 = links0;
        for (int x = 0; x < n; x++) {
            int src = x * (m0 + 1);
            int cnt = adj0[src];
            int dst = x * m0;
            System.arraycopy(adj0, src + 1, adj0, dst, cnt);
            Arrays.fill(adj0, dst + cnt, dst + m0, -1);
        }
        int[][] nodes = new int[maxLevel][];
        int[][] adj = new int[maxLevel][];
        int[] strides = new int[maxLevel];
        for (int l = 1; l <= maxLevel; l++) {
            int count = 0;
            for (int x = 0; x < n; x++) {
                if (levels[x] >= l) {
                    count++;
                }
            }
            int[] ids = new int[count];
            int[] a = new int[count * m];
            Arrays.fill(a, -1);
            int i = 0;
            for (int x = 0; x < n; x++) {
                if (levels[x] >= l) {
                    ids[i] = x;
                    int base = (l - 1) * (m + 1);
                    System.arraycopy(upper[x], base + 1, a, i * m, upper[x][base]);
                    i++;
                }
            }
            nodes[l - 1] = ids;
            adj[l - 1] = a;
            strides[l - 1] = m;
        }
        return HnswGraph.of(n, entry, m0, adj0, nodes, adj, strides);
    }

    /** One insertion thread's scratch: visited marks, heaps, and buffers for lists and candidates. */
    private final class Worker {
        final HnswGraph.Scratch s = new HnswGraph.Scratch();
        final TopK found = new TopK(efc);
        final float[] q = new float[dim];
        final int[] nbrs = new int[m0 + 1];
        final int[] candIds = new int[Math.max(efc, m0 + 1)];
        final float[] candScores = new float[candIds.length];
        final int[] selected = new int[m0];
        final int[] pruneIds = new int[m0 + 1];
        final float[] pruneScores = new float[m0 + 1];
        final int[] pruned = new int[m0];

        void insert(int x) {
            System.arraycopy(v, x * dim, q, 0, dim);
            int level = levels[x];
            int ep;
            int top;
            boolean raise;
            synchronized (entryLock) {
                ep = entry;
                top = maxLevel;
            }
            float epScore = IP.dot(v, ep * dim, q, dim);
            for (int l = top; l > level; l--) {
                boolean moved = true;
                while (moved) {
                    moved = false;
                    int cnt = copyNeighbours(ep, l);
                    for (int i = 0; i < cnt; i++) {
                        int nb = nbrs[i];
                        float sc = IP.dot(v, nb * dim, q, dim);
                        if (sc > epScore) {
                            epScore = sc;
                            ep = nb;
                            moved = true;
                        }
                    }
                }
            }
            for (int l = Math.min(level, top); l >= 0; l--) {
                searchLayer(x, ep, epScore, l);
                int cnt = found.drainBestFirst(candIds, candScores, 0);
                ep = candIds[0];
                epScore = candScores[0];
                int keep = select(candIds, candScores, cnt, m, selected);
                int[] list = l == 0 ? links0 : upper[x];
                int base = l == 0 ? x * (m0 + 1) : (l - 1) * (m + 1);
                synchronized (lock(x)) {
                    System.arraycopy(selected, 0, list, base + 1, keep);
                    list[base] = keep;
                }
                for (int i = 0; i < keep; i++) {
                    link(selected[i], x, l);
                }
            }
            raise = level > top;
            if (raise) {
                synchronized (entryLock) {
                    if (level > maxLevel) {
                        maxLevel = level;
                        entry = x;
                    }
                }
            }
        }

        /** Copies node {@code x}'s list on level {@code l} into {@link #nbrs}; returns its length. */
        int copyNeighbours(int x, int l) {
            int[] list = l == 0 ? links0 : upper[x];
            int base = l == 0 ? x * (m0 + 1) : (l - 1) * (m + 1);
            synchronized (lock(x)) {
                int cnt = list[base];
                System.arraycopy(list, base + 1, nbrs, 0, cnt);
                return cnt;
            }
        }

        /** Beam search of width efc on level {@code l} from {@code ep} for {@link #q}; the best land in {@link #found}. */
        void searchLayer(int self, int ep, float epScore, int l) {
            found.reset(efc);
            int epoch = s.nextEpoch(n);
            int[] stamp = s.stamps();
            s.candSize = 0;
            stamp[self] = epoch;
            stamp[ep] = epoch;
            s.pushCandidate(ep, epScore);
            found.offer(ep, epScore);
            while (s.candSize > 0) {
                int c = s.candIds[0];
                float cs = s.candScores[0];
                if (found.full() && cs < found.threshold()) {
                    break;
                }
                s.popCandidate();
                int cnt = copyNeighbours(c, l);
                int fresh = 0;
                for (int i = 0; i < cnt; i++) {
                    int nb = nbrs[i];
                    if (stamp[nb] != epoch) {
                        stamp[nb] = epoch;
                        nbrs[fresh++] = nb;
                    }
                }
                for (int i = 0; i < fresh; i++) {
                    int nb = nbrs[i];
                    float sc = IP.dot(v, nb * dim, q, dim);
                    if (!found.full() || sc > found.threshold()) {
                        s.pushCandidate(nb, sc);
                        found.offer(nb, sc);
                    }
                }
            }
        }

        /**
         * hnswlib's neighbour heuristic over candidates sorted best first (scores = inner product
         * with the node being linked): keeps a candidate only when no already kept one is more
         * similar to it than the node is. Writes up to {@code max} ids to {@code out}; returns how many.
         */
        int select(int[] ids, float[] scores, int count, int max, int[] out) {
            int kept = 0;
            for (int i = 0; i < count && kept < max; i++) {
                int c = ids[i];
                float toNode = scores[i];
                boolean good = true;
                for (int j = 0; j < kept; j++) {
                    if (IP.dot(v, c * dim, v, out[j] * dim, dim) > toNode) {
                        good = false;
                        break;
                    }
                }
                if (good) {
                    out[kept++] = c;
                }
            }
            return kept;
        }

        /** Adds {@code x} to {@code e}'s list on level {@code l}, re-selecting the list with the heuristic when it is full. */
        void link(int e, int x, int l) {
            int cap = l == 0 ? m0 : m;
            int[] list = l == 0 ? links0 : upper[e];
            int base = l == 0 ? e * (m0 + 1) : (l - 1) * (m + 1);
            synchronized (lock(e)) {
                int cnt = list[base];
                for (int i = 0; i < cnt; i++) {
                    if (list[base + 1 + i] == x) {
                        return;
                    }
                }
                if (cnt < cap) {
                    list[base + 1 + cnt] = x;
                    list[base] = cnt + 1;
                    return;
                }
                // full: the old list plus x, ranked by similarity to e, then the heuristic
                int k = 0;
                for (int i = 0; i <= cnt; i++) {
                    int y = i < cnt ? list[base + 1 + i] : x;
                    float sc = IP.dot(v, y * dim, v, e * dim, dim);
                    int j = k++;
                    while (j > 0 && pruneScores[j - 1] < sc) {
                        pruneScores[j] = pruneScores[j - 1];
                        pruneIds[j] = pruneIds[j - 1];
                        j--;
                    }
                    pruneScores[j] = sc;
                    pruneIds[j] = y;
                }
                int keep = select(pruneIds, pruneScores, k, cap, pruned);
                System.arraycopy(pruned, 0, list, base + 1, keep);
                list[base] = keep;
            }
        }
    }
}
