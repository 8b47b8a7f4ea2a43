package io.mic.models.tf;

/**
 * Deterministic parameter initialisation. Value {@code k} of a parameter is a pure function of
 * {@code (seed, k)} (a SplitMix64 counter stream), so initialisation does not depend on chunking,
 * thread count or the order rows are created in, and two runs with one seed start identically.
 */
public sealed interface Initializer permits Initializer.Normal, Initializer.Uniform, Initializer.Constant {

    /** Normal(0, stddev). */
    record Normal(double stddev) implements Initializer {
    }

    /** Uniform(-limit, limit). */
    record Uniform(double limit) implements Initializer {
    }

    /** Every value equal to {@code value} (biases). */
    record Constant(double value) implements Initializer {
    }

    /** Normal(0, 1/sqrt(dim)): unit expected squared norm for a row of width {@code dim}. */
    static Initializer embedding(int dim) {
        return new Normal(1.0 / Math.sqrt(dim));
    }

    /** Glorot/Xavier uniform for a {@code fanIn x fanOut} matrix. */
    static Initializer glorotUniform(long fanIn, long fanOut) {
        return new Uniform(Math.sqrt(6.0 / (fanIn + fanOut)));
    }

    static Initializer zeros() {
        return new Constant(0.0);
    }

    /** Value number {@code index} of a parameter seeded with {@code seed}. */
    default float value(long seed, long index) {
        if (this instanceof Constant c) {
            return (float) c.value();
        }
        long h = mix(seed * 0x9E3779B97F4A7C15L + index);
        if (this instanceof Uniform u) {
            return (float) ((unit(h) * 2.0 - 1.0) * u.limit());
        }
        Normal n = (Normal) this;
        // Box-Muller on two independent draws of the counter stream
        double u1 = (unit(mix(h ^ 0xD1B54A32D192ED03L)) + 0x1.0p-54);
        double u2 = unit(h);
        return (float) (n.stddev() * Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2));
    }

    /** Fills {@code out[off, off+len)} with values {@code first .. first+len-1}. */
    default void fill(long seed, long first, float[] out, int off, int len) {
        for (int i = 0; i < len; i++) {
            out[off + i] = value(seed, first + i);
        }
    }

    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
