package io.mic.models.re4;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.models.tf.GradientCheck;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/**
 * Every Re4 term, through the whole forward flow (x, W1, w_k, W2 and the Re-construct weights all
 * differentiated), against central finite differences in float64 with the tolerance of
 * {@link GradientCheck} (h = 1e-5, {@code 1e-6 + 1e-5 |g|}); and the forward values of
 * Re-contrast, Re-attend and Re-construct against plain-Java computations (1e-9).
 *
 * <p>The positive sets and the chosen interest are step functions of the inputs: the seed is one
 * where no attention weight lies within h·|∂a| of its threshold, so the finite differences see the
 * same sets (a flip would show as an O(1) mismatch, not as a tolerance problem).
 */
class Re4GraphGradientTest {
    private static final int B = 3;
    private static final int N = 5;
    private static final int K = 3;
    private static final int D = 4;
    private static final int DA = 3;
    private static final int DB = 2;
    private static final int DC = 3;
    private static final double TAU = 0.5;
    // lengths 5, 3, 2
    private static final double[] MASK = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0};
    private static final double[] OUTSIDE_MASK = {0, 1, 1, 1, 0, 0, 1, 1, 0};

    private final SplittableRandom r = new SplittableRandom(11);
    private final double[] x = xValues();
    private final double[] w1 = GradientCheck.randn(r, D * DA, 0.8);
    private final double[] q = GradientCheck.randn(r, K * DA, 1.5);
    private final double[] w2 = GradientCheck.randn(r, D * D, 0.6);
    private final double[] w4 = GradientCheck.randn(r, D * N * DB, 0.5);
    private final double[] w3 = GradientCheck.randn(r, DB * DC, 0.7);
    private final double[] wj = GradientCheck.randn(r, N * DC, 0.7);
    private final double[] w5 = GradientCheck.randn(r, DB * D, 0.7);
    private final double[] target = GradientCheck.randn(r, B * D, 1);
    private final double[] outside = GradientCheck.randn(r, B * D, 1);
    private final double[] logQ = GradientCheck.randn(r, B, 1);

    private double[] xValues() {
        double[] v = GradientCheck.randn(r, B * N * D, 1);
        for (int p = 0; p < B * N; p++) {
            if (MASK[p] == 0) {
                for (int c = 0; c < D; c++) {
                    v[p * D + c] = 0; // padding rows are zero, as Feeds makes them
                }
            }
        }
        return v;
    }

    private List<GradientCheck.Input> inputs() {
        return List.of(GradientCheck.Input.of("x", x, B, N, D), GradientCheck.Input.constant("mask", MASK, B, N),
                GradientCheck.Input.of("w1", w1, D, DA), GradientCheck.Input.of("q", q, K, DA), GradientCheck.Input.of("w2", w2, D, D),
                GradientCheck.Input.of("w4", w4, D, N * DB), GradientCheck.Input.of("w3", w3, DB, DC), GradientCheck.Input.of("wj", wj, N, DC),
                GradientCheck.Input.of("w5", w5, DB, D), GradientCheck.Input.of("target", target, B, D),
                GradientCheck.Input.of("outside", outside, B, D), GradientCheck.Input.constant("omask", OUTSIDE_MASK, B, B),
                GradientCheck.Input.constant("logq", logQ, B));
    }

    private interface Term {
        Operand<TFloat64> apply(Ops tf, List<Operand<TFloat64>> in, Re4Graph.Interests<TFloat64> it, Operand<TFloat64> pos);
    }

    /** Only the inputs a term reads are differentiated (an unused input has no gradient at all). */
    private double check(Term term, String... used) {
        List<GradientCheck.Input> in = new ArrayList<>();
        List<String> u = List.of(used);
        for (GradientCheck.Input i : inputs()) {
            in.add(i.differentiate() && !u.contains(i.name()) ? GradientCheck.Input.constant(i.name(), i.values(), i.shape()) : i);
        }
        return GradientCheck.check(in, (tf, o) -> {
            Re4Graph.Interests<TFloat64> it = Re4Graph.interests(tf, o.get(0), o.get(1), o.get(2), o.get(3), o.get(4));
            Operand<TFloat64> pos = Re4Graph.positives(tf, it.a(), o.get(1));
            return term.apply(tf, o, it, pos);
        });
    }

    private static final String[] FORWARD = {"x", "w1", "q", "w2"};

    private static String[] with(String... more) {
        String[] out = java.util.Arrays.copyOf(FORWARD, FORWARD.length + more.length);
        System.arraycopy(more, 0, out, FORWARD.length, more.length);
        return out;
    }

    @Test
    void recommendationLossOfTheChosenInterest() {
        double l = check((tf, o, it, pos) -> {
            Operand<TFloat64> u = Re4Graph.selectInterest(tf, it.z(), o.get(9), K);
            return Losses.infoNce(Layers.l2Normalize(tf, u, 1e-6), Layers.l2Normalize(tf, o.get(9), 1e-6)).temperature(TAU)
                    .logQ(o.get(12)).build(tf);
        }, with("target"));
        assertThat(l).isPositive();
    }

    @Test
    void reContrast() {
        double l = check((tf, o, it, pos) -> Re4Graph.contrast(tf, it.z(), o.get(0), o.get(1), pos, o.get(10), o.get(11), K, TAU),
                with("outside"));
        assertThat(l).isPositive();
    }

    @Test
    void reAttend() {
        double l = check((tf, o, it, pos) -> Re4Graph.attend(tf, it.z(), o.get(0), o.get(1), it.a(), N), FORWARD);
        assertThat(l).isPositive();
    }

    @Test
    void reConstruct() {
        double l = check((tf, o, it, pos) -> Re4Graph.reconstruct(tf, it.z(), o.get(0), pos, o.get(5), o.get(6), o.get(7), o.get(8), K, N, DB),
                with("w4", "w3", "wj", "w5"));
        assertThat(l).isPositive();
    }

    @Test
    void fullObjective() {
        check((tf, o, it, pos) -> {
            Operand<TFloat64> u = Re4Graph.selectInterest(tf, it.z(), o.get(9), K);
            Operand<TFloat64> rec = Losses.infoNce(Layers.l2Normalize(tf, u, 1e-6), Layers.l2Normalize(tf, o.get(9), 1e-6))
                    .temperature(TAU).logQ(o.get(12)).build(tf);
            Operand<TFloat64> cl = Re4Graph.contrast(tf, it.z(), o.get(0), o.get(1), pos, o.get(10), o.get(11), K, TAU);
            Operand<TFloat64> att = Re4Graph.attend(tf, it.z(), o.get(0), o.get(1), it.a(), N);
            Operand<TFloat64> ct = Re4Graph.reconstruct(tf, it.z(), o.get(0), pos, o.get(5), o.get(6), o.get(7), o.get(8), K, N, DB);
            return tf.math.add(tf.math.add(rec, tf.math.mul(cl, tf.constant(0.3))),
                    tf.math.add(tf.math.mul(att, tf.constant(0.2)), tf.math.mul(ct, tf.constant(0.1))));
        }, with("w4", "w3", "wj", "w5", "target", "outside"));
    }

    // ---- forward values against plain Java, on the interests and attention the graph computed ----

    @Test
    void forwardValuesMatchPlainJava() {
        double[][] fetched = new double[2][];
        double[] graph = new double[3];
        Term[] terms = {
            (tf, o, it, pos) -> Re4Graph.contrast(tf, it.z(), o.get(0), o.get(1), pos, o.get(10), o.get(11), K, TAU),
            (tf, o, it, pos) -> Re4Graph.attend(tf, it.z(), o.get(0), o.get(1), it.a(), N),
            (tf, o, it, pos) -> Re4Graph.reconstruct(tf, it.z(), o.get(0), pos, o.get(5), o.get(6), o.get(7), o.get(8), K, N, DB),
        };
        for (int t = 0; t < 3; t++) {
            Term term = terms[t];
            int tt = t;
            graph[t] = Forward.run(inputs(), (tf, o) -> {
                Re4Graph.Interests<TFloat64> it = Re4Graph.interests(tf, o.get(0), o.get(1), o.get(2), o.get(3), o.get(4));
                Operand<TFloat64> pos = Re4Graph.positives(tf, it.a(), o.get(1));
                return List.of(term.apply(tf, o, it, pos), it.z(), it.a());
            }, tt == 0 ? fetched : null);
        }
        double[] z = fetched[0];
        double[] a = fetched[1];
        // interests in plain Java
        double[] zJava = new double[B * K * D];
        double[] aJava = new double[B * K * N];
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < K; k++) {
                double max = Double.NEGATIVE_INFINITY;
                double[] s = new double[N];
                for (int i = 0; i < N; i++) {
                    if (MASK[b * N + i] == 0) {
                        continue;
                    }
                    for (int h = 0; h < DA; h++) {
                        double pre = 0;
                        for (int c = 0; c < D; c++) {
                            pre += x[(b * N + i) * D + c] * w1[c * DA + h];
                        }
                        s[i] += q[k * DA + h] * Math.tanh(pre);
                    }
                    max = Math.max(max, s[i]);
                }
                double sum = 0;
                for (int i = 0; i < N; i++) {
                    if (MASK[b * N + i] == 1) {
                        sum += Math.exp(s[i] - max);
                    }
                }
                for (int i = 0; i < N; i++) {
                    double ai = MASK[b * N + i] == 1 ? Math.exp(s[i] - max) / sum : 0;
                    aJava[(b * K + k) * N + i] = ai;
                    for (int e = 0; e < D; e++) {
                        double v = 0;
                        for (int c = 0; c < D; c++) {
                            v += x[(b * N + i) * D + c] * w2[c * D + e];
                        }
                        zJava[(b * K + k) * D + e] += ai * v;
                    }
                }
            }
        }
        assertThat(z).containsExactly(zJava, Offset.offset(1e-9));
        assertThat(a).containsExactly(aJava, Offset.offset(1e-9));
        double[] pos = new double[B * K * N];
        int npos = 0;
        for (int b = 0; b < B; b++) {
            int len = 0;
            for (int i = 0; i < N; i++) {
                len += (int) MASK[b * N + i];
            }
            for (int k = 0; k < K; k++) {
                for (int i = 0; i < N; i++) {
                    if (MASK[b * N + i] == 1 && a[(b * K + k) * N + i] > 1.0 / len) {
                        pos[(b * K + k) * N + i] = 1;
                        npos++;
                    }
                }
            }
        }
        assertThat(npos).as("some positives, not all").isBetween(3, B * K * N / 2);
        assertThat(graph[0]).as("re-contrast").isCloseTo(contrastJava(z, pos), Offset.offset(1e-9));
        assertThat(graph[1]).as("re-attend").isCloseTo(attendJava(z, a), Offset.offset(1e-9));
        assertThat(graph[2]).as("re-construct").isCloseTo(reconstructJava(z, pos), Offset.offset(1e-9));
    }

    private static double cos(double[] u, int uo, double[] v, int vo) {
        double d = 0;
        double nu = 0;
        double nv = 0;
        for (int c = 0; c < D; c++) {
            d += u[uo + c] * v[vo + c];
            nu += u[uo + c] * u[uo + c];
            nv += v[vo + c] * v[vo + c];
        }
        return d / Math.sqrt(nu * nv);
    }

    private double contrastJava(double[] z, double[] pos) {
        double total = 0;
        int count = 0;
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < K; k++) {
                double neg = 0;
                for (int i = 0; i < N; i++) {
                    if (MASK[b * N + i] == 1 && pos[(b * K + k) * N + i] == 0) {
                        neg += Math.exp(cos(z, (b * K + k) * D, x, (b * N + i) * D) / TAU);
                    }
                }
                for (int k2 = 0; k2 < K; k2++) {
                    if (k2 != k) {
                        neg += Math.exp(cos(z, (b * K + k) * D, z, (b * K + k2) * D) / TAU);
                    }
                }
                for (int b2 = 0; b2 < B; b2++) {
                    if (OUTSIDE_MASK[b * B + b2] == 1) {
                        neg += Math.exp(cos(z, (b * K + k) * D, outside, b2 * D) / TAU);
                    }
                }
                for (int i = 0; i < N; i++) {
                    if (pos[(b * K + k) * N + i] == 1) {
                        double p = Math.exp(cos(z, (b * K + k) * D, x, (b * N + i) * D) / TAU);
                        total += -Math.log(p / (p + neg));
                        count++;
                    }
                }
            }
        }
        return total / count;
    }

    private double attendJava(double[] z, double[] a) {
        double total = 0;
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < K; k++) {
                double[] phi = new double[N];
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < N; i++) {
                    if (MASK[b * N + i] == 1) {
                        for (int c = 0; c < D; c++) {
                            phi[i] += z[(b * K + k) * D + c] * x[(b * N + i) * D + c];
                        }
                        max = Math.max(max, phi[i]);
                    }
                }
                double sum = 0;
                for (int i = 0; i < N; i++) {
                    if (MASK[b * N + i] == 1) {
                        sum += Math.exp(phi[i] - max);
                    }
                }
                for (int i = 0; i < N; i++) {
                    if (MASK[b * N + i] == 1) {
                        total -= a[(b * K + k) * N + i] * (phi[i] - max - Math.log(sum));
                    }
                }
            }
        }
        return total / (B * K);
    }

    private double reconstructJava(double[] z, double[] pos) {
        double total = 0;
        int count = 0;
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < K; k++) {
                double[][] c = new double[N][DB];
                for (int i = 0; i < N; i++) {
                    for (int e = 0; e < DB; e++) {
                        for (int h = 0; h < D; h++) {
                            c[i][e] += z[(b * K + k) * D + h] * w4[h * N * DB + i * DB + e];
                        }
                    }
                }
                for (int j = 0; j < N; j++) {
                    if (pos[(b * K + k) * N + j] == 0) {
                        continue;
                    }
                    double[] s = new double[N];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < N; i++) {
                        for (int h = 0; h < DC; h++) {
                            double pre = 0;
                            for (int e = 0; e < DB; e++) {
                                pre += c[i][e] * w3[e * DC + h];
                            }
                            s[i] += wj[j * DC + h] * Math.tanh(pre);
                        }
                        max = Math.max(max, s[i]);
                    }
                    double sum = 0;
                    for (int i = 0; i < N; i++) {
                        sum += Math.exp(s[i] - max);
                    }
                    double err = 0;
                    for (int o = 0; o < D; o++) {
                        double xhat = 0;
                        for (int i = 0; i < N; i++) {
                            double v = 0;
                            for (int e = 0; e < DB; e++) {
                                v += c[i][e] * w5[e * D + o];
                            }
                            xhat += Math.exp(s[i] - max) / sum * v;
                        }
                        double diff = xhat - x[(b * N + j) * D + o];
                        err += diff * diff;
                    }
                    total += err;
                    count++;
                }
            }
        }
        return total / count;
    }
}
