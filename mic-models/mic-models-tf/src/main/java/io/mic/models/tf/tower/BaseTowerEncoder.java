package io.mic.models.tf.tower;

import io.mic.models.tf.Optimizer;
import io.mic.models.tf.training.EncoderCheckpoints;
import io.mic.spi.Trainable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What every {@link TowerEncoder} with Java-held parameters does the same way: its name, output dim and
 * normalisation; the optimizer its parameters were created with, bound once by {@link #prepare} (the same optimizer
 * again is a no-op, another one an error); and the checkpoint round trip over {@link #tables()} and {@link #params()}
 * through {@link EncoderCheckpoints}. A subclass creates its parameters in {@link #createParameters} and calls
 * {@link #requirePrepared()} before it touches them.
 *
 * <p>Threading: as {@link TowerEncoder}; {@link #prepare} is synchronized.
 */
public abstract class BaseTowerEncoder implements TowerEncoder {
    private final String name;
    private final int dim;
    private final boolean normalize;
    private Optimizer optimizer;

    protected BaseTowerEncoder(String name, int dim, boolean normalize) {
        this.name = name;
        this.dim = dim;
        this.normalize = normalize;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int dim() {
        return dim;
    }

    @Override
    public final boolean normalized() {
        return normalize;
    }

    @Override
    public final synchronized void prepare(Optimizer opt) {
        if (optimizer != null) {
            if (!optimizer.equals(opt)) {
                throw new IllegalStateException(name + ": parameters were created with " + optimizer + ", not " + opt);
            }
            return;
        }
        optimizer = opt;
        createParameters(opt);
    }

    /** Creates the tables and dense weights with {@code opt}; called once, by the first {@link #prepare}. */
    protected abstract void createParameters(Optimizer opt);

    /** The optimizer the parameters were created with (after {@link #prepare}). */
    protected final Optimizer optimizer() {
        requirePrepared();
        return optimizer;
    }

    /** Fails unless {@link #prepare} has created the parameters. */
    protected final void requirePrepared() {
        if (optimizer == null) {
            throw new IllegalStateException(name + ": prepare(optimizer) was not called (no parameters yet)");
        }
    }

    @Override
    public final Optional<Trainable> trainable() {
        return Optional.of(this);
    }

    @Override
    public final void saveCheckpoint(Path dir) throws IOException {
        requirePrepared();
        EncoderCheckpoints.save(dir, name, optimizer, tables(), params());
    }

    @Override
    public final void loadCheckpoint(Path dir) throws IOException {
        prepare(EncoderCheckpoints.verify(dir, name));
        EncoderCheckpoints.restore(dir, tables(), params());
    }
}
