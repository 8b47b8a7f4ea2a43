package io.mic.augment;

import io.mic.spi.Augmenter;
import io.mic.spi.FeatureBatch;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Embedding dropout, an {@link Stage#EMBEDDING} augmenter: the model multiplies looked-up
 * embeddings by the mask this fills, each element independently 0 with probability {@code p} and
 * {@code 1/(1-p)} otherwise (inverted dropout, so the expected value of every element is kept).
 * One draw per element, row-major. Immutable and thread-safe.
 */
final class EmbeddingDropoutAugmenter implements Augmenter {
    private final double p;
    private final float keepScale;

    EmbeddingDropoutAugmenter(double p) {
        this.p = p;
        this.keepScale = (float) (1.0 / (1.0 - p));
    }

    @Override
    public Stage stage() {
        return Stage.EMBEDDING;
    }

    /** Returns {@code batch} itself: this augmenter acts on embeddings, inside the model. */
    @Override
    public FeatureBatch augment(FeatureBatch batch, RandomGenerator random) {
        return Objects.requireNonNull(batch, "batch");
    }

    /**
     * Fills the first {@code rows * dim} elements of {@code mask} (the caller's buffer, which may be
     * longer so it can be reused across batch sizes); the rest is left alone.
     */
    @Override
    public void embeddingMask(float[] mask, int rows, int dim, RandomGenerator random) {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(random, "random");
        if (rows < 0 || dim <= 0 || (long) rows * dim > mask.length) {
            throw new IllegalArgumentException("embedding-dropout: mask of length " + mask.length + " cannot hold rows " + rows
                    + " x dim " + dim);
        }
        int n = rows * dim;
        if (p == 0) {
            Arrays.fill(mask, 0, n, 1f);
            return;
        }
        for (int i = 0; i < n; i++) {
            mask[i] = random.nextDouble() < p ? 0f : keepScale;
        }
    }

    @Override
    public String toString() {
        return "embedding-dropout[p=" + p + "]";
    }
}
