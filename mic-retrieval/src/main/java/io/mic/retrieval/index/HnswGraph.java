package io.mic.retrieval.index;

import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.NodesIterator;
import io.mic.core.io.AtomicFiles;
import io.mic.core.io.LittleEndianWriter;
import io.mic.core.util.TopK;
import io.mic.retrieval.io.BinaryIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A layered proximity graph (as built by jvector) copied into flat primitive arrays, and the HNSW
 * search over it.
 *
 * <p>Why not search with the library: jvector's searcher allocates score functions, result objects
 * and boxed node scores per query and, on Java 17, computes similarities through its generic
 * vector abstraction; over 200k × 64 it ran at a third of hnswlib's QPS at the same recall
 * (docs/performance.md). The graph it builds is good; walking it is ~40 lines. Here the base layer
 * is one {@code int[]} with a fixed stride (padding {@code -1}), each upper layer a sorted node list
 * with its own adjacency block, visited marks are per-thread epoch stamps (no clearing), the two
 * heaps are primitive arrays, distances come from the caller's {@link InnerProduct} (the index passes
 * {@link InnerProduct#best()}) over a flat row-major
 * {@code float[]} whose rows are in breadth-first order of the graph, and each expansion first touches
 * all its new neighbours' cache lines before computing any of their scores.
 *
 * <p>Immutable after construction; {@link #search} is thread-safe given one {@link Scratch} per thread.
 */
final class HnswGraph {
    private static final int MAGIC = 0x4d494347; // "MICG"
    private static final int VERSION = 1;

    private final int size;
    private final int entry;
    private final int stride0;
    private final int[] adj0;
    /** levelNodes[l - 1]: sorted ids present on level l ≥ 1; levelAdj/levelStride alike. */
    private final int[][] levelNodes;
    private final int[][] levelAdj;
    private final int[] levelStride;
    /** ext[node] = the row (external id) a node stands for; nodes are numbered in BFS order for locality. */
    private final int[] ext;

    private HnswGraph(int size, int entry, int stride0, int[] adj0, int[][] levelNodes, int[][] levelAdj, int[] levelStride,
            int[] ext) {
        this.size = size;
        this.ext = ext;
        this.entry = entry;
        this.stride0 = stride0;
        this.adj0 = adj0;
        this.levelNodes = levelNodes;
        this.levelAdj = levelAdj;
        this.levelStride = levelStride;
    }

    /** The graph of an empty index. */
    static HnswGraph empty() {
        return new HnswGraph(0, 0, 1, new int[0], new int[0][], new int[0][], new int[0], new int[0]);
    }

    /** Copies {@code g} (nodes {@code 0 .. n)}, every level) into flat arrays. */
    static HnswGraph copyOf(ImmutableGraphIndex g, int n) {
        try (ImmutableGraphIndex.View view = g.getView()) {
            int stride0 = Math.max(1, g.maxDegrees().get(0));
            int[] adj0 = new int[n * stride0];
            Arrays.fill(adj0, -1);
            for (int node = 0; node < n; node++) {
                fill(view.getNeighborsIterator(0, node), adj0, node * stride0, stride0, 0, node);
            }
            int levels = g.getMaxLevel();
            int[][] nodes = new int[levels][];
            int[][] adj = new int[levels][];
            int[] strides = new int[levels];
            for (int l = 1; l <= levels; l++) {
                NodesIterator it = g.getNodes(l);
                int[] ids = new int[it.size()];
                int c = 0;
                while (it.hasNext()) {
                    ids[c++] = it.nextInt();
                }
                ids = Arrays.copyOf(ids, c);
                Arrays.sort(ids);
                int stride = Math.max(1, g.maxDegrees().get(Math.min(l, g.maxDegrees().size() - 1)));
                int[] a = new int[ids.length * stride];
                Arrays.fill(a, -1);
                for (int i = 0; i < ids.length; i++) {
                    fill(view.getNeighborsIterator(l, ids[i]), a, i * stride, stride, l, ids[i]);
                }
                nodes[l - 1] = ids;
                adj[l - 1] = a;
                strides[l - 1] = stride;
            }
            int entry = view.entryNode() == null ? 0 : view.entryNode().node;
            return relabel(n, entry, stride0, adj0, nodes, adj, strides, bfsOrder(n, entry, stride0, adj0));
        } catch (IOException e) {
            throw new IllegalStateException("closing a jvector graph view", e);
        }
    }

    /**
     * The graph given as flat arrays in build order (node = row): base layer {@code adj0} with
     * stride {@code stride0}, upper level {@code l} as sorted node ids {@code nodes[l - 1]} with
     * adjacency {@code adj[l - 1]} of stride {@code strides[l - 1]}; {@code -1} pads every list.
     * Renumbers the nodes in breadth-first order (see {@link #bfsOrder}).
     */
    static HnswGraph of(int n, int entry, int stride0, int[] adj0, int[][] nodes, int[][] adj, int[] strides) {
        return relabel(n, entry, stride0, adj0, nodes, adj, strides, bfsOrder(n, entry, stride0, adj0));
    }

    /**
     * Node order of a breadth-first walk of the base layer from the entry point (unreached nodes
     * appended in id order): a node's neighbours then mostly sit a few rows away, so a search touches
     * fewer cache lines and pages (≈1.3× QPS at 200k × 64 in AnnSweep).
     */
    static int[] bfsOrder(int n, int entry, int stride, int[] adj) {
        int[] order = new int[n];
        boolean[] seen = new boolean[n];
        int head = 0;
        int tail = 0;
        int next = 0;
        while (tail < n) {
            int start;
            if (tail == 0 && n > 0) {
                start = entry;
            } else {
                while (seen[next]) {
                    next++;
                }
                start = next;
            }
            seen[start] = true;
            order[tail++] = start;
            while (head < tail) {
                int u = order[head++];
                for (int i = u * stride, end = i + stride; i < end && adj[i] >= 0; i++) {
                    int v = adj[i];
                    if (!seen[v]) {
                        seen[v] = true;
                        order[tail++] = v;
                    }
                }
            }
        }
        return order;
    }

    /** The same graph with node {@code order[i]} renamed {@code i}; {@code ext} becomes {@code order}. */
    private static HnswGraph relabel(int n, int entry, int stride0, int[] adj0, int[][] nodes, int[][] adj, int[] strides,
            int[] order) {
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            pos[order[i]] = i;
        }
        int[] a0 = new int[n * stride0]; // adj0 may be longer (HnswBuilder compacts its lists in place)
        for (int i = 0; i < n; i++) {
            int from = order[i] * stride0;
            for (int j = 0; j < stride0; j++) {
                int v = adj0[from + j];
                a0[i * stride0 + j] = v < 0 ? -1 : pos[v];
            }
        }
        int[][] ln = new int[nodes.length][];
        int[][] la = new int[nodes.length][];
        for (int l = 0; l < nodes.length; l++) {
            int stride = strides[l];
            int m = nodes[l].length;
            long[] keyed = new long[m]; // (new id << 32) | old index, sorted by new id
            for (int i = 0; i < m; i++) {
                keyed[i] = ((long) pos[nodes[l][i]] << 32) | i;
            }
            Arrays.sort(keyed);
            ln[l] = new int[m];
            la[l] = new int[m * stride];
            for (int i = 0; i < m; i++) {
                int old = (int) keyed[i];
                ln[l][i] = (int) (keyed[i] >>> 32);
                for (int j = 0; j < stride; j++) {
                    int v = adj[l][old * stride + j];
                    la[l][i * stride + j] = v < 0 ? -1 : pos[v];
                }
            }
        }
        return new HnswGraph(n, n == 0 ? 0 : pos[entry], stride0, a0, ln, la, strides, order);
    }

    private static void fill(NodesIterator it, int[] dst, int from, int stride, int level, int node) {
        if (it.size() > stride) {
            throw new IllegalStateException("node " + node + " has " + it.size() + " neighbours on level " + level
                    + ", more than the graph's max degree " + stride);
        }
        int i = from;
        while (it.hasNext()) {
            dst[i++] = it.nextInt();
        }
    }

    int size() {
        return size;
    }

    /** The row (external id) node {@code node} stands for. */
    int external(int node) {
        return ext[node];
    }

    /** Row-major vectors in node order: row {@code ext[i]} of {@code rows} becomes row {@code i}. */
    float[] toNodeOrder(float[] rows, int dim) {
        float[] out = new float[size * dim];
        for (int i = 0; i < size; i++) {
            System.arraycopy(rows, ext[i] * dim, out, i * dim, dim);
        }
        return out;
    }

    /** The inverse of {@link #toNodeOrder}. */
    float[] toRowOrder(float[] nodes, int dim) {
        float[] out = new float[size * dim];
        for (int i = 0; i < size; i++) {
            System.arraycopy(nodes, i * dim, out, ext[i] * dim, dim);
        }
        return out;
    }

    /** Heap bytes of the adjacency arrays. */
    long bytes() {
        long b = 4L * (adj0.length + ext.length);
        for (int l = 0; l < levelNodes.length; l++) {
            b += 4L * (levelNodes[l].length + levelAdj[l].length);
        }
        return b;
    }

    /** Per-thread search state: visited stamps and the candidate heap. */
    static final class Scratch {
        private int[] stamp = new int[0];
        private int epoch;
        int[] candIds = new int[64];
        float[] candScores = new float[64];
        int candSize;
        private int[] fresh = new int[0];
        /** Where the touch loads of {@link #search} go, so the JIT keeps them. */
        int sink;

        /** A fresh visited mark for a walk over {@code n} nodes; {@link #stamps()} then holds it for visited ones. */
        int nextEpoch(int n) {
            if (stamp.length < n) {
                stamp = new int[n];
                epoch = 0;
            }
            if (++epoch == Integer.MAX_VALUE) {
                Arrays.fill(stamp, 0);
                epoch = 1;
            }
            return epoch;
        }

        int[] stamps() {
            return stamp;
        }

        void pushCandidate(int id, float s) {
            if (candSize == candIds.length) {
                candIds = Arrays.copyOf(candIds, candSize * 2);
                candScores = Arrays.copyOf(candScores, candSize * 2);
            }
            int i = candSize++;
            while (i > 0) { // max-heap on score
                int p = (i - 1) >>> 1;
                if (candScores[p] >= s) {
                    break;
                }
                candIds[i] = candIds[p];
                candScores[i] = candScores[p];
                i = p;
            }
            candIds[i] = id;
            candScores[i] = s;
        }

        /** Removes the top candidate; its id and score were read from index 0 before. */
        void popCandidate() {
            int n = --candSize;
            if (n == 0) {
                return;
            }
            int id = candIds[n];
            float s = candScores[n];
            int i = 0;
            int half = n >>> 1;
            while (i < half) {
                int c = 2 * i + 1;
                if (c + 1 < n && candScores[c + 1] > candScores[c]) {
                    c++;
                }
                if (candScores[c] <= s) {
                    break;
                }
                candIds[i] = candIds[c];
                candScores[i] = candScores[c];
                i = c;
            }
            candIds[i] = id;
            candScores[i] = s;
        }
    }

    /**
     * HNSW search for the {@code ef} rows of {@code vectors} (row-major, {@code dim} wide) with the
     * highest inner product with {@code q}: greedy descent through the upper levels from the entry
     * point, then a beam of width {@code ef} on the base level. The found rows land in {@code out}
     * (reset to {@code ef}) with their inner products as computed here; callers wanting bit-exact
     * scores recompute the few they keep. {@code ip} ranks the candidates.
     */
    void search(float[] vectors, int dim, float[] q, int ef, Scratch s, TopK out, InnerProduct ip) {
        out.reset(ef);
        if (size == 0) {
            return;
        }
        int ep = entry;
        float epScore = ip.dot(vectors, ep * dim, q, dim);
        for (int l = levelNodes.length; l >= 1; l--) {
            int[] nodes = levelNodes[l - 1];
            int[] adj = levelAdj[l - 1];
            int stride = levelStride[l - 1];
            boolean moved = true;
            while (moved) {
                moved = false;
                int at = Arrays.binarySearch(nodes, ep);
                if (at < 0) {
                    break;
                }
                for (int i = at * stride, end = i + stride; i < end; i++) {
                    int nb = adj[i];
                    if (nb < 0) {
                        break;
                    }
                    float sc = ip.dot(vectors, nb * dim, q, dim);
                    if (sc > epScore) {
                        epScore = sc;
                        ep = nb;
                        moved = true;
                    }
                }
            }
        }

        int epoch = s.nextEpoch(size);
        if (s.fresh.length < stride0) {
            s.fresh = new int[stride0];
        }
        int[] stamp = s.stamp;
        s.candSize = 0;
        stamp[ep] = epoch;
        s.pushCandidate(ep, epScore);
        out.offer(ep, epScore);
        int[] a0 = adj0;
        int st0 = stride0;
        while (s.candSize > 0) {
            int c = s.candIds[0];
            float cs = s.candScores[0];
            if (out.full() && cs < out.threshold()) {
                break;
            }
            s.popCandidate();
            // Two passes over the candidate's unvisited neighbours: first one load per cache line
            // of each vector (independent loads, so the CPU overlaps their misses, as hnswlib's
            // explicit prefetches do), then the dot products, which mostly hit cache.
            int[] fresh = s.fresh;
            int m = 0;
            int sink = 0;
            for (int i = c * st0, end = i + st0; i < end; i++) {
                int nb = a0[i];
                if (nb < 0) {
                    break;
                }
                if (stamp[nb] != epoch) {
                    stamp[nb] = epoch;
                    fresh[m++] = nb;
                    for (int o = nb * dim, e = o + dim; o < e; o += 16) {
                        sink += Float.floatToRawIntBits(vectors[o]);
                    }
                }
            }
            s.sink += sink;
            for (int j = 0; j < m; j++) {
                int nb = fresh[j];
                float sc = ip.dot(vectors, nb * dim, q, dim);
                if (!out.full() || sc > out.threshold()) {
                    s.pushCandidate(nb, sc);
                    out.offer(nb, sc);
                }
            }
        }
    }

    /** Writes the graph to {@code file} (temp file, then atomic rename). */
    void save(Path file) throws IOException {
        AtomicFiles.write(file, os -> {
            LittleEndianWriter w = LittleEndianWriter.to(os);
            w.putInt(MAGIC);
            w.putInt(VERSION);
            w.putInt(size);
            w.putInt(entry);
            w.putInt(stride0);
            w.putInt(levelNodes.length);
            w.putInts(ext, 0, ext.length);
            w.putInts(adj0, 0, adj0.length);
            for (int l = 0; l < levelNodes.length; l++) {
                w.putInt(levelNodes[l].length);
                w.putInt(levelStride[l]);
                w.putInts(levelNodes[l], 0, levelNodes[l].length);
                w.putInts(levelAdj[l], 0, levelAdj[l].length);
            }
            w.flush();
        });
    }

    /**
     * Reads a graph written by {@link #save}, checking its header, sizes and every neighbour id.
     *
     * @throws IOException naming {@code file} when it is not such a graph or does not have {@code n} nodes
     */
    static HnswGraph load(Path file, int n) throws IOException {
        long bytes = Files.size(file);
        if (bytes < 24) {
            throw new IOException(file + ": " + bytes + " bytes, too short for a graph header");
        }
        int[] h = BinaryIo.readInts(file, 0, 6);
        if (h[0] != MAGIC || h[1] != VERSION) {
            throw new IOException(file + ": not a mic hnsw graph (version " + VERSION + ")");
        }
        if (h[2] != n) {
            throw new IOException(file + ": graph has " + h[2] + " nodes, vectors.f32 has " + n + " rows");
        }
        int entry = h[3];
        int stride0 = h[4];
        int levels = h[5];
        long pos = 24;
        long need = pos + 4L * n * (1 + stride0);
        if (stride0 < 1 || levels < 0 || entry < 0 || (n > 0 && entry >= n) || need > bytes) {
            throw new IOException(file + ": corrupt graph header (entry " + entry + ", degree " + stride0 + ", levels " + levels + ")");
        }
        int[] ext = BinaryIo.readInts(file, pos, n);
        int[] adj0 = BinaryIo.readInts(file, pos + 4L * n, n * stride0);
        pos = need;
        checkIds(adj0, n, file);
        boolean[] hit = new boolean[n];
        for (int e : ext) {
            if (e < 0 || e >= n || hit[e]) {
                throw new IOException(file + ": node order is not a permutation of [0, " + n + ") (row " + e + ")");
            }
            hit[e] = true;
        }
        int[][] nodes = new int[levels][];
        int[][] adj = new int[levels][];
        int[] strides = new int[levels];
        for (int l = 0; l < levels; l++) {
            if (pos + 8 > bytes) {
                throw new IOException(file + ": truncated at level " + (l + 1));
            }
            int[] lh = BinaryIo.readInts(file, pos, 2);
            pos += 8;
            long count = lh[0];
            int stride = lh[1];
            long end = pos + 4L * count * (1 + stride);
            if (count < 0 || count > n || stride < 1 || end > bytes) {
                throw new IOException(file + ": truncated or corrupt at level " + (l + 1));
            }
            nodes[l] = BinaryIo.readInts(file, pos, (int) count);
            adj[l] = BinaryIo.readInts(file, pos + 4 * count, (int) (count * stride));
            pos = end;
            strides[l] = stride;
            checkIds(nodes[l], n, file);
            checkIds(adj[l], n, file);
            for (int i = 1; i < nodes[l].length; i++) {
                if (nodes[l][i] <= nodes[l][i - 1]) {
                    throw new IOException(file + ": level " + (l + 1) + " node list is not strictly increasing");
                }
            }
        }
        if (pos != bytes) {
            throw new IOException(file + ": " + (bytes - pos) + " trailing bytes after the graph");
        }
        return new HnswGraph(n, entry, stride0, adj0, nodes, adj, strides, ext);
    }

    private static void checkIds(int[] ids, int n, Path file) throws IOException {
        for (int id : ids) {
            if (id < -1 || id >= n) {
                throw new IOException(file + ": neighbour id " + id + " outside [0, " + n + ")");
            }
        }
    }
}
