package io.mic.models.lightgcn;

import io.mic.core.util.VectorApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel of {@link NormalizedGraph#multiply}: {@code out[r] = Σ_p vals[p] · x[cols[p]]} for the
 * rows {@code [from, to)} of a CSR matrix and a row-major {@code x} of width {@code dim}. Each output
 * element is accumulated in CSR order with one fused multiply-add per non-zero, starting from 0, so
 * {@link #SCALAR} ({@link Math#fma}) and {@code SimdRowProducts} (the JDK's Vector API, one lane per
 * element) give the same floats bit for bit: a run's numbers do not depend on which one the JVM picked.
 *
 * <p>{@link #best()} picks once per JVM: the SIMD kernel when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (what {@code ./mic} passes; ≈ 7× the scalar speed at
 * dim 64 on AVX-512, measured on the ml-1m graph), else the scalar one; {@code -Dmic.simd=false}
 * forces the scalar one.
 */
interface RowProducts {
    void multiplyRows(int[] offsets, int[] cols, float[] vals, float[] x, float[] out, int dim, int from, int to);

    /** {@code scalar} or {@code simd-<bits>}, for the log line and tests. */
    String name();

    RowProducts SCALAR = new RowProducts() {
        @Override
        public void multiplyRows(int[] offsets, int[] cols, float[] vals, float[] x, float[] out, int dim, int from, int to) {
            for (int r = from; r < to; r++) {
                int o = r * dim;
                java.util.Arrays.fill(out, o, o + dim, 0f);
                for (int p = offsets[r]; p < offsets[r + 1]; p++) {
                    float w = vals[p];
                    int c = cols[p] * dim;
                    for (int j = 0; j < dim; j++) {
                        out[o + j] = Math.fma(w, x[c + j], out[o + j]);
                    }
                }
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    };

    static RowProducts best() {
        return Holder.BEST;
    }

    /** Lazy holder: the choice (and its one log line) happens on first use. */
    final class Holder {
        static final RowProducts BEST = choose();

        private Holder() {
        }

        private static RowProducts choose() {
            Logger log = LoggerFactory.getLogger(RowProducts.class);
            if (VectorApi.disabledByFlag()) {
                log.info("lightgcn propagation: scalar kernel (-Dmic.simd=false)");
                return SCALAR;
            }
            RowProducts simd = VectorApi.load(RowProducts.class, RowProducts.class.getPackageName() + ".SimdRowProducts",
                    "lightgcn propagation");
            if (simd == null) {
                log.info("lightgcn propagation: scalar kernel (run the JVM with --add-modules jdk.incubator.vector for the"
                        + " SIMD one, about 5-7x faster; same results)");
                return SCALAR;
            }
            log.info("lightgcn propagation: {} kernel", simd.name());
            return simd;
        }
    }
}
