package io.mic.models.tf.layers;

import static io.mic.models.tf.GradientCheck.randn;
import static io.mic.models.tf.layers.LayerTestSupport.assertClose;
import static io.mic.models.tf.layers.LayerTestSupport.concat;
import static io.mic.models.tf.layers.LayerTestSupport.eval;
import static io.mic.models.tf.layers.LayerTestSupport.inputsOf;
import static io.mic.models.tf.layers.LayerTestSupport.randomize;
import static io.mic.models.tf.layers.LayerTestSupport.readout;
import static io.mic.models.tf.layers.LayerTestSupport.readoutValue;
import static io.mic.models.tf.layers.LayerTestSupport.resolver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mic.models.tf.GradientCheck;
import io.mic.models.tf.GradientCheck.Input;
import io.mic.models.tf.Optimizer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat64;

/**
 * Layer norm and multi-head attention: finite-difference gradients w.r.t. the inputs and every
 * weight (float64, tolerance in {@link GradientCheck}), and forward values against the plain-Java
 * {@link Reference} (agreement to 1e-9: both compute the same float64 formula, only summation
 * order differs).
 */
class AttentionLayersTest {
    static final Optimizer ADAM = new Optimizer.Adam(0.9f, 0.999f, 1e-8f);
    static final double FWD_TOL = 1e-9;

    @Test
    void layerNormGradientAndForward() {
        LayerNorm ln = new LayerNorm("ln", 5, ADAM, 1);
        randomize(ln.params(), 2, 0.8);
        double[] x = randn(new SplittableRandom(3), 3 * 4 * 5, 1.5);
        List<Input> in = concat(List.of(Input.of("x", x, 3, 4, 5)), inputsOf(ln.params()));
        double loss = GradientCheck.check(in, (tf, ops) -> readout(tf, ln.apply(tf, resolver(ln.params(), ops, 1), ops.get(0)), 4, 3, 4, 5));
        double[] expect = Reference.layerNorm(ln, x, 12);
        assertThat(loss).isCloseTo(readoutValue(expect, 4), within(FWD_TOL));
        double[] out = eval(in, (tf, ops) -> ln.apply(tf, resolver(ln.params(), ops, 1), ops.get(0)));
        assertClose(out, expect, FWD_TOL);
        // fresh parameters (gamma 1, beta 0): each row has mean 0 and biased variance 1 (up to eps)
        LayerNorm fresh = new LayerNorm("fresh", 5, ADAM, 1);
        double[] y = eval(concat(List.of(Input.of("x", x, 12, 5)), inputsOf(fresh.params())),
                (tf, ops) -> fresh.apply(tf, resolver(fresh.params(), ops, 1), ops.get(0)));
        for (int r = 0; r < 12; r++) {
            double m = 0;
            double v = 0;
            for (int k = 0; k < 5; k++) {
                m += y[r * 5 + k] / 5;
                v += y[r * 5 + k] * y[r * 5 + k] / 5;
            }
            assertThat(m).isCloseTo(0, within(1e-12));
            assertThat(v).isCloseTo(1, within(1e-4));
        }
    }

