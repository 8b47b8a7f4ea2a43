package io.mic.models.mic;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.models.tf.GradientCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat64;

/**
 * The MIC loss compositions against finite differences (float64, tolerance of {@link GradientCheck})
 * and against plain-Java forward values (1e-9).
 */
class CrossChannelLossTest {
    private static final int B = 4;
    private static final int D = 3;
    private static final int P = 2;
    private static final double TAU = 0.5;

    private static double[] pairMask(int[] ids, boolean keepDiagonal) {
        double[] m = new double[B * B];
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < B; j++) {
                m[i * B + j] = i == j ? (keepDiagonal ? 1 : 0) : (ids[i] != ids[j] ? 1 : 0);
            }
        }
        return m;
    }

    private static double dot(double[] a, int ra, double[] b, int rb) {
        double s = 0;
        for (int k = 0; k < D; k++) {
            s += a[ra * D + k] * b[rb * D + k];
        }
        return s;
    }

    @Test
    void multiViewNceGradientsAndValue() {
        SplittableRandom r = new SplittableRandom(7);
        double[] q = GradientCheck.randn(r, B * D, 1);
        double[] v = GradientCheck.randn(r, B * D, 1);
        double[] va = GradientCheck.randn(r, B * D, 1);
        double[] pos = GradientCheck.randn(r, B * P * D, 1);
        double[] neg = GradientCheck.randn(r, B * P * D, 1);
        double[] logQ = GradientCheck.randn(r, B, 1);
        int[] ids = {3, 5, 3, 8}; // rows 0 and 2 share an item
        double[] keep = pairMask(ids, true);
        double[] self = pairMask(ids, false);
        double[] pmask = {1, 0, 1, 1, 0, 0, 1, 0};
        double[] nmask = {1, 1, 0, 1, 1, 1, 1, 0};
        double[] w = {1, 0, 1, 1};
        List<GradientCheck.Input> in = List.of(GradientCheck.Input.of("q", q, B, D), GradientCheck.Input.of("v", v, B, D),
                GradientCheck.Input.of("va", va, B, D), GradientCheck.Input.of("pos", pos, B, P, D), GradientCheck.Input.of("neg", neg, B, P, D),
                GradientCheck.Input.constant("logq", logQ, B), GradientCheck.Input.constant("keep", keep, B, B),
                GradientCheck.Input.constant("self", self, B, B), GradientCheck.Input.constant("pmask", pmask, B, P),
                GradientCheck.Input.constant("nmask", nmask, B, P), GradientCheck.Input.constant("w", w, B));
        double loss = GradientCheck.check(in, (tf, x) -> {
            List<CrossChannelLoss.Candidates<TFloat64>> sets = new ArrayList<>();
            sets.add(new CrossChannelLoss.Candidates<>(x.get(1), x.get(6), x.get(5), true));
            sets.add(new CrossChannelLoss.Candidates<>(x.get(2), x.get(7), null, false));
            return CrossChannelLoss.multiViewNce(tf, x.get(0), sets, new CrossChannelLoss.Extra<>(x.get(3), x.get(8)),
                    new CrossChannelLoss.Extra<>(x.get(4), x.get(9)), TAU, x.get(10));
        });
        // plain Java: per row, logits over [v set | va set | P positives | P negatives], positives = diagonal of v + unmasked P
        double num = 0;
        double den = 0;
        for (int i = 0; i < B; i++) {
            List<Double> logits = new ArrayList<>();
            List<Boolean> isPos = new ArrayList<>();
            for (int j = 0; j < B; j++) {
                if (keep[i * B + j] == 1) {
                    logits.add(dot(q, i, v, j) / TAU - logQ[j]);
                    isPos.add(i == j);
                }
            }
            for (int j = 0; j < B; j++) {
                if (self[i * B + j] == 1) {
                    logits.add(dot(q, i, va, j) / TAU);
                    isPos.add(false);
                }
            }
            for (int m = 0; m < P; m++) {
                if (pmask[i * P + m] == 1) {
                    logits.add(dot(q, i, pos, i * P + m) / TAU);
                    isPos.add(true);
                }
            }
            for (int m = 0; m < P; m++) {
                if (nmask[i * P + m] == 1) {
                    logits.add(dot(q, i, neg, i * P + m) / TAU);
                    isPos.add(false);
                }
            }
            double max = logits.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double lse = 0;
            for (double l : logits) {
                lse += Math.exp(l - max);
            }
            lse = max + Math.log(lse);
            double sum = 0;
            int n = 0;
            for (int k = 0; k < logits.size(); k++) {
                if (isPos.get(k)) {
                    sum += logits.get(k) - lse;
                    n++;
                }
            }
            num += w[i] * (-sum / n);
            den += w[i];
        }
        assertThat(loss).isCloseTo(num / den, Offset.offset(1e-9));
    }

    @Test
    void bceGradientsAndValue() {
        SplittableRandom r = new SplittableRandom(8);
        double[] q = GradientCheck.randn(r, B * D, 1);
        double[] v = GradientCheck.randn(r, B * D, 1);
        double[] neg = GradientCheck.randn(r, B * P * D, 1);
        double[] labels = {1, 0, 1, 1};
        double[] nmask = {1, 1, 0, 1, 1, 0, 1, 1};
        double loss = GradientCheck.check(List.of(GradientCheck.Input.of("q", q, B, D), GradientCheck.Input.of("v", v, B, D),
                GradientCheck.Input.of("neg", neg, B, P, D), GradientCheck.Input.constant("labels", labels, B),
                GradientCheck.Input.constant("nmask", nmask, B, P)),
                (tf, x) -> CrossChannelLoss.bce(tf, x.get(0), x.get(1), x.get(3), new CrossChannelLoss.Extra<>(x.get(2), x.get(4)), TAU));
        double sum = 0;
        int n = 0;
        for (int i = 0; i < B; i++) {
            double s = dot(q, i, v, i) / TAU;
            sum += Math.log1p(Math.exp(s)) - labels[i] * s;
            n++;
            for (int m = 0; m < P; m++) {
                if (nmask[i * P + m] == 1) {
                    sum += Math.log1p(Math.exp(dot(q, i, neg, i * P + m) / TAU));
                    n++;
                }
            }
        }
        assertThat(loss).isCloseTo(sum / n, Offset.offset(1e-9));
    }

    @Test
    void bprGradientsAndValue() {
        SplittableRandom r = new SplittableRandom(9);
        double[] q = GradientCheck.randn(r, B * D, 1);
        double[] p = GradientCheck.randn(r, B * D, 1);
        double[] n = GradientCheck.randn(r, B * D, 1);
        double l2 = 0.01;
        double loss = GradientCheck.check(List.of(GradientCheck.Input.of("q", q, B, D), GradientCheck.Input.of("p", p, B, D),
                GradientCheck.Input.of("n", n, B, D)), (tf, x) -> CrossChannelLoss.bpr(tf, x.get(0), x.get(1), x.get(2), l2));
        double sum = 0;
        for (int i = 0; i < B; i++) {
            sum += Math.log1p(Math.exp(dot(q, i, n, i) - dot(q, i, p, i)))
                    + l2 * (dot(q, i, q, i) + dot(p, i, p, i) + dot(n, i, n, i));
        }
        assertThat(loss).isCloseTo(sum / B, Offset.offset(1e-9));
    }

    private static double cos(double[] a, int ra, double[] b, int rb) {
        return dot(a, ra, b, rb) / Math.sqrt(dot(a, ra, a, ra) * dot(b, rb, b, rb));
    }

    /**
     * SimpleX's CCL against finite differences (raw, unnormalised inputs, so the normalisation's
     * gradient is checked too) and against the formula in plain Java. The margin is set so that
     * some negatives are inside it and some outside (asserted: both branches of the hinge are
     * exercised), and none lies within 1e-3 of the kink, where a central difference with h = 1e-5
     * would straddle it.
     */
    @Test
    void cclGradientsAndValue() {
        int n = 5;
        double margin = 0.1;
        double w = 3;
        SplittableRandom r = new SplittableRandom(11);
        double[] q = GradientCheck.randn(r, B * D, 1);
        double[] p = GradientCheck.randn(r, B * D, 1);
        double[] neg = GradientCheck.randn(r, B * n * D, 1);
        double sum = 0;
        int active = 0;
        for (int i = 0; i < B; i++) {
            double hinge = 0;
            for (int j = 0; j < n; j++) {
                double c = cos(q, i, neg, i * n + j);
                assertThat(Math.abs(c - margin)).as("cosine %d,%d away from the kink", i, j).isGreaterThan(1e-3);
                if (c > margin) {
                    active++;
                    hinge += c - margin;
                }
            }
            sum += 1 - cos(q, i, p, i) + w / n * hinge;
        }
        assertThat(active).as("hinge terms on").isBetween(1, B * n - 1);
        double loss = GradientCheck.check(List.of(GradientCheck.Input.of("q", q, B, D), GradientCheck.Input.of("p", p, B, D),
                GradientCheck.Input.of("n", neg, B, n, D)), (tf, x) -> CrossChannelLoss.ccl(tf, x.get(0), x.get(1), x.get(2), margin, w));
        assertThat(loss).isCloseTo(sum / B, Offset.offset(1e-9));
    }

    @Test
    void unweightedMeanWithoutRowWeights() {
        double[] q = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1};
        double loss = GradientCheck.check(List.of(GradientCheck.Input.of("q", q, B, D)), (tf, x) -> {
            Operand<TFloat64> c = x.get(0);
            return CrossChannelLoss.multiViewNce(tf, c, List.of(new CrossChannelLoss.Candidates<>(c, null, null, true)), null, null, 1.0, null);
        });
        assertThat(loss).isPositive();
    }
}
