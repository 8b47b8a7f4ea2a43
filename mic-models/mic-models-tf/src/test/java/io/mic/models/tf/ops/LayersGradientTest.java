package io.mic.models.tf.ops;

import io.mic.models.tf.GradientCheck;
import static io.mic.models.tf.GradientCheck.Input;
import static io.mic.models.tf.GradientCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Finite-difference checks (float64, see {@link GradientCheck} for the tolerance) of every layer
 * and loss, plus value checks against plain-Java computations where the forward is non-trivial.
 * Each loss is wrapped in a random linear read-out ({@code sum(W * out)}) so that every output
 * element's gradient path is exercised with a different weight.
 */
class LayersGradientTest {

    /** {@code sum(out * w)} with fixed random w of out's static shape (all dims must be known). */
    private static Operand<TFloat64> readout(Ops tf, Operand<TFloat64> out, long seed, long... shape) {
        // EnsureShape has no gradient in 1.1.0, so unknown static shapes are passed in explicitly
        org.tensorflow.ndarray.Shape s = shape.length > 0 ? org.tensorflow.ndarray.Shape.of(shape) : out.shape();
        long n = s.size();
        assertThat(n).as("readout needs a known shape").isPositive();
        double[] w = randn(new SplittableRandom(seed), (int) n, 1.0);
        Operand<TFloat64> wc = tf.reshape(tf.constant(w), tf.constant(s.asArray()));
        return tf.reduceSum(tf.math.mul(out, wc), tf.range(tf.constant(0), tf.rank(out), tf.constant(1)));
    }

    @Test
    void gatherRowsWithDuplicatesAndMaskedMeanPooling() {
        SplittableRandom r = new SplittableRandom(1);
        // 4 distinct rows + the zero padding row (index 4); sequences repeat row 2 and pad
        int[] index = {0, 2, 2, 4, 3, 1, 4, 4, 4, 4, 4, 4};
        double[] mask = {1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0};
        double[] rows = randn(r, 5 * 3, 1.0);
        for (int j = 12; j < 15; j++) {
            rows[j] = 0; // padding row
        }
        double loss = GradientCheck.check(List.of(Input.of("rows", rows, 5, 3), Input.constant("mask", mask, 3, 4)), (tf, in) -> {
            Operand<TInt32> idx = tf.reshape(tf.constant(index), tf.constant(new long[] {3, 4}));
            Operand<TFloat64> pooled = Layers.maskedMean(tf, Layers.gatherRows(tf, in.get(0), idx), in.get(1));
            return readout(tf, pooled, 7, 3, 3);
        });
        // value: hand-computed pooled rows against the same read-out
        double[] w = randn(new SplittableRandom(7), 9, 1.0);
        double expect = 0;
        for (int b = 0; b < 3; b++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                double c = 0;
                for (int l = 0; l < 4; l++) {
                    s += mask[b * 4 + l] * rows[index[b * 4 + l] * 3 + j];
                    c += mask[b * 4 + l];
                }
                expect += w[b * 3 + j] * (s / Math.max(c, 1));
            }
        }
        assertThat(loss).isCloseTo(expect, within(1e-12));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseLayerOnRank2AndRank3Inputs(Activation act) {
        SplittableRandom r = new SplittableRandom(act.ordinal() + 10);
        GradientCheck.check(List.of(Input.of("x", randn(r, 4 * 3, 1.0), 4, 3), Input.of("w", randn(r, 3 * 5, 0.7), 3, 5),
                Input.of("b", randn(r, 5, 0.3), 5)), (tf, in) -> {
                    return readout(tf, Layers.dense(tf, in.get(0), in.get(1), in.get(2), act), 3);
                });
        GradientCheck.check(List.of(Input.of("x", randn(r, 2 * 3 * 3, 1.0), 2, 3, 3), Input.of("w", randn(r, 3 * 2, 0.7), 3, 2),
                Input.of("b", randn(r, 2, 0.3), 2)), (tf, in) -> {
                    Operand<TFloat64> y = Layers.dense(tf, in.get(0), in.get(1), in.get(2), act);
                    return readout(tf, y, 4, 2, 3, 2);
                });
    }

