package io.mic.augment;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * k-means with k-means++ seeding (Arthur and Vassilvitskii 2007): the first centre is a uniform
 * point, each next one a point drawn with probability proportional to its squared distance to the
 * nearest centre chosen so far (D² sampling); then Lloyd iterations (assign every point to its
 * nearest centre, move every centre to the mean of its points) until {@code iterations} are done
 * or no assignment changes. Squared Euclidean distance; ties go to the lower centre index; a centre
 * that loses all its points stays where it was.
 *
 * <p>Distances run in parallel over blocks of points; the sums that pick seeds and move centres
 * run in point order on the caller's thread, so the result depends only on the data, the
 * parameters and the generator, never on the thread count.
 */
final class KMeansPlusPlus {
    private static final int BLOCK = 1024;

    /**
     * A clustering.
     *
     * @param assignment cluster of each point
     * @param centroids  {@code k x dim}, row-major
     * @param k          number of centres ({@code min(requested, n)})
     * @param iterations Lloyd iterations run
     */
    record Result(int[] assignment, float[] centroids, int k, int iterations) {
    }

    private KMeansPlusPlus() {
    }

    /** Clusters the {@code n} rows of {@code x} ({@code n x dim}, row-major, not mutated) into {@code min(k, n)} clusters. */
    static Result fit(float[] x, int n, int dim, int k, int iterations, RandomGenerator random, Parallel parallel) {
        int kk = Math.min(k, n);
        int[] assignment = new int[n];
        if (kk == 0) {
            return new Result(assignment, new float[0], 0, 0);
        }
        float[] centroids = seed(x, n, dim, kk, random, parallel);
        int blocks = (n + BLOCK - 1) / BLOCK;
        int[] changedPerBlock = new int[blocks];
        assign(x, n, dim, centroids, kk, assignment, changedPerBlock, parallel);
        int done = 0;
        double[] sums = new double[kk * dim];
        int[] counts = new int[kk];
        while (done < iterations) {
            Arrays.fill(sums, 0);
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                int c = assignment[i];
                counts[c]++;
                int xo = i * dim;
                int co = c * dim;
                for (int d = 0; d < dim; d++) {
                    sums[co + d] += x[xo + d];
                }
            }
            for (int c = 0; c < kk; c++) {
                if (counts[c] > 0) {
                    for (int d = 0; d < dim; d++) {
                        centroids[c * dim + d] = (float) (sums[c * dim + d] / counts[c]);
                    }
                }
            }
            done++;
            if (assign(x, n, dim, centroids, kk, assignment, changedPerBlock, parallel) == 0) {
                break;
            }
        }
        return new Result(assignment, centroids, kk, done);
    }

    private static float[] seed(float[] x, int n, int dim, int k, RandomGenerator random, Parallel parallel) {
        float[] centroids = new float[k * dim];
        double[] minD2 = new double[n];
        int first = random.nextInt(n);
        System.arraycopy(x, first * dim, centroids, 0, dim);
        int blocks = (n + BLOCK - 1) / BLOCK;
        parallel.forEach(blocks, b -> {
            for (int i = b * BLOCK, end = Math.min(n, i + BLOCK); i < end; i++) {
                minD2[i] = distance2(x, i * dim, centroids, 0, dim);
            }
        });
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += minD2[i];
            }
            int pick;
            if (total > 0) {
                double u = random.nextDouble() * total;
                pick = -1;
                double cum = 0;
                for (int i = 0; i < n; i++) {
                    if (minD2[i] > 0) {
                        pick = i;
                        cum += minD2[i];
                        if (cum > u) {
                            break;
                        }
                    }
                }
            } else {
                // every point coincides with a centre already: duplicates are all that is left
                pick = random.nextInt(n);
            }
            int co = c * dim;
            System.arraycopy(x, pick * dim, centroids, co, dim);
            parallel.forEach(blocks, b -> {
                for (int i = b * BLOCK, end = Math.min(n, i + BLOCK); i < end; i++) {
                    double d2 = distance2(x, i * dim, centroids, co, dim);
                    if (d2 < minD2[i]) {
                        minD2[i] = d2;
                    }
                }
            });
        }
        return centroids;
    }

    /** Assigns every point to its nearest centre; returns how many assignments changed. */
    private static int assign(float[] x, int n, int dim, float[] centroids, int k, int[] assignment, int[] changedPerBlock,
            Parallel parallel) {
        int blocks = changedPerBlock.length;
        parallel.forEach(blocks, b -> {
            int changed = 0;
            for (int i = b * BLOCK, end = Math.min(n, i + BLOCK); i < end; i++) {
                int best = 0;
                double bestD2 = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double d2 = distance2(x, i * dim, centroids, c * dim, dim);
                    if (d2 < bestD2) {
                        bestD2 = d2;
                        best = c;
                    }
                }
                if (assignment[i] != best) {
                    changed++;
                    assignment[i] = best;
                }
            }
            changedPerBlock[b] = changed;
        });
        int changed = 0;
        for (int b = 0; b < blocks; b++) {
            changed += changedPerBlock[b];
        }
        return changed;
    }

    static double distance2(float[] a, int ao, float[] b, int bo, int dim) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
            double diff = (double) a[ao + d] - b[bo + d];
            s += diff * diff;
        }
        return s;
    }
}
