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

    /**
     * Xavier/Glorot normal for an embedding table of {@code rows x dim}: Normal(0, sqrt(2 / (rows + dim))),
     * what PyTorch's {@code xavier_normal_} gives an {@code [rows, dim]} weight (fan_in = dim,
     * fan_out = rows) and RecBole uses for its id embeddings.
     */
    static Initializer xavierNormal(long rows, long dim) {
        return new Normal(Math.sqrt(2.0 / (rows + dim)));
    }

    /**
     * How an encoder initialises its embedding tables: the value of an encoder's {@code init}
     * parameter. {@link #XAVIER_NORMAL} ({@code xavier-normal}) is the default; {@link #NORMAL_INV_SQRT_DIM}
     * ({@code normal-inv-sqrt-dim}) is Normal(0, 1/sqrt(dim)), the runtime's scheme before issue 17,
     * about 3x the xavier scale at dim 64 on ml-100k-sized tables.
     */
    enum Table {
        XAVIER_NORMAL("xavier-normal"),
        NORMAL_INV_SQRT_DIM("normal-inv-sqrt-dim");

        private final String label;

        Table(String label) {
            this.label = label;
        }

        /** The config spelling. */
        public String label() {
            return label;
        }

        /** The initializer of a {@code rows x dim} table under this scheme. */
        public Initializer of(long rows, int dim) {
            return this == XAVIER_NORMAL ? xavierNormal(rows, dim) : embedding(dim);
        }

        /** The scheme spelled {@code text}. */
        public static Table parse(String text) {
            for (Table t : values()) {
                if (t.label.equals(text)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown table init '" + text + "'; valid: " + String.join(", ", labels()));
        }

        /** Every spelling, in declaration order. */
        public static String[] labels() {
            Table[] v = values();
            String[] out = new String[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i].label;
            }
            return out;
        }
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
