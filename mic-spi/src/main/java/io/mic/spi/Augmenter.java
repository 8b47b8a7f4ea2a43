package io.mic.spi;

import java.util.random.RandomGenerator;

/**
 * Produces an augmented view of a feature batch (field masking, sequence crop/reorder, feature
 * noise), or, for {@link Stage#EMBEDDING} augmenters, a mask applied inside the model graph to
 * looked-up embeddings (embedding dropout).
 *
 * <p>Contract: never mutates the input batch or its arrays; output has the same size and column
 * names; the same input and generator state give the same output. Thread-safe: all randomness
 * comes from the generator argument, which callers do not share across threads.
 */
public interface Augmenter {

    /** Where the augmentation happens. */
    enum Stage {
        /** On the feature batch, before encoding: {@link #augment} applies. */
        INPUT,
        /** On embeddings inside the model: {@link #embeddingMask} applies. */
        EMBEDDING
    }

    /** This augmenter's stage. */
    default Stage stage() {
        return Stage.INPUT;
    }

    /** A new view of {@code batch}. {@link Stage#EMBEDDING} augmenters return {@code batch} unchanged. */
    FeatureBatch augment(FeatureBatch batch, RandomGenerator random);

    /**
     * Fills {@code mask} ({@code rows x dim}, row-major) with the multiplicative mask for one
     * embedding tensor (e.g. 0 or {@code 1/(1-p)} for inverted dropout). Only
     * {@link Stage#EMBEDDING} augmenters implement it.
     */
    default void embeddingMask(float[] mask, int rows, int dim, RandomGenerator random) {
        throw new UnsupportedOperationException(getClass().getName() + " is an input-stage augmenter");
    }
}
