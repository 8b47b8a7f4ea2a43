package io.mic.augment;

import io.mic.core.util.TopK;

/**
 * Exact top-k neighbours by inner product over one set of vectors, self excluded: O(n² · dim)
 * multiply-adds, computed in query blocks × candidate blocks so a block of candidates stays in
 * cache while a block of queries scans it. Query blocks run in parallel; each writes only its own
 * rows of the result, so the output does not depend on the thread count.
 *
 * <p>Order within a row: higher score first, equal scores by lower id ({@link TopK}'s order), so
 * the result is a pure function of the vectors.
 */
final class ExactNeighbors {
    static final int QUERY_BLOCK = 64;
    static final int CANDIDATE_BLOCK = 256;

    private ExactNeighbors() {
    }

    /**
     * The {@code min(k, n-1)} nearest neighbours of every row of {@code x} ({@code n x dim},
     * row-major, finite), as a new {@code n x min(k, n-1)} row-major array.
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
        TopK[] best = new TopK[nq];
        for (int q = 0; q < nq; q++) {
            best[q] = new TopK(k);
        }
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
                TopK t = best[q];
                for (int c = 0; c < nc; c++) {
                    int id = c0 + c;
                    if (id != self) {
                        t.offer(id, scores[q * CANDIDATE_BLOCK + c]);
                    }
                }
            }
        }
        int[] row = new int[k];
        for (int q = 0; q < nq; q++) {
            best[q].drainBestFirst(row, null);
            System.arraycopy(row, 0, out, (q0 + q) * k, k);
        }
    }
}