    @Test
    void twoLayerMlpThroughReluAndTanh() {
        SplittableRandom r = new SplittableRandom(3);
        GradientCheck.check(List.of(Input.of("x", randn(r, 5 * 4, 1.0), 5, 4), Input.of("w1", randn(r, 4 * 6, 0.6), 4, 6),
                Input.of("b1", randn(r, 6, 0.2), 6), Input.of("w2", randn(r, 6 * 3, 0.6), 6, 3), Input.of("b2", randn(r, 3, 0.2), 3)), (tf, in) -> {
                    Operand<TFloat64> h = Layers.dense(tf, in.get(0), in.get(1), in.get(2), Activation.RELU);
                    return readout(tf, Layers.dense(tf, h, in.get(3), in.get(4), Activation.TANH), 5);
                });
    }

    @Test
    void l2Normalize() {
        SplittableRandom r = new SplittableRandom(4);
        double[] x = randn(r, 4 * 5, 1.0);
        GradientCheck.check(List.of(Input.of("x", x, 4, 5)), (tf, in) -> {
            return readout(tf, Layers.l2Normalize(tf, in.get(0), 1e-12), 6);
        });
    }

    @Test
    void attentionPoolingWithSeveralLearnedQueriesAndPadding() {
        SplittableRandom r = new SplittableRandom(5);
        double[] mask = {1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1};
        double[] values = randn(r, 3 * 4 * 2, 1.0);
        double[] keys = randn(r, 3 * 4 * 3, 1.0);
        double[] queries = randn(r, 2 * 3, 1.0);
        GradientCheck.check(List.of(Input.of("keys", keys, 3, 4, 3), Input.of("values", values, 3, 4, 2), Input.constant("mask", mask, 3, 4),
                Input.of("queries", queries, 2, 3)), (tf, in) -> {
                    Layers.Attention<TFloat64> a = Layers.attention(tf, in.get(0), in.get(1), in.get(2), in.get(3), 1 / Math.sqrt(3));
                    return tf.math.add(readout(tf, a.pooled(), 8, 3, 2, 2), readout(tf, a.weights(), 9, 3, 2, 4));
                });
        // value check of the weights: masked positions get exactly 0, rows sum to 1
        double loss = GradientCheck.check(List.of(Input.constant("keys", keys, 3, 4, 3), Input.constant("values", values, 3, 4, 2),
                Input.constant("mask", mask, 3, 4), Input.of("queries", queries, 2, 3)), (tf, in) -> {
                    Layers.Attention<TFloat64> a = Layers.attention(tf, in.get(0), in.get(1), in.get(2), in.get(3), 1 / Math.sqrt(3));
                    // sum over masked positions of the weights: must be 0
                    Operand<TFloat64> padded = tf.math.mul(a.weights(), tf.expandDims(tf.math.sub(tf.constant(1.0), in.get(2)), tf.constant(1)));
                    return tf.reduceSum(padded, tf.constant(new int[] {0, 1, 2}));
                });
        assertThat(loss).isEqualTo(0.0);
    }

    @Test
    void gelu() {
        SplittableRandom r = new SplittableRandom(6);
        GradientCheck.check(List.of(Input.of("x", randn(r, 10, 2.0), 10)), (tf, in) -> {
            return readout(tf, Activation.GELU.apply(tf, in.get(0)), 1);
        });
    }

