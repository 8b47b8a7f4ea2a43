package io.mic.spi;

import java.util.Objects;
import java.util.Optional;
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

    /**
     * What every {@link #sample} returns, declared up front so that a model can build its graph
     * (which loss term the ids feed, how many per row) before the first batch and without drawing
     * a sample. Must be constant over the sampler's life and agree with every {@link Samples} it
     * returns (same {@code target}, {@code positive}, {@code perRow}).
     *
     * @return the role, or empty when the sampler does not declare one (the default, for samplers
     *         written before this method; models that route samples by role reject them with an
     *         error naming the sampler)
     */
    default Optional<Role> role() {
        return Optional.empty();
    }

    /**
     * A sampler's declared output layout.
     *
     * @param target   whether the sampled ids are users or items
     * @param positive extended positives ({@code true}) or negatives ({@code false})
     * @param perRow   samples per batch row, at least 1
     */
    record Role(Samples.Target target, boolean positive, int perRow) {
        public Role {
            Objects.requireNonNull(target, "target");
            if (perRow < 1) {
                throw new IllegalArgumentException("perRow " + perRow + " must be at least 1");
            }
        }

        /** Whether {@code s} has this role's target, sign and row width. */
        public boolean matches(Samples s) {
            return s.target() == target && s.positive() == positive && s.perRow() == perRow;
        }
    }
}
