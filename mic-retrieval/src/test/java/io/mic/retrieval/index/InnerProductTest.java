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

    @Test
    void bothOffsetsAreHonoured() {
        Random r = new Random(4);
        int dim = 37;
        float[] a = new float[3 * dim + 5];
        float[] b = new float[2 * dim + 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        double ref = 0;
        for (int i = 0; i < dim; i++) {
            ref += (double) a[dim + 5 + i] * b[dim + 3 + i];
        }
        for (InnerProduct ip : new InnerProduct[] {InnerProduct.SCALAR, new SimdInnerProduct()}) {
            assertThat((double) ip.dot(a, dim + 5, b, dim + 3, dim)).as(ip.name()).isCloseTo(ref, within(1e-4 * (1 + Math.sqrt(dim))));
        }
    }
}