    @Test
    void binaryCrossEntropyInSoftplusForm() {
        SplittableRandom r = new SplittableRandom(7);
        double[] x = randn(r, 6, 3.0);
        x[0] = 40; // stable for large |x|
        x[1] = -40;
        double[] z = {1, 0, 1, 0, 1, 1};
        double[] w = {1, 1, 0.5, 0, 2, 1};
        double loss = GradientCheck.check(List.of(Input.of("x", x, 6), Input.constant("z", z, 6)), (tf, in) -> {
            return Losses.binaryCrossEntropy(tf, in.get(0), in.get(1), null);
        });
        double expect = 0;
        for (int i = 0; i < 6; i++) {
            expect += Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs(x[i]))) - z[i] * x[i];
        }
        assertThat(loss).isCloseTo(expect / 6, within(1e-12));
        double weighted = GradientCheck.check(List.of(Input.of("x", x, 6), Input.constant("z", z, 6), Input.constant("w", w, 6)), (tf, in) -> {
            return Losses.binaryCrossEntropy(tf, in.get(0), in.get(1), in.get(2));
        });
        double num = 0;
        double den = 0;
        for (int i = 0; i < 6; i++) {
            num += w[i] * (Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs(x[i]))) - z[i] * x[i]);
            den += w[i];
        }
        assertThat(weighted).isCloseTo(num / den, within(1e-12));
    }

    @Test
    void softmaxCrossEntropyAsOneHotTimesLogSoftmax() {
        SplittableRandom r = new SplittableRandom(8);
        double[] logits = randn(r, 3 * 4, 2.0);
        double[] labels = {0, 0, 1, 0, 1, 0, 0, 0, 0.25, 0.25, 0, 0.5};
        double loss = GradientCheck.check(List.of(Input.of("logits", logits, 3, 4), Input.constant("labels", labels, 3, 4)), (tf, in) -> {
            return Losses.softmaxCrossEntropy(tf, in.get(0), in.get(1));
        });
        double expect = 0;
        for (int b = 0; b < 3; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 4; j++) {
                max = Math.max(max, logits[b * 4 + j]);
            }
            double lse = 0;
            for (int j = 0; j < 4; j++) {
                lse += Math.exp(logits[b * 4 + j] - max);
            }
            lse = max + Math.log(lse);
            for (int j = 0; j < 4; j++) {
                expect -= labels[b * 4 + j] * (logits[b * 4 + j] - lse);
            }
        }
        assertThat(loss).isCloseTo(expect / 3, within(1e-12));
    }

    @Test
    void infoNceWithTemperatureLogQNegativeMaskAndExtraPositivesAndNegatives() {
        SplittableRandom r = new SplittableRandom(9);
        int b = 4;
        int d = 3;
        int p = 2;
        int k = 3;
        double tau = 0.5;
        double[] q = randn(r, b * d, 1.0);
        double[] c = randn(r, b * d, 1.0);
        double[] logQ = {-1.0, -2.5, -0.3, -4.0};
        double[] negMask = {1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1}; // rows 1 and 2 share an item
        double[] ep = randn(r, b * p * d, 1.0);
        double[] epMask = {1, 0, 1, 1, 0, 0, 1, 0};
        double[] en = randn(r, b * k * d, 1.0);
        double[] enMask = {1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1};
        double[] enLogQ = randn(r, b * k, 1.0);
        double loss = GradientCheck.check(List.of(Input.of("q", q, b, d), Input.of("c", c, b, d), Input.constant("logq", logQ, b),
                Input.constant("negmask", negMask, b, b), Input.of("ep", ep, b, p, d), Input.constant("epmask", epMask, b, p),
                Input.of("en", en, b, k, d), Input.constant("enmask", enMask, b, k), Input.constant("enlogq", enLogQ, b, k)), (tf, in) -> {
                    return Losses.infoNce(in.get(0), in.get(1)).temperature(tau).logQ(in.get(2)).negativeMask(in.get(3))
                            .extraPositives(in.get(4), in.get(5), null).extraNegatives(in.get(6), in.get(7), in.get(8)).build(tf);
                });
        // reference in plain Java
        double total = 0;
        for (int i = 0; i < b; i++) {
            java.util.List<double[]> cand = new java.util.ArrayList<>(); // {logit, isPositive}
            for (int j = 0; j < b; j++) {
                if (negMask[i * b + j] == 0) {
                    continue;
                }
                cand.add(new double[] {dot(q, i, c, j, d) / tau - logQ[j], i == j ? 1 : 0});
            }
            for (int j = 0; j < p; j++) {
                if (epMask[i * p + j] == 1) {
                    cand.add(new double[] {dot(q, i, ep, i * p + j, d) / tau, 1});
                }
            }
            for (int j = 0; j < k; j++) {
                if (enMask[i * k + j] == 1) {
                    cand.add(new double[] {dot(q, i, en, i * k + j, d) / tau - enLogQ[i * k + j], 0});
                }
            }
            double lse = 0;
            for (double[] x : cand) {
                lse += Math.exp(x[0]);
            }
            lse = Math.log(lse);
            double npos = 0;
            double sum = 0;
            for (double[] x : cand) {
                if (x[1] == 1) {
                    npos++;
                    sum += x[0] - lse;
                }
            }
            total += -sum / npos;
        }
        assertThat(loss).isCloseTo(total / b, within(1e-9));
    }

    @Test
    void infoNceRequiresAnExplicitLogQDecision() {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat64> x = tf.constant(new double[][] {{1, 2}, {3, 4}});
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Losses.infoNce(x, x).build(tf))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("withoutLogQ");
            assertThat(Losses.infoNce(x, x).withoutLogQ().build(tf)).isNotNull();
        }
    }

    private static double dot(double[] a, int i, double[] b, int j, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            s += a[i * d + t] * b[j * d + t];
        }
        return s;
    }

    @SuppressWarnings("unused")
    private static Operand<TFloat64> sumAll(Ops tf, Operand<TFloat64> x) {
        return tf.reduceSum(x, tf.constant(new int[] {0}), ReduceSum.keepDims(false));
    }
}
