package io.mic.models.missrec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.models.tf.GradientCheck;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The in-graph DPC-KNN ({@link DpcKnnGraph}, float64) against the plain-Java definition
 * ({@link DpcKnn}) on random padded sequences, including repeated items (identical tokens), one-token
 * and all-padding rows; and the reference itself on a hand-worked example.
 */
class DpcKnnTest {
    private static final int L = 9;
    private static final int D = 3;

    @Test
    void handWorkedExampleFindsTheTwoGroups() {
        // two tight groups {0, 1, 2} around (0,0) and {3, 4} around (10,10), one padding position
        double[] x = {0, 0, 0.1, 0, 0, 0.1, 10, 10, 10.1, 10, 0, 0};
        boolean[] mask = {true, true, true, true, true, false};
        DpcKnn.Clusters c = DpcKnn.cluster(x, mask, 2, 1, 2);
        assertThat(c.slot()[5]).isEqualTo(-1);
        assertThat(c.slot()[0]).isEqualTo(c.slot()[1]).isEqualTo(c.slot()[2]);
        assertThat(c.slot()[3]).isEqualTo(c.slot()[4]).isNotEqualTo(c.slot()[0]);
        int g = c.slot()[0];
        assertThat(c.count()[g]).isEqualTo(3);
        assertThat(c.interests()[g * 2]).isCloseTo(0.1 / 3, Offset.offset(1e-12));
        assertThat(c.interests()[c.slot()[3] * 2]).isCloseTo(10.05, Offset.offset(1e-12));
    }

    @Test
    void graphMatchesTheReferenceOnRandomSequences() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 6; trial++) {
            int b = 8;
            int k = 1 + trial % 3;
            int kc = 2 + trial % 4;
            double[] x = new double[b * L * D];
            double[] mask = new double[b * L];
            for (int row = 0; row < b; row++) {
                int len = row == 0 ? 0 : row == 1 ? 1 : 2 + r.nextInt(L - 1);
                for (int p = 0; p < len; p++) {
                    mask[row * L + p] = 1;
                    boolean repeat = p > 0 && r.nextInt(4) == 0; // a repeated item: the same token again
                    int src = repeat ? r.nextInt(p) : -1;
                    for (int c = 0; c < D; c++) {
                        x[(row * L + p) * D + c] = repeat ? x[(row * L + src) * D + c] : r.nextGaussian() * (1 + row % 3);
                    }
                }
            }
            int kk = k;
            int kcc = kc;
            double[][] out = Graphs.eval(List.of(GradientCheck.Input.of("x", x, b, L, D), GradientCheck.Input.of("mask", mask, b, L)), (tf, in) -> {
                var res = DpcKnnGraph.cluster(tf, in.get(0), in.get(1), kk, kcc);
                return List.of(res.interests(), res.mask(), res.assign());
            });
            for (int row = 0; row < b; row++) {
                boolean[] m = new boolean[L];
                for (int p = 0; p < L; p++) {
                    m[p] = mask[row * L + p] == 1;
                }
                double[] xr = java.util.Arrays.copyOfRange(x, row * L * D, (row + 1) * L * D);
                DpcKnn.Clusters ref = DpcKnn.cluster(xr, m, D, k, kc);
                String where = "trial " + trial + " row " + row + " (k=" + k + ", Kc=" + kc + ")";
                for (int p = 0; p < L; p++) {
                    for (int c = 0; c < kc; c++) {
                        double a = out[2][(row * kc + c) * L + p];
                        assertThat(a).as(where + " assign[" + c + "][" + p + "]").isEqualTo(ref.slot()[p] == c ? 1.0 : 0.0);
                    }
                }
                for (int c = 0; c < kc; c++) {
                    assertThat(out[1][row * kc + c]).as(where + " mask " + c).isEqualTo(ref.count()[c] > 0 ? 1.0 : 0.0);
                    for (int t = 0; t < D; t++) {
                        assertThat(out[0][(row * kc + c) * D + t]).as(where + " interest " + c)
                                .isCloseTo(ref.interests()[c * D + t], Offset.offset(1e-9));
                    }
                }
            }
        }
    }

    @Test
    void gradientsReachTheMembersThroughTheMeans() {
        SplittableRandom r = new SplittableRandom(3);
        int b = 2;
        double[] x = GradientCheck.randn(r, b * L * D, 1);
        double[] mask = new double[b * L];
        for (int p = 0; p < L; p++) {
            mask[p] = 1;
            mask[L + p] = p < 4 ? 1 : 0;
        }
        for (int p = 4; p < L; p++) {
            for (int c = 0; c < D; c++) {
                x[(L + p) * D + c] = 0;
            }
        }
        double[] w = GradientCheck.randn(r, b * 3 * D, 1);
        // a weighted sum of the interests: its gradient is w_c / count_c on each member (the clustering is piecewise constant,
        // and this seed's sequences have no near-tie within h)
        GradientCheck.check(List.of(GradientCheck.Input.of("x", x, b, L, D), GradientCheck.Input.constant("mask", mask, b, L),
                GradientCheck.Input.constant("w", w, b, 3, D)), (tf, in) -> {
                    var res = DpcKnnGraph.cluster(tf, in.get(0), in.get(1), 2, 3);
                    return tf.reduceSum(tf.math.mul(res.interests(), in.get(2)), tf.constant(new int[] {0, 1, 2}));
                });
    }
}
