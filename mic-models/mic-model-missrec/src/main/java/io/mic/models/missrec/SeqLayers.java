package io.mic.models.missrec;

import io.mic.models.tf.ops.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * MISSRec's own graph terms (the transformer blocks come from {@link io.mic.models.tf.layers}):
 * the orthogonality regulariser and the dynamic candidate fusion. Generic in the float type for the
 * float64 gradient tests; only ops with gradients in TF Java 1.1.0.
 */
final class SeqLayers {
    private SeqLayers() {
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
