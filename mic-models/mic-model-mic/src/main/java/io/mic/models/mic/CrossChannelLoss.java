package io.mic.models.mic;

import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * The loss terms of the MIC objective, generic in the float type (the gradient tests run them in
 * float64). Built only from ops with registered gradients in TF Java 1.1.0 (see the runtime notes).
 *
 * <p>{@link #multiViewNce}: InfoNCE of queries {@code q [B, d]} against several in-batch candidate
 * sets (e.g. the original and the augmented views of the batch's items), plus per-row extended
 * positives and hard negatives. For row i the logits are
 * <pre>
 *   s_k[i, j] = q_i . c_k[j] / tau - logQ_k[j]     (candidate set k, in-batch column j; masked where mask_k[i, j] = 0)
 *   p[i, m]   = q_i . P[i, m] / tau                (extended positives; masked where pmask = 0)
 *   n[i, m]   = q_i . N[i, m] / tau                (hard negatives; masked where nmask = 0)
 * </pre>
 * and the positives of row i are the diagonal entries of every set flagged
 * {@code diagonalPositive} plus its unmasked extended positives; with P_i that set,
 * {@code loss_i = -1/|P_i| sum_{p in P_i} log softmax_i(p)} over all of row i's logits (SupCon's
 * "outside" form). The result is the mean of {@code loss_i}, or {@code sum w_i loss_i / max(sum w, 1)}
 * with row weights. Masked logits get {@link Layers#MASKED} and so neither probability nor gradient.
 */
final class CrossChannelLoss {
    private CrossChannelLoss() {
    }

    /**
     * One in-batch candidate set.
     *
     * @param vectors          {@code [B, d]}
     * @param mask             {@code [B, B]}, 1 where column j may take part in row i's softmax; null for all
     * @param logQ             {@code [B]} log sampling probability of each column, subtracted from its logits; null for none
     * @param diagonalPositive whether column i is row i's positive (else the mask must remove it)
     */
    record Candidates<T extends TFloating>(Operand<T> vectors, Operand<T> mask, Operand<T> logQ, boolean diagonalPositive) {
    }

    /** Per-row extra candidates {@code [B, P, d]} with mask {@code [B, P]}. */
    record Extra<T extends TFloating>(Operand<T> vectors, Operand<T> mask) {
    }

    static <T extends TFloating> Operand<T> multiViewNce(Ops tf, Operand<T> q, List<Candidates<T>> sets, Extra<T> positives,
            Extra<T> negatives, double temperature, Operand<T> rowWeights) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("at least one candidate set");
        }
        Operand<T> invTau = Layers.scalar(tf, 1.0 / temperature, q);
        List<Operand<T>> logits = new ArrayList<>();
        List<Operand<T>> labels = new ArrayList<>();
        Operand<T> eye = null;
        for (Candidates<T> c : sets) {
            Operand<T> s = tf.math.mul(Layers.pairwiseDot(tf, q, c.vectors()), invTau);
            if (c.logQ() != null) {
                s = tf.math.sub(s, tf.expandDims(c.logQ(), tf.constant(0)));
            }
            if (c.mask() != null) {
                s = Layers.maskLogits(tf, s, c.mask());
            }
            logits.add(s);
            if (eye == null) {
                eye = eye(tf, q);
            }
            labels.add(c.diagonalPositive() ? eye : tf.zerosLike(eye));
        }
        if (positives != null) {
            logits.add(extraLogits(tf, q, positives, invTau));
            labels.add(positives.mask());
        }
        if (negatives != null) {
            logits.add(extraLogits(tf, q, negatives, invTau));
            labels.add(tf.zerosLike(negatives.mask()));
        }
        Operand<T> all = logits.size() == 1 ? logits.get(0) : tf.concat(logits, tf.constant(1));
        Operand<T> pos = labels.size() == 1 ? labels.get(0) : tf.concat(labels, tf.constant(1));
        Operand<T> count = tf.math.maximum(tf.reduceSum(pos, tf.constant(1), ReduceSum.keepDims(true)), Layers.scalar(tf, 1.0, q));
        Operand<T> perRow = tf.math.neg(tf.reduceSum(tf.math.mul(tf.math.div(pos, count), tf.nn.logSoftmax(all)), tf.constant(1)));
        return weightedMean(tf, perRow, rowWeights);
    }

    private static <T extends TFloating> Operand<T> extraLogits(Ops tf, Operand<T> q, Extra<T> e, Operand<T> invTau) {
        Operand<T> s = tf.reduceSum(tf.math.mul(tf.expandDims(q, tf.constant(1)), e.vectors()), tf.constant(-1));
        return Layers.maskLogits(tf, tf.math.mul(s, invTau), e.mask());
    }

    private static <T extends TFloating> Operand<T> eye(Ops tf, Operand<T> q) {
        Operand<TInt32> b = tf.reshape(tf.slice(tf.shape(q), tf.constant(new int[] {0}), tf.constant(new int[] {1})), tf.constant(new int[0]));
        return tf.oneHot(tf.range(tf.constant(0), b, tf.constant(1)), b, Layers.scalar(tf, 1.0, q), Layers.scalar(tf, 0.0, q));
    }

    /** {@code mean(x)}, or {@code sum(w x) / max(sum w, 1)}. */
    static <T extends TFloating> Operand<T> weightedMean(Ops tf, Operand<T> x, Operand<T> w) {
        if (w == null) {
            return tf.math.mean(x, tf.constant(0));
        }
        Operand<T> num = tf.reduceSum(tf.math.mul(x, w), tf.constant(0));
        return tf.math.div(num, tf.math.maximum(tf.reduceSum(w, tf.constant(0)), Layers.scalar(tf, 1.0, x)));
    }

    /**
     * Binary cross-entropy of {@code sigma(q_i . v_i / tau)} against {@code posLabels [B]} (1, or 0
     * for a labelled negative such as a low rating) and of {@code sigma(q_i . N[i, m] / tau)}
     * against 0 for sampled negatives {@code [B, K, d]} with mask {@code [B, K]} (null: none).
     * Mean over every unmasked pair.
     */
    static <T extends TFloating> Operand<T> bce(Ops tf, Operand<T> q, Operand<T> v, Operand<T> posLabels, Extra<T> negatives,
            double temperature) {
        Operand<T> invTau = Layers.scalar(tf, 1.0 / temperature, q);
        Operand<T> pos = tf.expandDims(tf.math.mul(Layers.rowDot(tf, q, v), invTau), tf.constant(1));
        Operand<T> posLabel = tf.expandDims(posLabels, tf.constant(1));
        if (negatives == null) {
            return Losses.binaryCrossEntropy(tf, pos, posLabel, null);
        }
        Operand<T> neg = tf.math.mul(tf.reduceSum(tf.math.mul(tf.expandDims(q, tf.constant(1)), negatives.vectors()), tf.constant(-1)), invTau);
        Operand<T> logits = tf.concat(List.of(pos, neg), tf.constant(1));
        Operand<T> labels = tf.concat(List.of(posLabel, tf.zerosLike(negatives.mask())), tf.constant(1));
        Operand<T> weights = tf.concat(List.of(tf.onesLike(posLabel), negatives.mask()), tf.constant(1));
        return Losses.binaryCrossEntropy(tf, logits, labels, weights);
    }

    /**
     * SimpleX's cosine contrastive loss (Mao et al., CIKM 2021):
     * <pre>
     *   loss_i = (1 - cos(q_i, p_i)) + (w / N) sum_j max(0, cos(q_i, n_ij) - m)
     * </pre>
     * averaged over the batch, for queries {@code q [B, d]}, positives {@code p [B, d]} and
     * negatives {@code n [B, N, d]}; cosines are computed here (inputs need not be normalised).
     * Ops: L2 normalisation (Rsqrt, Maximum), Relu, reductions: all with gradients in TF Java 1.1.0.
     */
    static <T extends TFloating> Operand<T> ccl(Ops tf, Operand<T> q, Operand<T> p, Operand<T> n, double margin, double weight) {
        Operand<T> qn = Layers.l2Normalize(tf, q, 1e-8);
        Operand<T> pos = tf.math.sub(Layers.scalar(tf, 1.0, q), Layers.rowDot(tf, qn, Layers.l2Normalize(tf, p, 1e-8)));
        Operand<T> cosNeg = tf.reduceSum(tf.math.mul(tf.expandDims(qn, tf.constant(1)), Layers.l2Normalize(tf, n, 1e-8)), tf.constant(-1));
        Operand<T> hinge = tf.nn.relu(tf.math.sub(cosNeg, Layers.scalar(tf, margin, q)));
        Operand<T> neg = tf.math.mul(tf.math.mean(hinge, tf.constant(1)), Layers.scalar(tf, weight, q));
        return tf.math.mean(tf.math.add(pos, neg), tf.constant(0));
    }

    /**
     * BPR: {@code mean_i softplus(q_i . n_i - q_i . p_i) + l2 * mean_i (|q_i|^2 + |p_i|^2 + |n_i|^2)}
     * (Rendle et al.; the L2 term on the batch's rows is the usual per-example regulariser).
     */
    static <T extends TFloating> Operand<T> bpr(Ops tf, Operand<T> q, Operand<T> p, Operand<T> n, double l2) {
        Operand<T> diff = tf.math.sub(Layers.rowDot(tf, q, n), Layers.rowDot(tf, q, p));
        Operand<T> loss = tf.math.mean(tf.math.softplus(diff), tf.constant(0));
        if (l2 > 0) {
            Operand<T> sq = tf.math.add(tf.math.add(Layers.rowDot(tf, q, q), Layers.rowDot(tf, p, p)), Layers.rowDot(tf, n, n));
            loss = tf.math.add(loss, tf.math.mul(Layers.scalar(tf, l2, q), tf.math.mean(sq, tf.constant(0))));
        }
        return loss;
    }
}
