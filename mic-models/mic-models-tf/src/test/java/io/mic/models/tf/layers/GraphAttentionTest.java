package io.mic.models.tf.layers;

import static io.mic.models.tf.GradientCheck.randn;
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
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * GAT: finite-difference gradients (float64, tolerance in {@link GradientCheck}) w.r.t. features,
 * W and both attention vectors, for concatenated and averaged heads, through ELU; the forward
 * against a plain-Java GAT; padded neighbours having no effect.
 */
class GraphAttentionTest {
    static final int N = 6;
    static final int IN = 4;
    static final int OUT = 3;
    static final int H = 2;
    static final int[] TARGETS = {0, 2, 5};
    // each target's neighbours, itself first; -> padded to K = 4 with row 1 (masked)
    static final int[] NBR = {0, 1, 3, 1, 2, 4, 1, 1, 5, 0, 2, 3};
    static final double[] MASK = {1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1};

    private static Operand<TFloat64> layer(Ops tf, List<Operand<TFloat64>> in, boolean concat, int[] nbr) {
        Operand<TInt32> t = tf.constant(TARGETS);
        Operand<TInt32> n = tf.reshape(tf.constant(nbr), tf.constant(new long[] {3, 4}));
        return GraphAttention.apply(tf, in.get(0), t, n, in.get(4), in.get(1), in.get(2), in.get(3), H, concat, 0.2, Activation.ELU);
    }

    private static Operand<TFloat64> readout(Ops tf, Operand<TFloat64> y, int width) {
        double[] r = randn(new SplittableRandom(99), 3 * width, 1.0);
        Operand<TFloat64> rc = tf.reshape(tf.constant(r), tf.constant(new long[] {3, width}));
        return tf.reduceSum(tf.math.mul(y, rc), tf.constant(new int[] {0, 1}));
    }

    private static List<Input> inputs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return List.of(Input.of("x", randn(r, N * IN, 1.0), N, IN), Input.of("w", randn(r, IN * H * OUT, 0.7), IN, H * OUT),
                Input.of("a_self", randn(r, H * OUT, 0.7), H, OUT), Input.of("a_nbr", randn(r, H * OUT, 0.7), H, OUT),
                Input.constant("mask", MASK.clone(), 3, 4));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void gradientsMatchFiniteDifferences(boolean concat) {
        int width = concat ? H * OUT : OUT;
        List<Input> in = inputs(concat ? 1 : 2);
        double loss = GradientCheck.check(in, (tf, ops) -> readout(tf, layer(tf, ops, concat, NBR), width));
        assertThat(loss).isCloseTo(readoutOf(reference(in, concat), width), within(1e-9));
    }

    @Test
    void paddedNeighboursDoNotMatter() {
        // the same layer with the padding slots pointing at other rows gives the same value
        int[] other = NBR.clone();
        other[3] = 4;
        other[6] = 0;
        other[7] = 3;
        List<Input> in = inputs(3);
        double a = GradientCheck.check(in, (tf, ops) -> readout(tf, layer(tf, ops, true, NBR), H * OUT));
        double b = GradientCheck.check(in, (tf, ops) -> readout(tf, layer(tf, ops, true, other), H * OUT));
        assertThat(b).isCloseTo(a, within(1e-12));
    }

    private static double readoutOf(double[] y, int width) {
        double[] r = randn(new SplittableRandom(99), 3 * width, 1.0);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += y[i] * r[i];
        }
        return s;
    }

    /** Plain-Java GAT over the same inputs. */
    private static double[] reference(List<Input> in, boolean concat) {
        double[] x = in.get(0).values();
        double[] w = in.get(1).values();
        double[] as = in.get(2).values();
        double[] an = in.get(3).values();
        double[][] z = new double[N][H * OUT];
        for (int v = 0; v < N; v++) {
            for (int c = 0; c < H * OUT; c++) {
                for (int k = 0; k < IN; k++) {
                    z[v][c] += x[v * IN + k] * w[k * H * OUT + c];
                }
            }
        }
        int width = concat ? H * OUT : OUT;
        double[] y = new double[3 * width];
        for (int m = 0; m < 3; m++) {
            int u = TARGETS[m];
            for (int h = 0; h < H; h++) {
                double[] e = new double[4];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < 4; k++) {
                    if (MASK[m * 4 + k] == 0) {
                        continue;
                    }
                    int v = NBR[m * 4 + k];
                    double s = 0;
                    for (int c = 0; c < OUT; c++) {
                        s += as[h * OUT + c] * z[u][h * OUT + c] + an[h * OUT + c] * z[v][h * OUT + c];
                    }
                    e[k] = s > 0 ? s : 0.2 * s;
                    max = Math.max(max, e[k]);
                }
                double sum = 0;
                double[] a = new double[4];
                for (int k = 0; k < 4; k++) {
                    a[k] = MASK[m * 4 + k] == 0 ? 0 : Math.exp(e[k] - max);
                    sum += a[k];
                }
                for (int c = 0; c < OUT; c++) {
                    double agg = 0;
                    for (int k = 0; k < 4; k++) {
                        agg += a[k] / sum * z[NBR[m * 4 + k]][h * OUT + c];
                    }
                    if (concat) {
                        y[m * width + h * OUT + c] = agg;
                    } else {
                        y[m * width + c] += agg / H;
                    }
                }
            }
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = y[i] > 0 ? y[i] : Math.expm1(y[i]);
        }
        return y;
    }
}
