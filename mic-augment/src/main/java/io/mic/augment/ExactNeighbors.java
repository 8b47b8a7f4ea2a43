package io.mic.augment;

/**
 * Exact top-k neighbours by inner product over one set of vectors, self excluded: O(n² · dim)
 * multiply-adds, computed in query blocks × candidate blocks so a block of candidates stays in
 * cache while a block of queries scans it. Query blocks run in parallel; each writes only its own
 * rows of the result, so the output does not depend on the thread count.
 *
 * <p>Order within a row: higher score first, equal scores by lower id, so the result is a pure
 * function of the vectors.
 */
final class ExactNeighbors {
    static final int QUERY_BLOCK = 64;
    static final int CANDIDATE_BLOCK = 256;

    private ExactNeighbors() {
    }

    /**
     * The {@code min(k, n-1)} nearest neighbours of every row of {@code x} ({@code n x dim},
     * row-major), as a new {@code n x min(k, n-1)} row-major array.
     */
    static int[] topK(float[] x, int n, int dim, int k, Parallel parallel) {
        int kk = Math.min(k, n - 1);
        if (kk <= 0) {
            return new int[0];
        }
        if ((long) n * kk > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a neighbour table of " + n + " entities x " + kk + " does not fit one array; lower k");
        }
        int[] out = new int[n * kk];
        int blocks = (n + QUERY_BLOCK - 1) / QUERY_BLOCK;
        parallel.forEach(blocks, b -> queryBlock(x, n, dim, kk, b * QUERY_BLOCK, Math.min(n, (b + 1) * QUERY_BLOCK), out));
        return out;
    }

    private static void queryBlock(float[] x, int n, int dim, int k, int q0, int q1, int[] out) {
        int nq = q1 - q0;
        float[] scores = new float[nq * CANDIDATE_BLOCK];
        // per query: a min-heap of its best k so far, root = the worst kept candidate
        float[] heapScore = new float[nq * k];
        int[] heapId = new int[nq * k];
        int[] heapSize = new int[nq];
        for (int c0 = 0; c0 < n; c0 += CANDIDATE_BLOCK) {
            int c1 = Math.min(n, c0 + CANDIDATE_BLOCK);
            int nc = c1 - c0;
            for (int q = 0; q < nq; q++) {
                int qo = (q0 + q) * dim;
                for (int c = 0; c < nc; c++) {
                    int co = (c0 + c) * dim;
                    float s = 0f;
                    for (int d = 0; d < dim; d++) {
                        s += x[qo + d] * x[co + d];
                    }
                    scores[q * CANDIDATE_BLOCK + c] = s;
                }
            }
            for (int q = 0; q < nq; q++) {
                int self = q0 + q;
                int base = q * k;
                for (int c = 0; c < nc; c++) {
                    int id = c0 + c;
                    if (id == self) {
                        continue;
                    }
                    float s = scores[q * CANDIDATE_BLOCK + c];
                    int size = heapSize[q];
                    if (size < k) {
                        heapSize[q] = size + 1;
                        siftUp(heapScore, heapId, base, size, s, id);
                    } else if (better(s, id, heapScore[base], heapId[base])) {
                        siftDown(heapScore, heapId, base, k, s, id);
                    }
                }
            }
        }
        for (int q = 0; q < nq; q++) {
            int base = q * k;
            // pop the worst repeatedly: fills the row from its end
            for (int size = k; size > 0; size--) {
                out[(q0 + q) * k + size - 1] = heapId[base];
                float lastScore = heapScore[base + size - 1];
                int lastId = heapId[base + size - 1];
                if (size > 1) {
                    siftDown(heapScore, heapId, base, size - 1, lastScore, lastId);
                }
            }
        }
    }

    /** Whether (s, id) ranks above (t, other): higher score, or equal score and lower id. */
    private static boolean better(float s, int id, float t, int other) {
        return s > t || (s == t && id < other);
    }

    /** Inserts at position {@code size} and restores the min-heap (worst on top). */
    private static void siftUp(float[] hs, int[] hi, int base, int pos, float s, int id) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!better(hs[base + parent], hi[base + parent], s, id)) {
                break;
            }
            hs[base + pos] = hs[base + parent];
            hi[base + pos] = hi[base + parent];
            pos = parent;
        }
        hs[base + pos] = s;
        hi[base + pos] = id;
    }

    /** Replaces the root of a heap of {@code size} with (s, id) and restores the heap. */
    private static void siftDown(float[] hs, int[] hi, int base, int size, float s, int id) {
        int pos = 0;
        while (true) {
            int child = 2 * pos + 1;
            if (child >= size) {
                break;
            }
            int right = child + 1;
            if (right < size && better(hs[base + child], hi[base + child], hs[base + right], hi[base + right])) {
                child = right;
            }
            if (!better(s, id, hs[base + child], hi[base + child])) {
                break;
            }
            hs[base + pos] = hs[base + child];
            hi[base + pos] = hi[base + child];
            pos = child;
        }
        hs[base + pos] = s;
        hi[base + pos] = id;
    }
}