    /** Padding mask: batch 0 has 3 real positions, batch 1 has 1; padded positions get exactly zero weight. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void selfAttentionWithPaddingAndCausalMasks(boolean causal) {
        int b = 2;
        int l = 4;
        int d = 4;
        MultiHeadAttention a = new MultiHeadAttention("attn", d, 2, ADAM, 5);
        randomize(a.params(), 6, 0.5);
        SplittableRandom r = new SplittableRandom(7);
        double[] x = randn(r, b * l * d, 1.0);
        double[] mask = {1, 1, 1, 0, 1, 0, 0, 0};
        List<Input> in = concat(List.of(Input.of("x", x, b, l, d), Input.constant("mask", mask, b, l)), inputsOf(a.params()));
        double loss = GradientCheck.check(in, (tf, ops) -> {
            MultiHeadAttention.Result<TFloat64> res = a.apply(tf, resolver(a.params(), ops, 2), ops.get(0), ops.get(0), ops.get(1), causal);
            return tf.math.add(readout(tf, res.output(), 8, b, l, d), readout(tf, res.weights(), 9, b, 2, l, l));
        });
        Reference.Attn ref = Reference.attention(a, x, x, mask, causal, b, l, l);
        assertThat(loss).isCloseTo(readoutValue(ref.output(), 8) + readoutValue(ref.weights(), 9), within(FWD_TOL));
        double[] w = eval(in, (tf, ops) -> a.apply(tf, resolver(a.params(), ops, 2), ops.get(0), ops.get(0), ops.get(1), causal).weights());
        assertClose(w, ref.weights(), FWD_TOL);
        for (int bi = 0; bi < b; bi++) {
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < l; i++) {
                    double sum = 0;
                    for (int j = 0; j < l; j++) {
                        double wij = w[((bi * 2 + h) * l + i) * l + j];
                        if (mask[bi * l + j] == 0 || (causal && j > i)) {
                            assertThat(wij).as("weight of masked key %d for query %d (batch %d, head %d)", j, i, bi, h).isZero();
                        }
                        sum += wij;
                    }
                    assertThat(sum).isCloseTo(1.0, within(1e-12));
                }
            }
        }
    }

    @Test
    void crossAttentionOverEncoderOutputsWithEncoderPadding() {
        int b = 2;
        int lq = 3;
        int lk = 5;
        int d = 6;
        MultiHeadAttention a = new MultiHeadAttention("cross", d, 3, ADAM, 11);
        randomize(a.params(), 12, 0.4);
        SplittableRandom r = new SplittableRandom(13);
        double[] q = randn(r, b * lq * d, 1.0);
        double[] enc = randn(r, b * lk * d, 1.0);
        double[] encMask = {1, 1, 0, 0, 0, 1, 1, 1, 1, 0};
        List<Input> in = concat(List.of(Input.of("q", q, b, lq, d), Input.of("enc", enc, b, lk, d), Input.constant("emask", encMask, b, lk)),
                inputsOf(a.params()));
        double loss = GradientCheck.check(in, (tf, ops) -> {
            MultiHeadAttention.Result<TFloat64> res = a.apply(tf, resolver(a.params(), ops, 3), ops.get(0), ops.get(1), ops.get(2), false);
            return tf.math.add(readout(tf, res.output(), 14, b, lq, d), readout(tf, res.weights(), 15, b, 3, lq, lk));
        });
        Reference.Attn ref = Reference.attention(a, q, enc, encMask, false, b, lq, lk);
        assertThat(loss).isCloseTo(readoutValue(ref.output(), 14) + readoutValue(ref.weights(), 15), within(FWD_TOL));
        double[] w = eval(in, (tf, ops) -> a.apply(tf, resolver(a.params(), ops, 3), ops.get(0), ops.get(1), ops.get(2), false).weights());
        assertClose(w, ref.weights(), FWD_TOL);
        for (int i = 0; i < w.length; i++) {
            int bi = i / (3 * lq * lk);
            int j = i % lk;
            if (encMask[bi * lk + j] == 0) {
                assertThat(w[i]).as("weight %d on a padded encoder position", i).isZero();
            }
        }
    }

    @Test
    void queryWithOnlyPaddedKeysAttendsToNothing() {
        MultiHeadAttention a = new MultiHeadAttention("empty", 2, 1, ADAM, 3);
        randomize(a.params(), 4, 0.5);
        double[] x = randn(new SplittableRandom(5), 2 * 2, 1.0);
        List<Input> in = concat(List.of(Input.of("x", x, 1, 2, 2), Input.constant("mask", new double[] {0, 0}, 1, 2)), inputsOf(a.params()));
        double[] w = eval(in, (tf, ops) -> a.apply(tf, resolver(a.params(), ops, 2), ops.get(0), ops.get(0), ops.get(1), false).weights());
        assertThat(w).containsOnly(0.0);
        double[] out = eval(in, (tf, ops) -> a.apply(tf, resolver(a.params(), ops, 2), ops.get(0), ops.get(0), ops.get(1), false).output());
        double[] bo = Reference.d(a.params().get(7));
        assertClose(out, new double[] {bo[0], bo[1], bo[0], bo[1]}, 1e-12);
    }

    @Test
    void rejectsWidthNotDivisibleByHeads() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MultiHeadAttention("bad", 6, 4, ADAM, 1))
                .hasMessageContaining("'bad'").hasMessageContaining("heads 4");
    }

}
