package io.mic.models.tf.layers;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017) with input and output
 * projections: {@code head_i = softmax(Q_i K_i^T / sqrt(d_h) + masks) V_i},
 * {@code out = concat_i(head_i) W_o + b_o}, where {@code Q = q W_q + b_q},
 * {@code K = kv W_k + b_k}, {@code V = kv W_v + b_v} and {@code d_h = d / heads}.
 *
 * <p>Self-attention is {@code apply(q = x, kv = x)}; cross-attention (decoder queries over encoder
 * outputs) is {@code apply(q = decoder states, kv = encoder outputs, keyMask = encoder padding mask)}.
 *
 * <p>Masks: {@code keyMask [B, Lk]} (1 real, 0 padding) removes padded keys; {@code causal}
 * removes keys after the query's position (query i sees keys {@code 0..i}; needs {@code Lq == Lk}
 * aligned at position 0). Removed keys get exactly zero weight (logit offset
 * {@link Layers#MASKED}, then the weights are multiplied by the mask so that a query whose keys
 * are all padding attends to nothing and outputs {@code b_o}).
 *
 * <p>Parameters {@code <name>/{wq,wk,wv,wo}} {@code [d, d]} (Glorot uniform) and
 * {@code <name>/{bq,bk,bv,bo}} {@code [d]} (zeros).
 */
public final class MultiHeadAttention {
    private final String name;
    private final int dim;
    private final int heads;
    private final DenseParam wq;
    private final DenseParam bq;
    private final DenseParam wk;
    private final DenseParam bk;
    private final DenseParam wv;
    private final DenseParam bv;
    private final DenseParam wo;
    private final DenseParam bo;

    /** Output and attention weights of one application. */
    public record Result<T extends TFloating>(Operand<T> output, Operand<T> weights) {
        /**
         * @param output  {@code [B, Lq, d]}
         * @param weights {@code [B, heads, Lq, Lk]}: each row sums to 1 over unmasked keys, 0 on masked ones
         */
        public Result {
        }
    }

    /**
     * @param dim   model width {@code d}, divisible by {@code heads}
     * @param heads number of heads
     */
    public MultiHeadAttention(String name, int dim, int heads, Optimizer optimizer, long seed) {
        if (dim <= 0 || heads <= 0 || dim % heads != 0) {
            throw new IllegalArgumentException("attention '" + name + "': dim " + dim + " must be a positive multiple of heads " + heads);
        }
        this.name = name;
        this.dim = dim;
        this.heads = heads;
        Initializer w = Initializer.glorotUniform(dim, dim);
        this.wq = DenseParam.create(name + "/wq", optimizer, w, seed, dim, dim);
        this.wk = DenseParam.create(name + "/wk", optimizer, w, seed, dim, dim);
        this.wv = DenseParam.create(name + "/wv", optimizer, w, seed, dim, dim);
        this.wo = DenseParam.create(name + "/wo", optimizer, w, seed, dim, dim);
        this.bq = DenseParam.create(name + "/bq", optimizer, Initializer.zeros(), seed, dim);
        this.bk = DenseParam.create(name + "/bk", optimizer, Initializer.zeros(), seed, dim);
        this.bv = DenseParam.create(name + "/bv", optimizer, Initializer.zeros(), seed, dim);
        this.bo = DenseParam.create(name + "/bo", optimizer, Initializer.zeros(), seed, dim);
    }

    /**
     * Attention of {@code q [B, Lq, d]} over {@code kv [B, Lk, d]}.
     *
     * @param keyMask {@code [B, Lk]} 1/0, or null (no padding)
     * @param causal  also mask keys after each query's position (self-attention of sequences)
     */
    public <T extends TFloating> Result<T> apply(Ops tf, Params<T> params, Operand<T> q, Operand<T> kv, Operand<T> keyMask, boolean causal) {
        checkRank(q, "queries");
        checkRank(kv, "keys/values");
        int dh = dim / heads;
        Operand<T> qh = splitHeads(tf, Layers.dense(tf, q, params.get(wq), params.get(bq), Activation.IDENTITY), dh);
        Operand<T> kh = splitHeads(tf, Layers.dense(tf, kv, params.get(wk), params.get(bk), Activation.IDENTITY), dh);
        Operand<T> vh = splitHeads(tf, Layers.dense(tf, kv, params.get(wv), params.get(bv), Activation.IDENTITY), dh);
        // [B, h, Lq, dh] x [B, h, dh, Lk] -> [B, h, Lq, Lk]
        Operand<T> kt = tf.linalg.transpose(kh, tf.constant(new int[] {0, 1, 3, 2}));
        Operand<T> scores = tf.math.mul(tf.train.batchMatMul(qh, kt, q.type()), Layers.scalar(tf, 1.0 / Math.sqrt(dh), q));
        Operand<T> mask = null;
        if (keyMask != null) {
            // [B, Lk] -> [B, 1, 1, Lk]
            mask = tf.reshape(keyMask, tf.concat(List.of(tf.slice(tf.shape(keyMask), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                    tf.constant(new int[] {1, 1, -1})), tf.constant(0)));
        }
        if (causal) {
            Operand<T> lower = causalMask(tf, scores);
            mask = mask == null ? lower : tf.math.mul(mask, lower);
        }
        Operand<T> weights;
        if (mask != null) {
            weights = tf.math.mul(tf.nn.softmax(Layers.maskLogits(tf, scores, mask)), mask);
        } else {
            weights = tf.nn.softmax(scores);
        }
        Operand<T> ctx = mergeHeads(tf, tf.train.batchMatMul(weights, vh, q.type()));
        Operand<T> out = Layers.dense(tf, ctx, params.get(wo), params.get(bo), Activation.IDENTITY);
        return new Result<>(out, weights);
    }

    /** Self-attention of {@code x [B, L, d]}: {@code apply(x, x, mask, causal).output()}. */
    public <T extends TFloating> Operand<T> self(Ops tf, Params<T> params, Operand<T> x, Operand<T> mask, boolean causal) {
        return apply(tf, params, x, x, mask, causal).output();
    }

    /** Lower-triangular ones {@code [Lq, Lk]} (query i sees keys 0..i), broadcast over batch and heads. */
    private static <T extends TFloating> Operand<T> causalMask(Ops tf, Operand<T> scores) {
        Operand<TInt32> lastTwo = tf.slice(tf.shape(scores), tf.constant(new int[] {2}), tf.constant(new int[] {2}));
        Operand<T> ones = tf.fill(lastTwo, Layers.scalar(tf, 1.0, scores));
        return tf.linalg.bandPart(ones, tf.constant(-1), tf.constant(0));
    }

    /** {@code [B, L, d] -> [B, h, L, dh]}. */
    private <T extends TFloating> Operand<T> splitHeads(Ops tf, Operand<T> x, int dh) {
        Operand<TInt32> lead = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {2}));
        Operand<T> r = tf.reshape(x, tf.concat(List.of(lead, tf.constant(new int[] {heads, dh})), tf.constant(0)));
        return tf.linalg.transpose(r, tf.constant(new int[] {0, 2, 1, 3}));
    }

    /** {@code [B, h, L, dh] -> [B, L, d]}. */
    private <T extends TFloating> Operand<T> mergeHeads(Ops tf, Operand<T> x) {
        Operand<T> t = tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 1, 3}));
        Operand<TInt32> lead = tf.slice(tf.shape(t), tf.constant(new int[] {0}), tf.constant(new int[] {2}));
        return tf.reshape(t, tf.concat(List.of(lead, tf.constant(new int[] {dim})), tf.constant(0)));
    }

    private void checkRank(Operand<?> x, String what) {
        if (x.shape().numDimensions() != 3) {
            throw new IllegalArgumentException("attention '" + name + "': " + what + " must be [B, L, " + dim + "], got shape " + x.shape());
        }
        long last = x.shape().get(2);
        if (last >= 0 && last != dim) {
            throw new IllegalArgumentException("attention '" + name + "': " + what + " width " + last + " != dim " + dim);
        }
    }

    public String name() {
        return name;
    }

    public int dim() {
        return dim;
    }

    public int heads() {
        return heads;
    }

    /** {@code wq, bq, wk, bk, wv, bv, wo, bo}. */
    public List<DenseParam> params() {
        return List.of(wq, bq, wk, bk, wv, bv, wo, bo);
    }
}
