package io.mic.models.tf.tables;

import io.mic.models.tf.Optimizer;




/**
 * Per-row optimizer state of an {@link EmbeddingTable}, created on a row's first update. Memory
 * grows with the rows actually trained, not with the vocabulary: storage is allocated in chunks on
 * first touch ({@link Adagrad}) or in a dense slot array indexed through a lazily built
 * row-to-slot map ({@link Adam}, whose state is 2 x dim floats per row).
 *
 * <p>Not thread-safe; the owning table serialises access.
 */
abstract class RowState {

    /** Rows per lazily allocated state chunk. */
    static final int CHUNK_SHIFT = 16;
    static final int CHUNK_ROWS = 1 << CHUNK_SHIFT;
    static final int CHUNK_MASK = CHUNK_ROWS - 1;

    final int rows;
    final int dim;

    RowState(int rows, int dim) {
        this.rows = rows;
        this.dim = dim;
    }

    static RowState create(Optimizer optimizer, int rows, int dim) {
        if (optimizer instanceof Optimizer.Adagrad a) {
            return new Adagrad(rows, dim, a);
        } else if (optimizer instanceof Optimizer.Adam a) {
            return new Adam(rows, dim, a);
        }
        return new Sgd(rows, dim);
    }

    /** Updates the row stored at {@code w[wOff, wOff+dim)} with gradient {@code g[gOff, gOff+dim)}. */
    abstract void apply(int row, float[] w, int wOff, float[] g, int gOff, float lr);

    /**
     * Reads (and returns, so the load is kept) one value of row {@code row}'s state, without
     * creating it: {@link EmbeddingTable#applyGradients} touches every row of a batch first so
     * that their cache and TLB misses overlap instead of coming one row at a time.
     */
    abstract float peek(int row);

    /** Rows that have state. */
    abstract long touchedRows();

    /** Bytes held by the state. */
    abstract long bytes();

    /** Floats of state per touched row (besides its step counter). */
    abstract int width();

    /** The first touched row {@code >= from}, or -1. */
    abstract int nextTouched(int from);

    /** Copies a touched row's state into {@code out[off, off+width)} and returns its step count. */
    abstract int export(int row, float[] out, int off);

    /** Restores a row's state (marks it touched). */
    abstract void restore(int row, int steps, float[] in, int off);

    /** No state. */
    static final class Sgd extends RowState {
        Sgd(int rows, int dim) {
            super(rows, dim);
        }

        @Override
        void apply(int row, float[] w, int wOff, float[] g, int gOff, float lr) {
            for (int j = 0; j < dim; j++) {
                w[wOff + j] -= lr * g[gOff + j];
            }
        }

        @Override
        float peek(int row) {
            return 0f;
        }

        @Override
        long touchedRows() {
            return 0;
        }

        @Override
        long bytes() {
            return 0;
        }

        @Override
        int width() {
            return 0;
        }

        @Override
        int nextTouched(int from) {
            return -1;
        }

        @Override
        int export(int row, float[] out, int off) {
            throw new IllegalStateException("sgd keeps no state");
        }

        @Override
        void restore(int row, int steps, float[] in, int off) {
            throw new IllegalStateException("sgd keeps no state");
        }
    }

    /** Row-wise Adagrad: one accumulator per row, a touched bit per row. */
    static final class Adagrad extends RowState {
        private final float init;
        private final float eps;
        private final long[] touched;
        private final float[][] acc;
        private long count;

        Adagrad(int rows, int dim, Optimizer.Adagrad cfg) {
            super(rows, dim);
            this.init = cfg.initialAccumulator();
            this.eps = cfg.epsilon();
            this.touched = new long[(rows + 63) >>> 6];
            this.acc = new float[(rows + CHUNK_MASK) >>> CHUNK_SHIFT][];
        }

        private int slot(int row) {
            float[] c = acc[row >>> CHUNK_SHIFT];
            if (c == null) {
                c = new float[CHUNK_ROWS];
                acc[row >>> CHUNK_SHIFT] = c;
            }
            long bit = 1L << row;
            if ((touched[row >>> 6] & bit) == 0) {
                touched[row >>> 6] |= bit;
                c[row & CHUNK_MASK] = init;
                count++;
            }
            return row & CHUNK_MASK;
        }

        @Override
        void apply(int row, float[] w, int wOff, float[] g, int gOff, float lr) {
            int s = slot(row);
            float[] c = acc[row >>> CHUNK_SHIFT];
            double sq = 0;
            for (int j = 0; j < dim; j++) {
                float v = g[gOff + j];
                sq += v * v;
            }
            float a = c[s] + (float) (sq / dim);
            c[s] = a;
            float scale = lr / ((float) Math.sqrt(a) + eps);
            for (int j = 0; j < dim; j++) {
                w[wOff + j] -= scale * g[gOff + j];
            }
        }

        @Override
        float peek(int row) {
            float[] c = acc[row >>> CHUNK_SHIFT];
            return c == null ? 0f : c[row & CHUNK_MASK] + (touched[row >>> 6] & 1L);
        }

        @Override
        long touchedRows() {
            return count;
        }

        @Override
        long bytes() {
            long b = touched.length * 8L;
            for (float[] c : acc) {
                if (c != null) {
                    b += c.length * 4L;
                }
            }
            return b;
        }

        @Override
        int width() {
            return 1;
        }

