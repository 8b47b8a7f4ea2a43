package io.mic.retrieval.index;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link InnerProduct} on the JDK's incubating Vector API (two FMA accumulators of the platform's
 * preferred width, scalar tail). Loaded reflectively by {@link InnerProduct#best()} only when the
 * JVM resolved {@code jdk.incubator.vector}; never referenced directly elsewhere.
 */
final class SimdInnerProduct implements InnerProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public float dot(float[] v, int off, float[] q, int qo, int dim) {
        int lanes = S.length();
        FloatVector a = FloatVector.zero(S);
        FloatVector b = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * lanes <= dim; i += 2 * lanes) {
            a = FloatVector.fromArray(S, v, off + i).fma(FloatVector.fromArray(S, q, qo + i), a);
            b = FloatVector.fromArray(S, v, off + i + lanes).fma(FloatVector.fromArray(S, q, qo + i + lanes), b);
        }
        for (; i + lanes <= dim; i += lanes) {
            a = FloatVector.fromArray(S, v, off + i).fma(FloatVector.fromArray(S, q, qo + i), a);
        }
        float s = a.add(b).reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            s += v[off + i] * q[qo + i];
        }
        return s;
    }

    @Override
    public String name() {
        return "simd-" + S.vectorBitSize();
    }
}
