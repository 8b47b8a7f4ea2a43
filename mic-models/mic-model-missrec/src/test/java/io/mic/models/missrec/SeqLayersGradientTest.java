package io.mic.models.missrec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.models.tf.GradientCheck;
import io.mic.models.tf.Layers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/**
 * The MISSRec / SASRec graph pieces against central finite differences in float64 (tolerance of
 * {@link GradientCheck}: {@code 1e-6 + 1e-5 |g|}): a whole pre-LN block (layer norm, masked causal
 * multi-head self-attention, cross-attention to DPC-KNN interests, FFN), the last-position read-out,
 * the orthogonality regulariser, the dynamic fusion with two modalities and the sequence-sequence
 * InfoNCE; and their forward values against plain-Java computations.
 */
class SeqLayersGradientTest {
    private static final int B = 2;
    private static final int L = 4;
    private static final int D = 4;
    private static final int H = 2;
    private static final int KC = 2;
    // lengths 4 and 2 (left-aligned)
    private static final double[] MASK = {1, 1, 1, 1, 1, 1, 0, 0};

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
    void encoderDecoderTowerGradients() {
        List<GradientCheck.Input> in = new ArrayList<>();
        in.add(GradientCheck.Input.of("x", tokens(), B, L, D));
        in.add(GradientCheck.Input.constant("mask", MASK, B, L));
        for (String w : new String[] {"sq", "sk", "sv", "so", "cq", "ck", "cv", "co", "f1", "f2"}) {
            in.add(GradientCheck.Input.of(w, GradientCheck.randn(r, D * D, 0.6), D, D));
        }
        in.add(GradientCheck.Input.of("g", GradientCheck.randn(r, D, 1), D));
        in.add(GradientCheck.Input.of("b", GradientCheck.randn(r, D, 0.3), D));
        in.add(GradientCheck.Input.of("fb", GradientCheck.randn(r, D, 0.3), D));
        in.add(GradientCheck.Input.of("pos", GradientCheck.randn(r, L * D, 0.5), L, D));
        in.add(GradientCheck.Input.constant("probe", GradientCheck.randn(r, B * D, 1), B, D));
        GradientCheck.check(in, (tf, v) -> {
            Operand<TFloat64> x = v.get(0);
            Operand<TFloat64> mask = v.get(1);
            var interests = DpcKnnGraph.cluster(tf, x, mask, 2, KC);
            Operand<TFloat64> e = SeqLayers.attention(tf, interests.interests(), interests.interests(), interests.mask(), false, v.get(2),
                    v.get(3), v.get(4), v.get(5), H);
            Operand<TFloat64> pos = tf.linalg.matMul(tf.reshape(SeqLayers.reversePositions(tf, mask, L), tf.constant(new long[] {-1, L})),
                    v.get(15));
            Operand<TFloat64> h = tf.math.add(x, tf.reshape(pos, tf.constant(new long[] {-1, L, D})));
            Operand<TFloat64> n = SeqLayers.layerNorm(tf, h, v.get(12), v.get(13));
            h = tf.math.add(h, SeqLayers.attention(tf, n, n, mask, true, v.get(2), v.get(3), v.get(4), v.get(5), H));
            n = SeqLayers.layerNorm(tf, h, v.get(12), v.get(13));
            h = tf.math.add(h, SeqLayers.attention(tf, n, e, interests.mask(), false, v.get(6), v.get(7), v.get(8), v.get(9), H));
            h = tf.math.add(h, SeqLayers.ffn(tf, SeqLayers.layerNorm(tf, h, v.get(12), v.get(13)), v.get(10), v.get(14), v.get(11), v.get(14)));
            Operand<TFloat64> u = SeqLayers.last(tf, h, mask);
            Operand<TFloat64> loss = tf.reduceSum(tf.math.mul(u, v.get(16)), tf.constant(new int[] {0, 1}));
            return tf.math.add(loss, SeqLayers.orthogonality(tf, e, interests.mask()));
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
                GradientCheck.Input.of("xi", xi, B, 3, D), GradientCheck.Input.of("m", xiMask, B, 3),
                GradientCheck.Input.of("mask", MASK, B, L), GradientCheck.Input.of("h", tokens(), B, L, D)), (tf, v) -> List.of(
                        SeqLayers.fuse(tf, v.get(0), v.get(1), 0.7), SeqLayers.orthogonality(tf, v.get(2), v.get(3)),
                        SeqLayers.last(tf, v.get(5), v.get(4)), SeqLayers.reversePositions(tf, v.get(4), L)));
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
        // row 0's last real position is 3, row 1's is 1; reverse positions of row 1: 1, 0, then padding (no position)
        assertThat(out[3][(1 * L + 0) * L + 1]).isEqualTo(1.0);
        assertThat(out[3][(1 * L + 1) * L + 0]).isEqualTo(1.0);
        assertThat(java.util.Arrays.stream(out[3], (1 * L + 2) * L, (1 * L + 4) * L).sum()).isZero();
        assertThat(out[3][(0 * L + 0) * L + 3]).isEqualTo(1.0);
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
