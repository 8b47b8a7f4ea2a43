package io.mic.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class InnerProductTest {
    private static final int[] DIMS = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 100, 257};

    @Test
    void theTestJvmResolvesTheVectorApiSoTheSimdPathIsTheOneUnderTest() {
        // surefire runs this module with --add-modules jdk.incubator.vector (pom.xml)
        assertThat(InnerProduct.best().name()).startsWith("simd-");
    }

    @Test
    void scalarAndSimdAgreeWithTheReferenceSumAtEveryDimAndOffset() {
        Random r = new Random(3);
        InnerProduct[] impls = {InnerProduct.SCALAR, new SimdInnerProduct()};
        for (int dim : DIMS) {
            float[] v = new float[5 * dim + 3];
            float[] q = new float[dim];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < dim; i++) {
                q[i] = (float) r.nextGaussian();
            }
            for (int off : new int[] {0, 3, 2 * dim + 1}) {
                double ref = 0;
                for (int i = 0; i < dim; i++) {
                    ref += (double) v[off + i] * q[i];
                }
                for (InnerProduct ip : impls) {
                    assertThat((double) ip.dot(v, off, q, dim)).as("%s dim %d off %d", ip.name(), dim, off)
                            .isCloseTo(ref, within(1e-4 * (1 + Math.sqrt(dim))));
                }
            }
        }
    }
}
