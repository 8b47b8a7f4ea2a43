package io.mic.models.tf.ops;

import io.mic.models.tf.Feeds;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TNumber;

/**
 * Graph building blocks shared by the paper modules. Pure functions of their operands, generic
 * in the float type (the gradient tests run them in float64). Every op used here has a registered
 * gradient in TF Java 1.1.0 (checked by the finite-difference tests); notably row selection uses
 * {@code GatherV2} ({@code tf.gather} with an axis), never {@code Gather} v1 or
 * {@code ResourceGather}, which have none.
 *
 * <p>Masks are float tensors of 1 (real position) and 0 (padding). Masked positions are removed
 * from softmaxes by adding {@link #MASKED} to their logits: exp underflows to exactly 0, so they
 * get neither probability nor gradient.
 */
public final class Layers {

    /** Logit offset that removes a position from a softmax. */
    public static final double MASKED = -1e9;

    private Layers() {
    }

    /** A scalar constant of {@code like}'s float type. */
    public static <T extends TNumber> Operand<T> scalar(Ops tf, double value, Operand<T> like) {
        return tf.dtypes.cast(tf.constant(value), like.type());
    }

    /** Rows {@code index} of {@code rows} (any index shape): {@code GatherV2}, whose gradient sums duplicates. */
    public static <T extends TFloating> Operand<T> gatherRows(Ops tf, Operand<T> rows, Operand<TInt32> index) {
        return tf.gather(rows, index, tf.constant(0));
    }

    /**
     * Fully connected layer {@code act(x W + b)} over the last axis of {@code x} (rank 2 or more;
     * leading axes are kept). {@code w} is {@code [in, out]}, {@code b} is {@code [out]} or null.
     */
    public static <T extends TFloating> Operand<T> dense(Ops tf, Operand<T> x, Operand<T> w, Operand<T> b, Activation act) {
        int rank = x.shape().numDimensions();
        if (rank < 2) {
            throw new IllegalArgumentException("dense needs rank >= 2 input, got shape " + x.shape());
        }
        Operand<T> y;
        if (rank == 2) {
            y = tf.linalg.matMul(x, w);
        } else {
            long in = w.shape().get(0);
            long out = w.shape().get(1);
            Operand<T> flat = tf.reshape(x, tf.constant(new long[] {-1, in}));
            Operand<TInt32> lead = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {rank - 1}));
            Operand<TInt32> outShape = tf.concat(java.util.List.of(lead, tf.constant(new int[] {(int) out})), tf.constant(0));
            y = tf.reshape(tf.linalg.matMul(flat, w), outShape);
        }
        if (b != null) {
            y = tf.math.add(y, b);
        }
        return act.apply(tf, y);
    }

    /** Scales each row (last axis) to unit L2 norm: {@code x / max(||x||, eps)}. */
    public static <T extends TFloating> Operand<T> l2Normalize(Ops tf, Operand<T> x, double eps) {
        Operand<T> sq = tf.reduceSum(tf.math.square(x), tf.constant(-1), ReduceSum.keepDims(true));
        return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(sq, scalar(tf, eps * eps, x))));
    }

    /**
     * Mean of {@code values [B, L, d]} over the positions where {@code mask [B, L]} is 1; an
     * all-padding row gives a zero vector (the count is clamped to 1).
     */
    public static <T extends TFloating> Operand<T> maskedMean(Ops tf, Operand<T> values, Operand<T> mask) {
        Operand<T> m = tf.expandDims(mask, tf.constant(-1));
        Operand<T> sum = tf.reduceSum(tf.math.mul(values, m), tf.constant(1));
        Operand<T> count = tf.math.maximum(tf.reduceSum(m, tf.constant(1)), scalar(tf, 1.0, values));
        return tf.math.div(sum, count);
    }

    /**
     * Adds {@link #MASKED} where {@code mask} is 0: {@code logits + (1 - mask) * MASKED}.
     * {@code mask} broadcasts against {@code logits}.
     */
    public static <T extends TFloating> Operand<T> maskLogits(Ops tf, Operand<T> logits, Operand<T> mask) {
        return tf.math.add(logits, tf.math.mul(tf.math.sub(scalar(tf, 1.0, mask), mask), scalar(tf, MASKED, logits)));
    }

    /** Output of {@link #attention}: pooled {@code [B, K, dv]} and weights {@code [B, K, L]}. */
    public record Attention<T extends TFloating>(Operand<T> pooled, Operand<T> weights) {
    }

    /**
     * Attention pooling with learned queries: {@code a[b,k,:] = softmax_l(q_k . key[b,l] * scale)}
     * over unmasked positions, {@code pooled[b,k] = sum_l a[b,k,l] value[b,l]}. With one query
     * this is attention pooling of a sequence; with K it is the multi-interest extractor of Re4
     * (keys {@code tanh(W1 x)}, values {@code W2 x}). An all-padding row pools to zero
     * only if its values are zero (padding rows fed by {@link Feeds} are).
     *
     * @param keys    {@code [B, L, dk]}
     * @param values  {@code [B, L, dv]}
     * @param mask    {@code [B, L]} (1 real, 0 padding)
     * @param queries {@code [K, dk]}
     * @param scale   multiplier of the scores, usually {@code 1/sqrt(dk)}
     */
    public static <T extends TFloating> Attention<T> attention(Ops tf, Operand<T> keys, Operand<T> values, Operand<T> mask,
            Operand<T> queries, double scale) {
        // [B, L, dk] x [dk, K] -> [B, L, K] -> [B, K, L]; BatchMatMulV3 broadcasts the missing batch axis
        Operand<T> scores = tf.train.batchMatMul(keys, tf.linalg.transpose(queries, tf.constant(new int[] {1, 0})), keys.type());
        scores = tf.linalg.transpose(scores, tf.constant(new int[] {0, 2, 1}));
        scores = tf.math.mul(scores, scalar(tf, scale, keys));
        scores = maskLogits(tf, scores, tf.expandDims(mask, tf.constant(1)));
        Operand<T> weights = tf.nn.softmax(scores);
        Operand<T> pooled = tf.train.batchMatMul(weights, values, values.type());
        return new Attention<>(pooled, weights);
    }

    /** Row-wise dot products {@code sum_j a[.., j] b[.., j]} (same shapes), keeping no axis. */
    public static <T extends TFloating> Operand<T> rowDot(Ops tf, Operand<T> a, Operand<T> b) {
        return tf.reduceSum(tf.math.mul(a, b), tf.constant(-1));
    }

    /** All pairwise dot products {@code a [N, d] . b [M, d]^T -> [N, M]}. */
    public static <T extends TFloating> Operand<T> pairwiseDot(Ops tf, Operand<T> a, Operand<T> b) {
        return tf.linalg.matMul(a, b, MatMul.transposeB(true));
    }

    /** {@code x * keep / keepProb}: dropout with a mask of 0/1 drawn in Java (seeded, checkpointable) and fed. */
    public static <T extends TFloating> Operand<T> dropout(Ops tf, Operand<T> x, Operand<T> keep, double keepProb) {
        return tf.math.mul(x, tf.math.mul(keep, scalar(tf, 1.0 / keepProb, x)));
    }
}
