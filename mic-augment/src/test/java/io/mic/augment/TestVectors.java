package io.mic.augment;

import io.mic.spi.Vectors;
import java.util.SplittableRandom;

/** Seeded Gaussian embeddings for sampler tests: one row per user or item of {@link Batches#SCHEMA}. */
final class TestVectors {
    static final int DIM = 8;
    static final Vectors USER_VECTORS = gaussian(Batches.USERS, DIM, 1);
    static final Vectors ITEM_VECTORS = gaussian(Batches.ITEMS, DIM, 2);

    private TestVectors() {
    }

    static Vectors gaussian(int rows, int dim, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[rows * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Vectors.of(v, dim);
    }
}
