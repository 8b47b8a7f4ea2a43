package io.mic.models.missrec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GradientCheck;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.layers.Dropout;
import io.mic.models.tf.layers.Params;
import io.mic.models.tf.layers.TransformerConfig;
import io.mic.models.tf.layers.TransformerDecoderBlock;
import io.mic.models.tf.layers.TransformerEncoderBlock;
import io.mic.models.tf.ops.Layers;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat64;

/**
 * The MISSRec / SASRec graph pieces against central finite differences in float64 (tolerance of
 * {@link GradientCheck}: {@code 1e-6 + 1e-5 |g|}): DPC-KNN interests through the runtime's encoder
 * block and a causal decoder block cross-attending to them (gradients reach the tokens through the
 * cluster means and the decoder queries), the orthogonality regulariser, the dynamic fusion with
 * two modalities and the sequence-sequence InfoNCE; and the forward values of fusion and
 * orthogonality against plain-Java computations.
 */
class SeqLayersGradientTest {
    private static final int B = 2;
    private static final int L = 4;
    private static final int D = 4;
    private static final int H = 2;
    private static final int KC = 2;
    private static final double[] MASK = {1, 1, 1, 1, 0, 0, 1, 1};
    // lengths 4 and 2, right-aligned as the models feed them

    private final SplittableRandom r = new SplittableRandom(17);

    private double[] tokens() {
        double[] x = GradientCheck.randn(r, B * L * D, 1);
        for (int p = 0; p < B * L; p++) {
            if (MASK[p] == 0) {
                for (int c = 0; c < D; c++) {
                    x[p * D + c] = 0;
                }
            }
        }
        return x;
    }

    @Test
    void interestEncoderDecoderGradients() {
        TransformerConfig cfg = TransformerConfig.of(D, H).withDropout(0).withFfnHidden(3);
        TransformerEncoderBlock enc = new TransformerEncoderBlock("enc", cfg, Optimizer.adam(), 1);
        TransformerDecoderBlock dec = new TransformerDecoderBlock("dec", cfg.withCausal(true), Optimizer.adam(), 2);
        List<DenseParam> params = new ArrayList<>(enc.params());
        params.addAll(dec.params());
        List<GradientCheck.Input> in = new ArrayList<>();
        in.add(GradientCheck.Input.of("x", tokens(), B, L, D));
        in.add(GradientCheck.Input.constant("mask", MASK, B, L));
        in.add(GradientCheck.Input.constant("probe", GradientCheck.randn(r, B * L * D, 1), B, L, D));
        for (DenseParam p : params) {
            double[] v = GradientCheck.randn(r, p.size(), 0.5);
            in.add(GradientCheck.Input.of(p.name().replace('/', '_'), v, p.shape()));
        }
        GradientCheck.check(in, (tf, v) -> {
            Map<DenseParam, Operand<TFloat64>> byParam = new IdentityHashMap<>();
            for (int i = 0; i < params.size(); i++) {
                byParam.put(params.get(i), v.get(3 + i));
            }
            Params<TFloat64> p = byParam::get;
            Operand<TFloat64> x = v.get(0);
            Operand<TFloat64> mask = v.get(1);
            var interests = DpcKnnGraph.cluster(tf, x, mask, 2, KC);
            Operand<TFloat64> e = enc.apply(tf, p, interests.interests(), interests.mask(), Dropout.off());
            Operand<TFloat64> h = dec.apply(tf, p, x, mask, e, interests.mask(), Dropout.off());
            Operand<TFloat64> out = tf.reduceSum(tf.math.mul(h, v.get(2)), tf.constant(new int[] {0, 1, 2}));
            return tf.math.add(out, SeqLayers.orthogonality(tf, e, interests.mask()));
        });
    }

    @Test
    void lossPiecesGradients() {
        int c = 3;
        List<GradientCheck.Input> in = List.of(GradientCheck.Input.of("u", GradientCheck.randn(r, B * D, 1), B, D),
                GradientCheck.Input.of("x", GradientCheck.randn(r, c * 2 * D, 1), c, 2, D),
                GradientCheck.Input.of("u2", GradientCheck.randn(r, B * D, 1), B, D),
                GradientCheck.Input.constant("eye", new double[] {1, 0, 0, 1}, B, B),
                GradientCheck.Input.constant("ones", new double[] {1, 1, 1, 1, 1, 1}, c, 2));
        GradientCheck.check(in, (tf, v) -> {
            Operand<TFloat64> un = Layers.l2Normalize(tf, v.get(0), 1e-9);
            Operand<TFloat64> fused = Layers.l2Normalize(tf, SeqLayers.fuse(tf, un, v.get(1), 1.5), 1e-9); // [B, C, d]
            Operand<TFloat64> logits = tf.reduceSum(tf.math.mul(tf.expandDims(un, tf.constant(1)), fused), tf.constant(-1));
            Operand<TFloat64> rec = tf.reduceSum(tf.math.mul(logits, tf.constant(new double[][] {{1, 0.5, -1}, {0, 2, 1}})),
                    tf.constant(new int[] {0, 1}));
            Operand<TFloat64> ss = SeqModel.seqSeq(tf, un, Layers.l2Normalize(tf, v.get(2), 1e-9), v.get(3), 0.5);
            Operand<TFloat64> ortho = SeqLayers.orthogonality(tf, v.get(1), v.get(4));
            return tf.math.add(tf.math.add(rec, ss), ortho);
        });
    }

    @Test
    void forwardValuesMatchPlainJava() {
        double[] u = GradientCheck.randn(r, B * D, 1);
        double[] x = GradientCheck.randn(r, 2 * D, 1); // one candidate, two modalities
        double[] xi = GradientCheck.randn(r, B * 3 * D, 1);
        double[] xiMask = {1, 1, 0, 1, 1, 1};
        double[][] out = Graphs.eval(List.of(GradientCheck.Input.of("u", u, B, D), GradientCheck.Input.of("x", x, 1, 2, D),
                GradientCheck.Input.of("xi", xi, B, 3, D),
                GradientCheck.Input.of("m", xiMask, B, 3)), (tf, v) -> List.of(SeqLayers.fuse(tf, v.get(0), v.get(1), 0.7),
                        SeqLayers.orthogonality(tf, v.get(2), v.get(3))));
        for (int b = 0; b < B; b++) {
            double s0 = 0;
            double s1 = 0;
            for (int c = 0; c < D; c++) {
                s0 += u[b * D + c] * x[c];
                s1 += u[b * D + c] * x[D + c];
            }
            double w0 = Math.exp(0.7 * s0) / (Math.exp(0.7 * s0) + Math.exp(0.7 * s1));
            for (int c = 0; c < D; c++) {
                assertThat(out[0][b * D + c]).isCloseTo(w0 * x[c] + (1 - w0) * x[D + c], Offset.offset(1e-12));
            }
        }
        double total = 0;
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    if (i != j && xiMask[b * 3 + i] == 1 && xiMask[b * 3 + j] == 1) {
                        total += cos(xi, (b * 3 + i) * D, (b * 3 + j) * D);
                    }
                }
            }
        }
        assertThat(out[1][0]).isCloseTo(total / 9 / B, Offset.offset(1e-12));
    }

    private static double cos(double[] v, int a, int b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int c = 0; c < D; c++) {
            dot += v[a + c] * v[b + c];
            na += v[a + c] * v[a + c];
            nb += v[b + c] * v[b + c];
        }
        return dot / Math.sqrt(na * nb);
    }
}
