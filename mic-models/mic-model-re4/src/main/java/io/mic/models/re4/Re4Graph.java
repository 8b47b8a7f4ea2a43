package io.mic.models.re4;

import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.family.TFloating;

/**
 * The Re4 graph (Zhang et al., WWW'22), generic in the float type so the gradient tests run it in
 * float64. Shapes: {@code B} users, {@code N} sequence positions (the padded length N_x), {@code K}
 * interests, {@code d} embedding width.
 *
 * <p>Forward flow (ComiRec-SA): {@code a[b,k,i] = softmax_i(w_k . tanh(W1 x_i))} over the real
 * positions, {@code z[b,k] = sum_j a[b,k,j] W2 x_j}.
 *
 * <p>Backward flow:
 * <ul>
 *   <li>positives {@code P[b,k,j] = 1} when {@code a[b,k,j] > 1 / n_b}, n_b the user's actual sequence
 *       length: a uniform attention puts exactly {@code 1/n_b} on every real item, so P_k is "the
 *       items interest k attends to more than average". (With the padded N_x = 50 a short sequence
 *       would make every item a positive.) The threshold is a step function, so P carries no
 *       gradient: it is built from {@code stopGradient(a)} with Sign/Relu, ops whose gradients TF
 *       Java 1.1.0 has (Greater/ArgMax have none).</li>
 *   <li>{@link #contrast Re-contrast}, {@link #attend Re-attend}, {@link #reconstruct Re-construct}.</li>
 * </ul>
 * Every op used has a registered gradient; {@code Re4GraphGradientTest} checks each term against
 * central differences.
 */
final class Re4Graph {
    /** Added inside the log of Re-contrast's negative sum so a row with no negatives stays finite. */
    static final double TINY = 1e-30;

    private Re4Graph() {
    }

    /** Interests {@code z [B, K, d]} and attention {@code a [B, K, N]}. */
    record Interests<T extends TFloating>(Operand<T> z, Operand<T> a) {
    }

    /**
     * The multi-interest extractor: {@code x [B, N, d]}, {@code mask [B, N]}, {@code w1 [d, da]},
     * {@code queries [K, da]} (the w_k), {@code w2 [d, d]}.
     */
    static <T extends TFloating> Interests<T> interests(Ops tf, Operand<T> x, Operand<T> mask, Operand<T> w1, Operand<T> queries,
            Operand<T> w2) {
        Operand<T> keys = Layers.dense(tf, x, w1, null, Activation.TANH);
        Operand<T> values = Layers.dense(tf, x, w2, null, Activation.IDENTITY);
        Layers.Attention<T> att = Layers.attention(tf, keys, values, mask, queries, 1.0);
        return new Interests<>(att.pooled(), att.weights());
    }

    /**
     * ComiRec's training-time choice of interest: {@code z[b, argmax_k <z_k, t_b>] [B, d]}. The
     * one-hot is built from Sign/Relu of stop-gradient scores (interest k wins when it beats all K−1
     * others), so the chosen vector gets the gradient and the choice none. An exact tie selects no
     * interest (a zero query for that row); with continuous values it does not occur.
     */
    static <T extends TFloating> Operand<T> selectInterest(Ops tf, Operand<T> z, Operand<T> target, int k) {
        Operand<T> s = tf.stopGradient(tf.reduceSum(tf.math.mul(z, tf.expandDims(target, tf.constant(1))), tf.constant(-1)));
        Operand<T> diff = tf.math.sub(tf.expandDims(s, tf.constant(2)), tf.expandDims(s, tf.constant(1))); // [B, K, K]
        Operand<T> wins = tf.reduceSum(tf.nn.relu(tf.math.sign(diff)), tf.constant(2)); // K-1 for the best
        Operand<T> oneHot = tf.nn.relu(tf.math.sign(tf.math.sub(wins, Layers.scalar(tf, k - 1.5, z))));
        return tf.reduceSum(tf.math.mul(z, tf.expandDims(oneHot, tf.constant(-1))), tf.constant(1));
    }