        @Override
        int nextTouched(int from) {
            if (from >= rows) {
                return -1;
            }
            int word = from >>> 6;
            long bits = touched[word] & (-1L << from);
            while (true) {
                if (bits != 0) {
                    int r = (word << 6) + Long.numberOfTrailingZeros(bits);
                    return r < rows ? r : -1;
                }
                if (++word == touched.length) {
                    return -1;
                }
                bits = touched[word];
            }
        }

        @Override
        int export(int row, float[] out, int off) {
            out[off] = acc[row >>> CHUNK_SHIFT][row & CHUNK_MASK];
            return 0;
        }

        @Override
        void restore(int row, int steps, float[] in, int off) {
            int s = slot(row);
            acc[row >>> CHUNK_SHIFT][s] = in[off];
        }
    }

    /** Lazy Adam: m and v per weight for touched rows only, bias correction by the row's own step count. */
    static final class Adam extends RowState {
        private static final int SLOT_SHIFT = 12;
        private static final int SLOT_MASK = (1 << SLOT_SHIFT) - 1;
        private final float beta1;
        private final float beta2;
        private final float eps;
        /** slot + 1 per row (0 = no state), chunks allocated on first touch. */
        private final int[][] slotOf;
        private float[][] moments = new float[16][];
        private int[][] steps = new int[16][];
        private int used;

        Adam(int rows, int dim, Optimizer.Adam cfg) {
            super(rows, dim);
            this.beta1 = cfg.beta1();
            this.beta2 = cfg.beta2();
            this.eps = cfg.epsilon();
            this.slotOf = new int[(rows + CHUNK_MASK) >>> CHUNK_SHIFT][];
        }

        private int slot(int row) {
            int[] c = slotOf[row >>> CHUNK_SHIFT];
            if (c == null) {
                c = new int[CHUNK_ROWS];
                slotOf[row >>> CHUNK_SHIFT] = c;
            }
            int s = c[row & CHUNK_MASK] - 1;
            if (s < 0) {
                s = used++;
                int chunk = s >>> SLOT_SHIFT;
                if (chunk == moments.length) {
                    moments = java.util.Arrays.copyOf(moments, chunk * 2);
                    steps = java.util.Arrays.copyOf(steps, chunk * 2);
                }
                if (moments[chunk] == null) {
                    moments[chunk] = new float[(1 << SLOT_SHIFT) * 2 * dim];
                    steps[chunk] = new int[1 << SLOT_SHIFT];
                }
                c[row & CHUNK_MASK] = s + 1;
            }
            return s;
        }

        @Override
        void apply(int row, float[] w, int wOff, float[] g, int gOff, float lr) {
            int s = slot(row);
            float[] mv = moments[s >>> SLOT_SHIFT];
            int base = (s & SLOT_MASK) * 2 * dim;
            int[] st = steps[s >>> SLOT_SHIFT];
            int t = ++st[s & SLOT_MASK];
            float c1 = (float) (1.0 / (1.0 - Math.pow(beta1, t)));
            float c2 = (float) (1.0 / (1.0 - Math.pow(beta2, t)));
            for (int j = 0; j < dim; j++) {
                float gj = g[gOff + j];
                float m = beta1 * mv[base + j] + (1f - beta1) * gj;
                float v = beta2 * mv[base + dim + j] + (1f - beta2) * gj * gj;
                mv[base + j] = m;
                mv[base + dim + j] = v;
                w[wOff + j] -= lr * (m * c1) / ((float) Math.sqrt(v * c2) + eps);
            }
        }

        @Override
        float peek(int row) {
            int[] c = slotOf[row >>> CHUNK_SHIFT];
            int s = c == null ? -1 : c[row & CHUNK_MASK] - 1;
            return s < 0 ? 0f : moments[s >>> SLOT_SHIFT][(s & SLOT_MASK) * 2 * dim];
        }

        @Override
        long touchedRows() {
            return used;
        }

        @Override
        long bytes() {
            long b = 0;
            for (int[] c : slotOf) {
                if (c != null) {
                    b += c.length * 4L;
                }
            }
            for (int i = 0; i < moments.length; i++) {
                if (moments[i] != null) {
                    b += moments[i].length * 4L + steps[i].length * 4L;
                }
            }
            return b;
        }

        @Override
        int width() {
            return 2 * dim;
        }

        @Override
        int nextTouched(int from) {
            for (int r = from; r < rows; ) {
                int[] c = slotOf[r >>> CHUNK_SHIFT];
                if (c == null) {
                    long next = ((long) (r >>> CHUNK_SHIFT) + 1) << CHUNK_SHIFT;
                    if (next >= rows) {
                        return -1;
                    }
                    r = (int) next;
                    continue;
                }
                if (c[r & CHUNK_MASK] != 0) {
                    return r;
                }
                r++;
            }
            return -1;
        }

        @Override
        int export(int row, float[] out, int off) {
            int s = slotOf[row >>> CHUNK_SHIFT][row & CHUNK_MASK] - 1;
            System.arraycopy(moments[s >>> SLOT_SHIFT], (s & SLOT_MASK) * 2 * dim, out, off, 2 * dim);
            return steps[s >>> SLOT_SHIFT][s & SLOT_MASK];
        }

        @Override
        void restore(int row, int stepCount, float[] in, int off) {
            int s = slot(row);
            System.arraycopy(in, off, moments[s >>> SLOT_SHIFT], (s & SLOT_MASK) * 2 * dim, 2 * dim);
            steps[s >>> SLOT_SHIFT][s & SLOT_MASK] = stepCount;
        }
    }
}
