package io.mic.models.missrec;

import java.util.Arrays;

/**
 * DPC-KNN interest discovery over one sequence's item tokens (density peaks clustering with
 * k-nearest-neighbour density, as MISSRec uses it), in plain Java: the reference the in-graph
 * version {@link DpcKnnGraph} is tested against, and what tools use to inspect a sequence's
 * interests.
 *
 * <p>Definitions (both implementations follow them exactly). Over the real (unmasked) tokens V,
 * {@code n = |V|}:
 * <ul>
 *   <li>{@code d_ij = ||x_i - x_j||^2 / dim} (squared distance, scaled by the width so that the
 *       density neither under- nor overflows for wide tokens);</li>
 *   <li>density {@code rho_i = exp(-mean of the k' smallest d_ij, j in V, j != i)}, {@code k' = min(k, n - 1)}
 *       ({@code rho_i = 1} when {@code n = 1});</li>
 *   <li>j is denser than i when {@code rho_j > rho_i}, or {@code rho_j == rho_i} and {@code j < i}
 *       (a deterministic tie break instead of the paper code's random jitter);</li>
 *   <li>{@code sigma_i = min d_ij} over denser j; for the densest token {@code max_j d_ij};</li>
 *   <li>the {@code min(Kc, n)} tokens with the largest {@code rho_i sigma_i} (ties: lower position)
 *       are the prototypes, slot c = the c-th largest;</li>
 *   <li>every real token joins the prototype nearest to it (ties: the lower slot). A prototype is
 *       nearest to itself, unless another prototype is an identical token: then the two duplicates
 *       merge into the lower slot and the higher slot is left empty;</li>
 *   <li>interest c = the mean of its members; an empty slot is masked out.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class DpcKnn {
    private DpcKnn() {
    }

    /**
     * The clustering of one sequence.
     *
     * @param slot      per position, the interest slot it joined ({@code -1} for padding)
     * @param interests {@code [Kc, dim]} row-major, mean of each slot's members (zero rows for empty slots)
     * @param count     members per slot (0 = empty slot, masked)
     */
    record Clusters(int[] slot, double[] interests, int[] count) {
    }

    /**
     * @param x    {@code [L, dim]} tokens, row-major
     * @param mask {@code [L]}, true for real tokens
     * @param k    neighbours in the density (≥ 1)
     * @param kc   interest slots K_c (≥ 1)
     */
    static Clusters cluster(double[] x, boolean[] mask, int dim, int k, int kc) {
        int len = mask.length;
        int n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        double[][] d = new double[len][len];
        for (int i = 0; i < len; i++) {
            for (int j = 0; j < len; j++) {
                double s = 0;
                for (int c = 0; c < dim; c++) {
                    double t = x[i * dim + c] - x[j * dim + c];
                    s += t * t;
                }
                d[i][j] = s / dim;
            }
        }
        double[] rho = new double[len];
        int keff = Math.min(k, n - 1);
        for (int i = 0; i < len; i++) {
            if (!mask[i]) {
                continue;
            }
            if (keff <= 0) {
                rho[i] = 1;
                continue;
            }
            double[] others = new double[n - 1];
            int w = 0;
            for (int j = 0; j < len; j++) {
                if (mask[j] && j != i) {
                    others[w++] = d[i][j];
                }
            }
            Arrays.sort(others);
            double sum = 0;
            for (int t = 0; t < keff; t++) {
                sum += others[t];
            }
            rho[i] = Math.exp(-sum / keff);
        }
        double[] score = new double[len];
        for (int i = 0; i < len; i++) {
            if (!mask[i]) {
                continue;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (int j = 0; j < len; j++) {
                if (!mask[j]) {
                    continue;
                }
                max = Math.max(max, d[i][j]);
                boolean denser = rho[j] > rho[i] || (rho[j] == rho[i] && j < i);
                if (denser && j != i) {
                    min = Math.min(min, d[i][j]);
                }
            }
            score[i] = rho[i] * (min == Double.POSITIVE_INFINITY ? max : min);
        }
        int slots = Math.min(kc, n);
        int[] proto = new int[slots];
        for (int i = 0; i < len; i++) {
            if (!mask[i]) {
                continue;
            }
            int rank = 0;
            for (int j = 0; j < len; j++) {
                if (mask[j] && (score[j] > score[i] || (score[j] == score[i] && j < i))) {
                    rank++;
                }
            }
            if (rank < slots) {
                proto[rank] = i;
            }
        }
        int[] slot = new int[len];
        int[] count = new int[kc];
        double[] interests = new double[kc * dim];
        for (int j = 0; j < len; j++) {
            if (!mask[j]) {
                slot[j] = -1;
                continue;
            }
            int best = 0;
            for (int c = 1; c < slots; c++) {
                if (d[proto[c]][j] < d[proto[best]][j]) {
                    best = c;
                }
            }
            slot[j] = best;
            count[best]++;
            for (int c = 0; c < dim; c++) {
                interests[best * dim + c] += x[j * dim + c];
            }
        }
        for (int c = 0; c < kc; c++) {
            for (int t = 0; t < dim && count[c] > 0; t++) {
                interests[c * dim + t] /= count[c];
            }
        }
        return new Clusters(slot, interests, count);
    }
}
