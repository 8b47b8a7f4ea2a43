package io.mic.models.tf.layers;

import io.mic.models.tf.DenseParam;

/**
 * Plain-Java forward passes of the layers (row-major double arrays, loops written from the
 * formulas, no TensorFlow), the "computed another way" side of the forward tests.
 */
final class Reference {
    private Reference() {
    }

    static double[] d(DenseParam p) {
        float[] v = p.values();
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }

    /** {@code x [n, in] W [in, out] + b}. */
    static double[] dense(double[] x, int n, int in, double[] w, double[] b, int out) {
        double[] y = new double[n * out];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int k = 0; k < in; k++) {
                    s += x[i * in + k] * w[k * out + o];
                }
                y[i * out + o] = s;
            }
        }
        return y;
    }

    static double[] layerNorm(double[] x, int n, int dim, double[] gamma, double[] beta, double eps) {
        double[] y = new double[n * dim];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int k = 0; k < dim; k++) {
                mean += x[i * dim + k];
            }
            mean /= dim;
            double var = 0;
            for (int k = 0; k < dim; k++) {
                double c = x[i * dim + k] - mean;
                var += c * c;
            }
            var /= dim;
            for (int k = 0; k < dim; k++) {
                y[i * dim + k] = (x[i * dim + k] - mean) / Math.sqrt(var + eps) * gamma[k] + beta[k];
            }
        }
        return y;
    }

    static double[] layerNorm(LayerNorm ln, double[] x, int n) {
        return layerNorm(x, n, ln.dim(), d(ln.params().get(0)), d(ln.params().get(1)), ln.eps());
    }

    /** Output {@code [B, Lq, d]} and weights {@code [B, h, Lq, Lk]} of multi-head attention. */
    record Attn(double[] output, double[] weights) {
    }

    static Attn attention(MultiHeadAttention a, double[] q, double[] kv, double[] keyMask, boolean causal, int b, int lq, int lk) {
        int dim = a.dim();
        int h = a.heads();
        int dh = dim / h;
        var p = a.params();
        double[] qp = dense(q, b * lq, dim, d(p.get(0)), d(p.get(1)), dim);
        double[] kp = dense(kv, b * lk, dim, d(p.get(2)), d(p.get(3)), dim);
        double[] vp = dense(kv, b * lk, dim, d(p.get(4)), d(p.get(5)), dim);
        double[] weights = new double[b * h * lq * lk];
        double[] ctx = new double[b * lq * dim];
        for (int bi = 0; bi < b; bi++) {
            for (int hi = 0; hi < h; hi++) {
                for (int i = 0; i < lq; i++) {
                    double[] s = new double[lk];
                    boolean[] on = new boolean[lk];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < lk; j++) {
                        on[j] = (keyMask == null || keyMask[bi * lk + j] != 0) && (!causal || j <= i);
                        double dot = 0;
                        for (int k = 0; k < dh; k++) {
                            dot += qp[(bi * lq + i) * dim + hi * dh + k] * kp[(bi * lk + j) * dim + hi * dh + k];
                        }
                        s[j] = dot / Math.sqrt(dh);
                        if (on[j]) {
                            max = Math.max(max, s[j]);
                        }
                    }
                    double z = 0;
                    for (int j = 0; j < lk; j++) {
                        s[j] = on[j] ? Math.exp(s[j] - max) : 0;
                        z += s[j];
                    }
                    for (int j = 0; j < lk; j++) {
                        double w = z > 0 ? s[j] / z : 0; // a query with no visible key attends to nothing
                        weights[((bi * h + hi) * lq + i) * lk + j] = w;
                        for (int k = 0; k < dh; k++) {
                            ctx[(bi * lq + i) * dim + hi * dh + k] += w * vp[(bi * lk + j) * dim + hi * dh + k];
                        }
                    }
                }
            }
        }
        return new Attn(dense(ctx, b * lq, dim, d(p.get(6)), d(p.get(7)), dim), weights);
    }

    static double act(double x, io.mic.models.tf.ops.Activation act) {
        return switch (act) {
            case RELU -> Math.max(0, x);
            case IDENTITY -> x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case ELU -> x > 0 ? x : Math.expm1(x);
            case GELU -> throw new UnsupportedOperationException("no erf in the JDK");
        };
    }

    /** {@code act(x W1 + b1) W2 + b2} (no residual). */
    static double[] ffn(FeedForward f, double[] x, int n) {
        var p = f.params();
        double[] h = dense(x, n, f.dim(), d(p.get(0)), d(p.get(1)), f.hidden());
        for (int i = 0; i < h.length; i++) {
            h[i] = act(h[i], f.activation());
        }
        return dense(h, n, f.hidden(), d(p.get(2)), d(p.get(3)), f.dim());
    }

    static double[] add(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + b[i];
        }
        return r;
    }

    /** Zeroes the rows of {@code x [n, dim]} where {@code mask} is 0 (null: none). */
    static double[] maskRows(double[] x, double[] mask, int dim) {
        if (mask == null) {
            return x;
        }
        double[] r = x.clone();
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) {
                java.util.Arrays.fill(r, i * dim, (i + 1) * dim, 0);
            }
        }
        return r;
    }

    static double[] encoderBlock(TransformerEncoderBlock blk, double[] x, double[] mask, int b, int l) {
        int dim = blk.dim();
        int n = b * l;
        double[] y;
        if (blk.preNorm()) {
            double[] a = attention(blk.attention(), layerNorm(blk.norm1(), x, n), layerNorm(blk.norm1(), x, n), mask, blk.causal(), b, l, l).output();
            double[] h = add(x, a);
            y = add(h, ffn(blk.feedForward(), layerNorm(blk.norm2(), h, n), n));
        } else {
            double[] h = layerNorm(blk.norm1(), add(x, attention(blk.attention(), x, x, mask, blk.causal(), b, l, l).output()), n);
            y = layerNorm(blk.norm2(), add(h, ffn(blk.feedForward(), h, n)), n);
        }
        return maskRows(y, mask, dim);
    }

    static double[] decoderBlock(TransformerDecoderBlock blk, double[] x, double[] mask, double[] enc, double[] encMask, int b, int l, int le) {
        int dim = blk.dim();
        int n = b * l;
        double[] y;
        if (blk.preNorm()) {
            double[] x1 = layerNorm(blk.norm1(), x, n);
            double[] h1 = add(x, attention(blk.selfAttention(), x1, x1, mask, blk.causal(), b, l, l).output());
            double[] h2 = add(h1, attention(blk.crossAttention(), layerNorm(blk.norm2(), h1, n), enc, encMask, false, b, l, le).output());
            y = add(h2, ffn(blk.feedForward(), layerNorm(blk.norm3(), h2, n), n));
        } else {
            double[] h1 = layerNorm(blk.norm1(), add(x, attention(blk.selfAttention(), x, x, mask, blk.causal(), b, l, l).output()), n);
            double[] h2 = layerNorm(blk.norm2(), add(h1, attention(blk.crossAttention(), h1, enc, encMask, false, b, l, le).output()), n);
            y = layerNorm(blk.norm3(), add(h2, ffn(blk.feedForward(), h2, n)), n);
        }
        return maskRows(y, mask, dim);
    }
}
