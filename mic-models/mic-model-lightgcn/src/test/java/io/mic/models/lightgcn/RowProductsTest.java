package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The propagation kernels: the SIMD one must give the scalar one's floats bit for bit (both
 * accumulate each element with one FMA per non-zero in CSR order), at widths below, at and above
 * the vector width and with tails, and both must be the CSR product (double reference).
 */
class RowProductsTest {
    private static final int[] DIMS = {1, 3, 7, 15, 16, 17, 31, 48, 63, 64, 65, 100, 130};

    @Test
    void theTestJvmResolvesTheVectorApiSoTheSimdKernelIsTheOneUnderTest() {
        // surefire runs this module with --add-modules jdk.incubator.vector (pom.xml)
        assertThat(RowProducts.best().name()).startsWith("simd-");
    }

    @Test
    void simdEqualsScalarBitForBitAndBothAreTheCsrProduct() {
        SplittableRandom r = new SplittableRandom(7);
        int rows = 40;
        int[] offsets = new int[rows + 1];
        for (int i = 0; i < rows; i++) {
            offsets[i + 1] = offsets[i] + (i % 9 == 0 ? 0 : r.nextInt(1, 30)); // some empty rows
        }
        int[] cols = new int[offsets[rows]];
        float[] vals = new float[cols.length];
        for (int p = 0; p < cols.length; p++) {
            cols[p] = r.nextInt(rows);
            vals[p] = (float) r.nextDouble(-1, 1);
        }
        RowProducts simd = new SimdRowProducts();
        for (int dim : DIMS) {
            float[] x = new float[rows * dim];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            float[] a = new float[rows * dim];
            float[] b = new float[rows * dim];
            java.util.Arrays.fill(a, Float.NaN); // the kernels overwrite, never accumulate into, out
            java.util.Arrays.fill(b, Float.NaN);
            RowProducts.SCALAR.multiplyRows(offsets, cols, vals, x, a, dim, 0, rows);
            simd.multiplyRows(offsets, cols, vals, x, b, dim, 0, rows);
            assertThat(b).as("dim %d", dim).isEqualTo(a);
            for (int row = 0; row < rows; row++) {
                for (int j = 0; j < dim; j++) {
                    double want = 0;
                    for (int p = offsets[row]; p < offsets[row + 1]; p++) {
                        want += (double) vals[p] * x[cols[p] * dim + j];
                    }
                    assertThat((double) a[row * dim + j]).as("dim %d row %d col %d", dim, row, j).isCloseTo(want, offset(1e-4));
                }
            }
        }
    }

    @Test
    void aRowRangeTouchesOnlyItsRows() {
        int[] offsets = {0, 1, 2, 3};
        int[] cols = {1, 2, 0};
        float[] vals = {1f, 2f, 3f};
        float[] x = {1, 1, 2, 2, 3, 3};
        for (RowProducts k : new RowProducts[] {RowProducts.SCALAR, new SimdRowProducts()}) {
            float[] out = {-1, -1, -1, -1, -1, -1};
            k.multiplyRows(offsets, cols, vals, x, out, 2, 1, 2);
            assertThat(out).as(k.name()).containsExactly(-1, -1, 6, 6, -1, -1);
        }
    }
}
