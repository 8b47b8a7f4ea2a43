package io.mic.models.tf.layers;

import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.ops.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Inverted dropout inside the graph: {@code x * keep / (1 - rate)} with {@code keep} drawn by
 * {@code StatelessRandomUniform} from a {@code [2]} int32 seed that the trainer feeds on every
 * step (see {@link #seedFor}). The mask is a pure function of (seed, site), so a step is
 * reproducible from the run seed and the step number, and nothing of size {@code B x L x d} is
 * drawn in Java or fed. Each {@link #apply} call is its own site with an independent stream.
 *
 * <p>{@link #off()} is the identity: use it for forward (inference) and export graphs. A
 * {@code Dropout} belongs to one graph; not thread-safe while building.
 */
public final class Dropout {
    private static final Dropout OFF = new Dropout(null, null);
    private final Operand<TInt32> seed;
    private final Placeholder<TInt32> input;
    private int sites;

    private Dropout(Operand<TInt32> seed, Placeholder<TInt32> input) {
        this.seed = seed;
        this.input = input;
    }

    /** No dropout (inference, export). */
    public static Dropout off() {
        return OFF;
    }

    /** Dropout seeded by the {@code [2]} int32 operand {@code seed} (tests pass a constant). */
    public static Dropout seeded(Operand<TInt32> seed) {
        return new Dropout(seed, null);
    }

    /**
     * Dropout seeded by a new {@code [2]} int32 input {@code name} of {@code gb}'s graph; feed it
     * on every training step with {@code feeds.ints(dropout.seedInput(), Dropout.seedFor(seed, step), 2)}.
     * In an export graph this returns {@link #off()} (no input is created).
     */
    public static Dropout input(GraphBuilder gb, String name) {
        if (gb.isExport()) {
            return OFF;
        }
        Placeholder<TInt32> p = gb.intInput(name, 2);
        return new Dropout(p, p);
    }

    /** The seed placeholder to feed; null when this dropout is off or seeded by a constant. */
    public Placeholder<TInt32> seedInput() {
        return input;
    }

    /** True unless this is {@link #off()}. */
    public boolean active() {
        return seed != null;
    }

    /** The value to feed for training step {@code step} of a run seeded with {@code runSeed}. */
    public static int[] seedFor(long runSeed, long step) {
        long h = Initializer.mix(runSeed * 0x9E3779B97F4A7C15L + step);
        return new int[] {(int) h, (int) (h >>> 32)};
    }

    /**
     * {@code x} with each element zeroed with probability {@code rate} and the rest scaled by
     * {@code 1 / (1 - rate)}; {@code x} itself when off or {@code rate == 0}.
     */
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        if (seed == null || rate == 0) {
            return x;
        }
        int site = sites++;
        // a distinct Philox key per site: the streams of two sites are independent
        Operand<TInt32> s = tf.math.add(seed, tf.constant(new int[] {(int) Initializer.mix(site + 1L), site}));
        Operand<T> u = tf.random.statelessRandomUniform(tf.shape(x), s, x.type());
        Operand<T> keep = tf.dtypes.cast(tf.math.greaterEqual(u, Layers.scalar(tf, rate, x)), x.type());
        return Layers.dropout(tf, x, keep, 1.0 - rate);
    }
}
