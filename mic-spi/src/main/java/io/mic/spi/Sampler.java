package io.mic.spi;

import java.util.random.RandomGenerator;

/**
 * Draws extra positives or negatives for a training batch of (user, item) pairs: kNN extended
 * positives, k-means++ hard negatives, popularity negatives.
 *
 * <p>Embedding-aware samplers see the current embeddings through {@link #refresh}, which the
 * trainer calls every {@link #refreshEvery()} steps (and once before the first step). Sampling and
 * refreshing happen on the trainer's thread; implementations need not be thread-safe.
 * Determinism: same refresh inputs and generator state give the same samples.
 */
public interface Sampler {

    /**
     * Samples for one batch.
     *
     * @param users  batch user ids (read-only)
     * @param items  batch positive item ids, aligned with {@code users} (read-only)
     * @param random the trainer's generator for this sampler
     */
    Samples sample(int[] users, int[] items, RandomGenerator random);

    /** Steps between {@link #refresh} calls; 0 means the sampler never needs embeddings. */
    default int refreshEvery() {
        return 0;
    }

    /**
     * Gives the sampler the current embeddings of all users and all items (row = id). The arrays
     * belong to the trainer and change after the call returns: copy what must be kept.
     */
    default void refresh(Vectors users, Vectors items, RandomGenerator random) {
    }
}
