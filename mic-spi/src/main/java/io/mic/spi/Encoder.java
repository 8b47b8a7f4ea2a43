package io.mic.spi;

import java.util.Optional;

/**
 * A two-tower model: turns user feature batches and item feature batches into vectors in one
 * space, so that a user-item score is the dot product (U2I), and user-user and item-item
 * similarities are dot products within a tower (U2U, I2I). Multi-interest encoders (Re4,
 * ComiRec, MISSRec) emit {@link #userInterests()} vectors per user.
 *
 * <p>Threading: {@code encodeUsers}/{@code encodeItems} are safe to call from many threads once
 * the encoder is trained or loaded; training itself goes through {@link #trainable()} and is
 * single-threaded. Returned {@link Vectors} are owned by the caller.
 *
 * <p>Determinism: inference is a pure function of parameters and input.
 */
public interface Encoder {

    /** Width of every emitted vector. */
    int dim();

    /** Vectors per user (K of a multi-interest encoder); 1 for single-vector encoders. */
    default int userInterests() {
        return 1;
    }

    /** {@code batch.size() x userInterests()} rows. Unknown ids are an error, not a zero vector. */
    Vectors encodeUsers(FeatureBatch batch);

    /** {@code batch.size()} rows. */
    Vectors encodeItems(FeatureBatch batch);

    /** The training view, for encoders with parameters. */
    default Optional<Trainable> trainable() {
        return Optional.empty();
    }
}