    /** {@code P [B, K, N]}: 1 where {@code a > 1 / n_b} on a real position (no gradient). */
    static <T extends TFloating> Operand<T> positives(Ops tf, Operand<T> a, Operand<T> mask) {
        Operand<T> len = tf.math.maximum(tf.reduceSum(mask, tf.constant(1), ReduceSum.keepDims(true)), Layers.scalar(tf, 1.0, a)); // [B,1]
        Operand<T> thr = tf.expandDims(tf.math.div(Layers.scalar(tf, 1.0, a), len), tf.constant(1)); // [B,1,1]
        Operand<T> p = tf.nn.relu(tf.math.sign(tf.math.sub(tf.stopGradient(a), thr)));
        return tf.math.mul(p, tf.expandDims(mask, tf.constant(1)));
    }

    /** {@code a [B, M, d] . b [B, N, d]^T -> [B, M, N]}. */
    private static <T extends TFloating> Operand<T> batchDot(Ops tf, Operand<T> a, Operand<T> b) {
        return tf.train.batchMatMul(a, tf.linalg.transpose(b, tf.constant(new int[] {0, 2, 1})), a.type());
    }

    private static <T extends TFloating> Operand<T> maskedMean(Ops tf, Operand<T> values, Operand<T> weights) {
        Operand<T> num = tf.reduceSum(tf.reshape(tf.math.mul(values, weights), tf.constant(new long[] {-1})), tf.constant(0));
        Operand<T> den = tf.reduceSum(tf.reshape(weights, tf.constant(new long[] {-1})), tf.constant(0));
        return tf.math.div(num, tf.math.maximum(den, Layers.scalar(tf, 1.0, values)));
    }

