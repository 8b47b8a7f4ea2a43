package io.mic.models.lightgcn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowProducts} on the JDK's incubating Vector API: a row's output is held in registers (four
 * vectors of the platform's preferred width at a time, so dim 64 on AVX-512 is one pass over the
 * row's non-zeros) while the non-zeros stream by, one FMA per element and non-zero in CSR order, as
 * {@link RowProducts#SCALAR} does; scalar FMAs for a tail narrower than a vector. Loaded
 * reflectively by {@link RowProducts#best()} only when the JVM resolved {@code jdk.incubator.vector}.
 */
final class SimdRowProducts implements RowProducts {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public void multiplyRows(int[] offsets, int[] cols, float[] vals, float[] x, float[] out, int dim, int from, int to) {
        int lanes = S.length();
        for (int r = from; r < to; r++) {
            int j = 0;
            for (; j + 4 * lanes <= dim; j += 4 * lanes) {
                block4(offsets[r], offsets[r + 1], cols, vals, x, out, dim, r * dim, j);
            }
            for (; j + lanes <= dim; j += lanes) {
                block1(offsets[r], offsets[r + 1], cols, vals, x, out, dim, r * dim, j);
            }
            for (; j < dim; j++) {
                float a = 0f;
                for (int p = offsets[r]; p < offsets[r + 1]; p++) {
                    a = Math.fma(vals[p], x[cols[p] * dim + j], a);
                }
                out[r * dim + j] = a;
            }
        }
    }

    // The vector loops live in small methods of their own: with them inlined into one large method C2 gave up
    // inlining the Vector API calls and ran their Java fallbacks (measured: 80-120 ms per ml-1m-sized product,
    // the scalar kernel's speed, against 12-18 ms split like this; JFR showed FloatVector.lanewiseTemplate hot).

    /** {@code out[o+j .. o+j+4L)} of one row: four accumulators of L lanes, one FMA each per non-zero. */
    private static void block4(int start, int end, int[] cols, float[] vals, float[] x, float[] out, int dim, int o, int j) {
        int lanes = S.length();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int p = start; p < end; p++) {
            FloatVector w = FloatVector.broadcast(S, vals[p]);
            int c = cols[p] * dim + j;
            a0 = FloatVector.fromArray(S, x, c).fma(w, a0);
            a1 = FloatVector.fromArray(S, x, c + lanes).fma(w, a1);
            a2 = FloatVector.fromArray(S, x, c + 2 * lanes).fma(w, a2);
            a3 = FloatVector.fromArray(S, x, c + 3 * lanes).fma(w, a3);
        }
        a0.intoArray(out, o + j);
        a1.intoArray(out, o + j + lanes);
        a2.intoArray(out, o + j + 2 * lanes);
        a3.intoArray(out, o + j + 3 * lanes);
    }

    /** {@code out[o+j .. o+j+L)} of one row. */
    private static void block1(int start, int end, int[] cols, float[] vals, float[] x, float[] out, int dim, int o, int j) {
        FloatVector a = FloatVector.zero(S);
        for (int p = start; p < end; p++) {
            a = FloatVector.fromArray(S, x, cols[p] * dim + j).fma(FloatVector.broadcast(S, vals[p]), a);
        }
        a.intoArray(out, o + j);
    }

    @Override
    public String name() {
        return "simd-" + S.vectorBitSize();
    }
}
