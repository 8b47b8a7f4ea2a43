package io.mic.models.missrec;

import io.mic.models.tf.Activation;
import io.mic.models.tf.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * The transformer pieces the sequence models need (pre-LN blocks: {@code h + MHA(LN h)}, then
 * {@code h + FFN(LN h)}), generic in the float type for the float64 gradient tests. Only ops with
 * gradients in TF Java 1.1.0 (layer norm with sqrt/div, masks added to logits as in
 * {@link Layers#maskLogits}).
 *
 * <p>Merge note: the runtime's shared transformer layers (issue 18, package
 * {@code io.mic.models.tf.layers}) were not on main when this module was written; once they are,
 * these functions should delegate to them.
 */
final class SeqLayers {
    private SeqLayers() {
    }

    /** {@code (x - mean) / sqrt(var + 1e-6) * g + b} over the last axis. */
    static <T extends TFloating> Operand<T> layerNorm(Ops tf, Operand<T> x, Operand<T> g, Operand<T> b) {
        Operand<T> mean = tf.math.mean(x, tf.constant(-1), org.tensorflow.op.math.Mean.keepDims(true));
        Operand<T> c = tf.math.sub(x, mean);
        Operand<T> var = tf.math.mean(tf.math.mul(c, c), tf.constant(-1), org.tensorflow.op.math.Mean.keepDims(true));
        Operand<T> n = tf.math.div(c, tf.math.sqrt(tf.math.add(var, Layers.scalar(tf, 1e-6, x))));
        return tf.math.add(tf.math.mul(n, g), b);
    }

    /**
     * Multi-head attention of queries {@code q [B, Lq, d]} over {@code kv [B, Lk, d]} ({@code Lq},
     * {@code Lk}, {@code d} static): {@code softmax(Q K^T / sqrt(d_h) + masks) V W_o} per head,
     * heads concatenated. Keys with {@code keyMask [B, Lk]} 0 get no weight; with {@code causal}
     * (self-attention, {@code Lq = Lk}) query i sees keys {@code <= i} only. A query row that sees no
     * key gets a uniform average (its output is masked by the caller).
     */
    static <T extends TFloating> Operand<T> attention(Ops tf, Operand<T> q, Operand<T> kv, Operand<T> keyMask, boolean causal,
            Operand<T> wq, Operand<T> wk, Operand<T> wv, Operand<T> wo, int heads) {
        int lq = (int) q.shape().get(1);
        int lk = (int) kv.shape().get(1);
        int d = (int) q.shape().get(2);
        int dh = d / heads;
        Operand<T> qh = splitHeads(tf, Layers.dense(tf, q, wq, null, Activation.IDENTITY), lq, heads, dh);
        Operand<T> kh = splitHeads(tf, Layers.dense(tf, kv, wk, null, Activation.IDENTITY), lk, heads, dh);
        Operand<T> vh = splitHeads(tf, Layers.dense(tf, kv, wv, null, Activation.IDENTITY), lk, heads, dh);
        Operand<T> scores = tf.train.batchMatMul(qh, kh, q.type(), org.tensorflow.op.train.BatchMatMul.adjY(true)); // [B, H, Lq, Lk]
        scores = tf.math.mul(scores, Layers.scalar(tf, 1.0 / Math.sqrt(dh), q));
        Operand<T> m = tf.reshape(keyMask, tf.constant(new long[] {-1, 1, 1, lk}));
        if (causal) {
            m = tf.math.mul(m, DpcKnnGraph.constant(tf, q, lq, lk, (i, j) -> j <= i ? 1 : 0));
        }
        Operand<T> w = tf.nn.softmax(Layers.maskLogits(tf, scores, m));
        Operand<T> out = tf.train.batchMatMul(w, vh, q.type()); // [B, H, Lq, dh]
        out = tf.reshape(tf.linalg.transpose(out, tf.constant(new int[] {0, 2, 1, 3})), tf.constant(new long[] {-1, lq, d}));
        return Layers.dense(tf, out, wo, null, Activation.IDENTITY);
    }

    private static <T extends TFloating> Operand<T> splitHeads(Ops tf, Operand<T> x, int len, int heads, int dh) {
        return tf.linalg.transpose(tf.reshape(x, tf.constant(new long[] {-1, len, heads, dh})), tf.constant(new int[] {0, 2, 1, 3}));
    }

    /** {@code relu(x W1 + b1) W2 + b2}. */
    static <T extends TFloating> Operand<T> ffn(Ops tf, Operand<T> x, Operand<T> w1, Operand<T> b1, Operand<T> w2, Operand<T> b2) {
        return Layers.dense(tf, Layers.dense(tf, x, w1, b1, Activation.RELU), w2, b2, Activation.IDENTITY);
    }

    /**
     * One-hot reverse positions {@code [B, L, P]} of a left-aligned sequence (real tokens first):
     * the most recent real token is position 0, the one before it 1, ... so the user's last item
     * always reads the same positional embedding. Padding positions get an all-zero row.
     */
    static <T extends TFloating> Operand<T> reversePositions(Ops tf, Operand<T> mask, int positions) {
        int len = (int) mask.shape().get(1);
        Operand<T> later = DpcKnnGraph.constant(tf, mask, len, len, (a, b) -> a > b ? 1 : 0); // [l', l]: l' after l
        Operand<T> rev = tf.linalg.matMul(mask, later); // [B, L]: real tokens after l
        float[] p = new float[positions];
        for (int i = 0; i < positions; i++) {
            p[i] = i;
        }
        Operand<T> ids = tf.dtypes.cast(tf.constant(p), mask.type());
        Operand<T> one = Layers.scalar(tf, 1.0, mask);
        Operand<T> hot = tf.nn.relu(tf.math.sub(one, tf.math.abs(tf.math.sub(tf.expandDims(rev, tf.constant(-1)), ids))));
        return tf.math.mul(hot, tf.expandDims(mask, tf.constant(-1)));
    }

    /** The output at each row's last real position of a left-aligned sequence: {@code [B, L, d] -> [B, d]}. */
    static <T extends TFloating> Operand<T> last(Ops tf, Operand<T> h, Operand<T> mask) {
        int len = (int) mask.shape().get(1);
        Operand<T> next = DpcKnnGraph.constant(tf, mask, len, len, (a, b) -> a == b + 1 ? 1 : 0); // [l', l]: l' = l + 1
        Operand<T> lastHot = tf.math.sub(mask, tf.linalg.matMul(mask, next)); // mask[l] - mask[l + 1]
        return tf.reduceSum(tf.math.mul(h, tf.expandDims(lastHot, tf.constant(-1))), tf.constant(1));
    }

    /**
     * The orthogonality regulariser on interests {@code xi [B, M, d]} with {@code mask [B, M]}:
     * {@code 1/M^2 sum_{m != m'} cos(xi_m, xi_m')} over pairs of real interests, averaged over the
     * batch (the caller multiplies by gamma).
     */
    static <T extends TFloating> Operand<T> orthogonality(Ops tf, Operand<T> xi, Operand<T> mask) {
        int m = (int) xi.shape().get(1);
        Operand<T> n = Layers.l2Normalize(tf, xi, 1e-9);
        Operand<T> cos = tf.train.batchMatMul(n, n, xi.type(), org.tensorflow.op.train.BatchMatMul.adjY(true)); // [B, M, M]
        Operand<T> pair = tf.math.mul(tf.math.mul(tf.expandDims(mask, tf.constant(2)), tf.expandDims(mask, tf.constant(1))),
                DpcKnnGraph.constant(tf, xi, m, m, (a, b) -> a == b ? 0 : 1));
        Operand<T> perRow = tf.reduceSum(tf.math.mul(cos, pair), tf.constant(new int[] {1, 2}));
        return tf.math.mean(tf.math.mul(perRow, Layers.scalar(tf, 1.0 / ((double) m * m), xi)), tf.constant(0));
    }

    /**
     * Dynamic candidate fusion: {@code v = sum_m w_m x^m} with {@code w_m = softmax_m(alpha <u, x^m>)},
     * for users {@code u [B, d]} and candidates {@code x [C, M, d]} (M modality vectors each): every
     * user gets its own fused candidate, {@code [B, C, d]}. With one modality the weight is exactly 1
     * (the model then skips the fusion and scores {@code x} directly).
     */
    static <T extends TFloating> Operand<T> fuse(Ops tf, Operand<T> u, Operand<T> x, double alpha) {
        long mods = x.shape().get(1);
        long d = x.shape().get(2);
        Operand<TInt32> c = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
        Operand<T> flat = tf.reshape(x, tf.constant(new long[] {-1, d})); // [C M, d]
        Operand<T> s = Layers.pairwiseDot(tf, u, flat); // [B, C M]
        Operand<TInt32> shape = tf.concat(java.util.List.of(tf.constant(new int[] {-1}), c, tf.constant(new int[] {(int) mods})), tf.constant(0));
        Operand<T> w = tf.nn.softmax(tf.math.mul(tf.reshape(s, shape), Layers.scalar(tf, alpha, u))); // [B, C, M], over m
        // v[b, c, :] = sum_m w[b, c, m] x[c, m, :]
        return tf.reduceSum(tf.math.mul(tf.expandDims(w, tf.constant(-1)), tf.expandDims(x, tf.constant(0))), tf.constant(2));
    }
}