    /**
     * Re-contrast: for every interest k and positive x_j in P_k,
     * {@code -log(e^{s(z_k,x_j)} / (e^{s(z_k,x_j)} + sum_neg e^{s(z_k,n)}))} with {@code s = cos / tau},
     * averaged over all (b, k, j) in P. Negatives of (b, k): the sequence's items not in P_k, the
     * user's other interests, and in-batch items outside the sequence ({@code outside [B', d]} with
     * {@code outsideMask [B, B']}: 1 where item b' may be a negative of user b). Cosines keep every
     * logit in [−1/τ, 1/τ], so the sum is taken after subtracting 1/τ without overflow.
     */
    static <T extends TFloating> Operand<T> contrast(Ops tf, Operand<T> z, Operand<T> x, Operand<T> mask, Operand<T> pos,
            Operand<T> outside, Operand<T> outsideMask, int k, double tau) {
        Operand<T> zn = Layers.l2Normalize(tf, z, 1e-6);
        Operand<T> xn = Layers.l2Normalize(tf, x, 1e-6);
        Operand<T> on = Layers.l2Normalize(tf, outside, 1e-6);
        Operand<T> invT = Layers.scalar(tf, 1.0 / tau, z);
        Operand<T> sSeq = tf.math.mul(batchDot(tf, zn, xn), invT); // [B, K, N]
        Operand<T> sInt = tf.math.mul(batchDot(tf, zn, zn), invT); // [B, K, K]
        // [B, K, d] x [d, B'] as one MatMul over the flattened rows (Layers.dense): a broadcasting
        // BatchMatMul would materialise a [B, d, B'] gradient for the shared operand
        Operand<T> sOut = tf.math.mul(Layers.dense(tf, zn, tf.linalg.transpose(on, tf.constant(new int[] {1, 0})), null,
                Activation.IDENTITY), invT); // [B, K, B']
        Operand<T> one = Layers.scalar(tf, 1.0, z);
        Operand<T> negSeq = tf.math.mul(tf.expandDims(mask, tf.constant(1)), tf.math.sub(one, pos));
        double[][] off = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                off[i][j] = i == j ? 0 : 1;
            }
        }
        Operand<T> negInt = tf.dtypes.cast(tf.constant(off), z.type());
        Operand<T> negOut = tf.expandDims(outsideMask, tf.constant(1)); // [B, 1, B']
        Operand<T> sum = tf.math.add(tf.math.add(
                expSum(tf, sSeq, negSeq, invT), expSum(tf, sInt, negInt, invT)), expSum(tf, sOut, negOut, invT)); // [B, K]
        Operand<T> lse = tf.math.add(invT, tf.math.log(tf.math.add(sum, Layers.scalar(tf, TINY, z))));
        Operand<T> perPositive = tf.math.softplus(tf.math.sub(tf.expandDims(lse, tf.constant(2)), sSeq));
        return maskedMean(tf, perPositive, pos);
    }

    private static <T extends TFloating> Operand<T> expSum(Ops tf, Operand<T> s, Operand<T> m, Operand<T> invT) {
        return tf.reduceSum(tf.math.mul(tf.math.exp(tf.math.sub(s, invT)), m), tf.constant(-1));
    }

    /**
     * Re-attend: {@code mean_{b,k} CE(a[b,k,.], softmax_i(z_k . x_i))} = {@code -sum_i a log softmax},
     * the softmax over the real positions; {@code n} is N (the
     * fed sequence length). Gradients reach both the attention and the interests.
     */
    static <T extends TFloating> Operand<T> attend(Ops tf, Operand<T> z, Operand<T> x, Operand<T> mask, Operand<T> a, int n) {
        Operand<T> phi = Layers.maskLogits(tf, batchDot(tf, z, x), tf.expandDims(mask, tf.constant(1)));
        // rank 2 on purpose: TF 1.1.0's C++ LogSoftmax gradient sums over axis 1, not the last axis
        // (measured: a rank-3 logSoftmax gets a wrong gradient; Softmax is fine)
        Operand<T> logP = tf.nn.logSoftmax(tf.reshape(phi, tf.constant(new long[] {-1, n})));
        Operand<T> ce = tf.math.neg(tf.reduceSum(tf.math.mul(tf.reshape(a, tf.constant(new long[] {-1, n})), logP), tf.constant(-1)));
        return tf.math.mean(ce, tf.constant(0));
    }

    /**
     * Re-construct: {@code C_k = reshape(W4 z_k) [N, db]}, {@code beta[i,j] = softmax_i(w_j . tanh(W3 c_i))},
     * {@code xhat_j = sum_i beta[i,j] W5 c_i}; the loss is {@code sum_{P} ||xhat_{k,j} − x_j||^2 / |P|}.
     * {@code w4 [d, N db]}, {@code w3 [db, dc]}, {@code wj [N, dc]}, {@code w5 [db, d]}; dc is the
     * Re-construct attention width ({@code recon_attention_dim}).
     */
    static <T extends TFloating> Operand<T> reconstruct(Ops tf, Operand<T> z, Operand<T> x, Operand<T> pos, Operand<T> w4,
            Operand<T> w3, Operand<T> wj, Operand<T> w5, int k, int n, int db) {
        int d = (int) w5.shape().get(1);
        Operand<T> c = tf.reshape(Layers.dense(tf, z, w4, null, Activation.IDENTITY), tf.constant(new long[] {-1, n, db})); // [BK, N, db]
        Operand<T> keys = Layers.dense(tf, c, w3, null, Activation.TANH); // [BK, N_i, dc]
        Operand<T> scores = tf.train.batchMatMul(keys, tf.linalg.transpose(wj, tf.constant(new int[] {1, 0})), keys.type()); // [BK, N_i, N_j]
        Operand<T> beta = tf.nn.softmax(tf.linalg.transpose(scores, tf.constant(new int[] {0, 2, 1}))); // [BK, N_j, N_i], softmax over i
        // sum_i beta W5 c_i = W5 (sum_i beta c_i): pool in the d_b space first, ~d/d_b times fewer multiplies
        Operand<T> pooled = tf.train.batchMatMul(beta, c, c.type()); // [BK, N_j, db]
        Operand<T> xhat = tf.reshape(Layers.dense(tf, pooled, w5, null, Activation.IDENTITY), tf.constant(new long[] {-1, k, n, d}));
        Operand<T> err = tf.reduceSum(tf.math.square(tf.math.sub(xhat, tf.expandDims(x, tf.constant(1)))), tf.constant(-1)); // [B, K, N]
        return maskedMean(tf, err, pos);
    }
}
