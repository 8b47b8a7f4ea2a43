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
            int o = r * dim;
            int start = offsets[r];
            int end = offsets[r + 1];
            int j = 0;
            for (; j + 4 * lanes <= dim; j += 4 * lanes) {
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
            for (; j + lanes <= dim; j += lanes) {
                FloatVector a = FloatVector.zero(S);
                for (int p = start; p < end; p++) {
                    a = FloatVector.fromArray(S, x, cols[p] * dim + j).fma(FloatVector.broadcast(S, vals[p]), a);
                }
                a.intoArray(out, o + j);
            }
            for (; j < dim; j++) {
                float a = 0f;
                for (int p = start; p < end; p++) {
                    a = Math.fma(vals[p], x[cols[p] * dim + j], a);
                }
                out[o + j] = a;
            }
        }
    }

    @Override
    public String name() {
        return "simd-" + S.vectorBitSize();
    }
}
