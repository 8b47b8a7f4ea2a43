package io.mic.retrieval.index;

import io.mic.core.util.VectorApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inner product a graph walk ranks its candidates with: {@link #SCALAR} (eight independent
 * accumulators the JIT pipelines) or, when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, {@code SimdInnerProduct} (the JDK's Vector API: about
 * 2× faster at 64 dims on AVX2 hardware). Results differ from {@link VectorMath#dot} in the last
 * bits (summation order), so callers that return scores recompute the few they keep with it.
 *
 * <p>{@link #best()} picks once per JVM; {@code -Dmic.simd=false} forces the scalar one. {@link #available()}
 * lists both where the JVM can run both (a benchmark searching one graph with each).
 */
interface InnerProduct {
    /** {@code a[ao .. ao+dim) · b[bo .. bo+dim)}. */
    float dot(float[] a, int ao, float[] b, int bo, int dim);

    /** {@code v[off .. off+dim) · q[0 .. dim)}. */
    default float dot(float[] v, int off, float[] q, int dim) {
        return dot(v, off, q, 0, dim);
    }

    /** A short name for logs and benchmark reports: {@code scalar} or {@code simd-<bits>}. */
    String name();

    InnerProduct SCALAR = new InnerProduct() {
        @Override
        public float dot(float[] v, int off, float[] q, int qo, int dim) {
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            float s4 = 0f;
            float s5 = 0f;
            float s6 = 0f;
            float s7 = 0f;
            int i = 0;
            for (; i + 7 < dim; i += 8) {
                int o = off + i;
                int p = qo + i;
                s0 += v[o] * q[p];
                s1 += v[o + 1] * q[p + 1];
                s2 += v[o + 2] * q[p + 2];
                s3 += v[o + 3] * q[p + 3];
                s4 += v[o + 4] * q[p + 4];
                s5 += v[o + 5] * q[p + 5];
                s6 += v[o + 6] * q[p + 6];
                s7 += v[o + 7] * q[p + 7];
            }
            for (; i < dim; i++) {
                s0 += v[off + i] * q[qo + i];
            }
            return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        }

        @Override
        public String name() {
            return "scalar";
        }
    };

    /** The fastest implementation this JVM can run (decided once, see the class comment). */
    static InnerProduct best() {
        return Holder.BEST;
    }

    /**
     * Every implementation this JVM can run, {@link #SCALAR} first, then the Vector API one when the JVM
     * resolved {@code jdk.incubator.vector} (whatever {@code -Dmic.simd} says: that flag only steers
     * {@link #best()}). For benchmarks that search one graph with each kernel in turn.
     */
    static java.util.List<InnerProduct> available() {
        InnerProduct simd = SimdHolder.SIMD;
        return simd == null ? java.util.List.of(SCALAR) : java.util.List.of(SCALAR, simd);
    }

    /** Lazy holder: the choice (and its one log line) happens on first use. */
    final class Holder {
        static final InnerProduct BEST = choose();

        private Holder() {
        }

        private static InnerProduct choose() {
            Logger log = LoggerFactory.getLogger(InnerProduct.class);
            if (VectorApi.disabledByFlag()) {
                log.debug("hnsw inner product: scalar (-Dmic.simd=false)");
                return SCALAR;
            }
            InnerProduct simd = SimdHolder.SIMD;
            if (simd == null) {
                log.debug("hnsw inner product: scalar (run with --add-modules jdk.incubator.vector for SIMD)");
                return SCALAR;
            }
            log.debug("hnsw inner product: {}", simd.name());
            return simd;
        }
    }

    /** Lazy holder of the Vector API implementation: loaded on first use only. */
    final class SimdHolder {
        static final InnerProduct SIMD = loadSimd();

        private SimdHolder() {
        }

        /** The Vector API implementation, or null when this JVM did not resolve the module or it did not load. */
        private static InnerProduct loadSimd() {
            return VectorApi.load(InnerProduct.class, InnerProduct.class.getPackageName() + ".SimdInnerProduct", "hnsw inner product");
        }
    }
}
