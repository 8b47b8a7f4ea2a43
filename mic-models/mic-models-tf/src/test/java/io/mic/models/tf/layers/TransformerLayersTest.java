package io.mic.models.tf.layers;

import static io.mic.models.tf.GradientCheck.randn;
import static io.mic.models.tf.layers.AttentionLayersTest.ADAM;
import static io.mic.models.tf.layers.AttentionLayersTest.FWD_TOL;
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
import io.mic.models.tf.ops.Activation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat64;

/**
 * Positional embeddings, the FFN, dropout and the encoder/decoder blocks: finite-difference
 * gradients (with dropout active under a fixed seed, so its mask is part of the checked function)
 * and forward values against {@link Reference} with dropout off.
 */
class TransformerLayersTest {

    @Test
    void positionalEmbeddingAddsTheFirstLRows() {
        PositionalEmbedding pe = new PositionalEmbedding("pos", 6, 3, ADAM, 1);
        double[] x = randn(new SplittableRandom(2), 2 * 4 * 3, 1.0);
        List<Input> in = concat(List.of(Input.of("x", x, 2, 4, 3)), inputsOf(pe.params()));
        GradientCheck.check(in, (tf, ops) -> readout(tf, pe.apply(tf, resolver(pe.params(), ops, 1), ops.get(0)), 3, 2, 4, 3));
        double[] table = Reference.d(pe.params().get(0));
        double[] expect = new double[x.length];
        for (int b = 0; b < 2; b++) {
            for (int l = 0; l < 4; l++) {
                for (int k = 0; k < 3; k++) {
                    expect[(b * 4 + l) * 3 + k] = x[(b * 4 + l) * 3 + k] + table[l * 3 + k];
                }
            }
        }
        assertClose(eval(in, (tf, ops) -> pe.apply(tf, resolver(pe.params(), ops, 1), ops.get(0))), expect, 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RELU", "GELU"})
    void feedForwardWithResidual(String actName) {
        Activation act = Activation.valueOf(actName);
        FeedForward f = new FeedForward("ffn", 3, 5, act, ADAM, 3);
        randomize(f.params(), 4, 0.6);
        double[] x = randn(new SplittableRandom(5), 2 * 3 * 3, 1.0);
        List<Input> in = concat(List.of(Input.of("x", x, 2, 3, 3)), inputsOf(f.params()));
        double loss = GradientCheck.check(in, (tf, ops) -> readout(tf, f.apply(tf, resolver(f.params(), ops, 1), ops.get(0), Dropout.off(), 0.3), 6, 2, 3, 3));
        if (act == Activation.RELU) {
            assertThat(loss).isCloseTo(readoutValue(Reference.add(x, Reference.ffn(f, x, 6)), 6), within(FWD_TOL));
        }
    }

    @Test
    void dropoutZeroesAboutRateAndScalesTheRestDeterministically() {
        int n = 20_000;
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        List<Input> in = List.of(Input.constant("x", ones, n));
        double[] a = eval(in, (tf, ops) -> Dropout.seeded(tf.constant(new int[] {7, 1})).apply(tf, ops.get(0), 0.25));
        double[] again = eval(in, (tf, ops) -> Dropout.seeded(tf.constant(new int[] {7, 1})).apply(tf, ops.get(0), 0.25));
        double[] other = eval(in, (tf, ops) -> Dropout.seeded(tf.constant(new int[] {7, 2})).apply(tf, ops.get(0), 0.25));
        int zeros = 0;
        for (double v : a) {
            if (v == 0) {
                zeros++;
            } else {
                assertThat(v).isCloseTo(1 / 0.75, within(1e-12));
            }
        }
        // binomial(20000, 0.25): std 61, so +-400 is > 6 sigma
        assertThat(zeros).isBetween(5000 - 400, 5000 + 400);
        assertThat(again).containsExactly(a);
        assertThat(other).isNotEqualTo(a);
        assertThat(eval(in, (tf, ops) -> Dropout.off().apply(tf, ops.get(0), 0.25))).containsExactly(ones);
    }

    /** Block gradients with dropout active (fixed seed) for pre-LN and post-LN, then forward with dropout off vs the reference. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void encoderBlock(boolean preNorm) {
        int b = 2;
        int l = 3;
        int d = 4;
        TransformerConfig cfg = TransformerConfig.of(d, 2).withFfnHidden(6).withPreNorm(preNorm).withActivation(Activation.RELU).withCausal(true);
        TransformerEncoderBlock blk = new TransformerEncoderBlock("enc", cfg, ADAM, 8);
        randomize(blk.params(), 9, 0.5);
        double[] x = randn(new SplittableRandom(10), b * l * d, 1.0);
        double[] mask = {1, 1, 1, 1, 1, 0};
        List<Input> in = concat(List.of(Input.of("x", x, b, l, d), Input.constant("mask", mask, b, l)), inputsOf(blk.params()));
        GradientCheck.check(in, (tf, ops) -> readout(tf, blk.apply(tf, resolver(blk.params(), ops, 2), ops.get(0), ops.get(1),
                Dropout.seeded(tf.constant(new int[] {3, 4}))), 11, b, l, d));
        double loss = GradientCheck.check(in, (tf, ops) -> readout(tf, blk.apply(tf, resolver(blk.params(), ops, 2), ops.get(0), ops.get(1),
                Dropout.off()), 11, b, l, d));
        double[] expect = Reference.encoderBlock(blk, x, mask, b, l);
        assertThat(loss).isCloseTo(readoutValue(expect, 11), within(FWD_TOL));
        assertClose(eval(in, (tf, ops) -> blk.apply(tf, resolver(blk.params(), ops, 2), ops.get(0), ops.get(1), Dropout.off())), expect, FWD_TOL);
        // dropout changes the training output; the padded row stays zero either way
        double[] dropped = eval(in, (tf, ops) -> blk.apply(tf, resolver(blk.params(), ops, 2), ops.get(0), ops.get(1),
                Dropout.seeded(tf.constant(new int[] {3, 4}))));
        assertThat(dropped).isNotEqualTo(expect);
        for (int k = 0; k < d; k++) {
            assertThat(dropped[5 * d + k]).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void decoderBlock(boolean preNorm) {
        int b = 2;
        int l = 3;
        int le = 4;
        int d = 4;
        TransformerConfig cfg = TransformerConfig.of(d, 2).withFfnHidden(5).withPreNorm(preNorm).withActivation(Activation.RELU).withCausal(true);
        TransformerDecoderBlock blk = new TransformerDecoderBlock("dec", cfg, ADAM, 12);
        randomize(blk.params(), 13, 0.5);
        SplittableRandom r = new SplittableRandom(14);
        double[] x = randn(r, b * l * d, 1.0);
        double[] enc = randn(r, b * le * d, 1.0);
        double[] mask = {1, 1, 0, 1, 1, 1};
        double[] encMask = {1, 1, 1, 0, 1, 0, 0, 0};
        List<Input> in = concat(List.of(Input.of("x", x, b, l, d), Input.constant("mask", mask, b, l), Input.of("enc", enc, b, le, d),
                Input.constant("emask", encMask, b, le)), inputsOf(blk.params()));
        GradientCheck.check(in, (tf, ops) -> readout(tf, decode(blk, tf, ops, Dropout.seeded(tf.constant(new int[] {5, 6}))), 15, b, l, d));
        double loss = GradientCheck.check(in, (tf, ops) -> readout(tf, decode(blk, tf, ops, Dropout.off()), 15, b, l, d));
        double[] expect = Reference.decoderBlock(blk, x, mask, enc, encMask, b, l, le);
        assertThat(loss).isCloseTo(readoutValue(expect, 15), within(FWD_TOL));
        assertClose(eval(in, (tf, ops) -> decode(blk, tf, ops, Dropout.off())), expect, FWD_TOL);
    }

    private static Operand<TFloat64> decode(TransformerDecoderBlock blk, org.tensorflow.op.Ops tf, List<Operand<TFloat64>> ops, Dropout dropout) {
        return blk.apply(tf, resolver(blk.params(), ops, 4), ops.get(0), ops.get(1), ops.get(2), ops.get(3), dropout);
    }
}
