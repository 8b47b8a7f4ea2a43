package io.mic.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The part of an {@link Encoder} a trainer drives. The training runtime (mic-models) adds its own
 * engine-specific view; this interface holds only what a host needs without the engine on its
 * class path: parameter counts and checkpoints.
 *
 * <p>Not thread-safe: a trainer owns it while training.
 */
public interface Trainable {

    /** Number of trainable scalars (embedding rows x dim included). */
    long parameterCount();

    /**
     * Writes all parameters (and optimizer state) under {@code dir}. Implementations write to
     * temporary files and rename them atomically, so a crash never leaves a half-written checkpoint.
     */
    void saveCheckpoint(Path dir) throws IOException;

    /** Restores what {@link #saveCheckpoint} wrote; checksums that do not match are an error. */
    void loadCheckpoint(Path dir) throws IOException;
}
