package io.mic.retrieval.index;

import java.util.SplittableRandom;

/**
 * Seeded clustered unit vectors: {@code clusters} random unit centres, each point a centre plus
 * Gaussian noise of standard deviation {@code spread / sqrt(dim)} per coordinate, normalised. Embeddings
 * of a trained two-tower model look like this (groups of similar items), which is where HNSW
 * recall differs from its behaviour on uniform noise.
 */
public final class ClusteredData {
    private ClusteredData() {
    }

    /** {@code n x dim} row-major unit vectors. */
    public static float[] generate(int n, int dim, int clusters, double spread, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) gaussian(rnd);
        }
        float[] c = VectorMath.normalizedRows(centres, clusters, dim);
        float[] out = new float[n * dim];
        double sd = spread / Math.sqrt(dim);
        for (int r = 0; r < n; r++) {
            int k = rnd.nextInt(clusters);
            for (int j = 0; j < dim; j++) {
                out[r * dim + j] = (float) (c[k * dim + j] + sd * gaussian(rnd));
            }
            VectorMath.normalizeInto(out, r * dim, out, r * dim, dim);
        }
        return out;
    }

    static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
