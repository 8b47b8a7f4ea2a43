package io.mic.models.tf.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Losses in forms whose gradients exist in TF Java 1.1.0: softmax cross-entropy as
 * {@code -sum(labels * logSoftmax(logits))} (the sparse op has no gradient), binary cross-entropy
 * as {@code softplus(x) - z x} (there is no SigmoidCrossEntropyWithLogits op), and InfoNCE built
 * on the former. All return the mean over rows (a scalar).
 */
public final class Losses {

    private Losses() {
    }

    /** {@code mean_rows(-sum_j labels[i,j] logSoftmax(logits)[i,j])}; labels are probabilities (one-hot or soft). */
    public static <T extends TFloating> Operand<T> softmaxCrossEntropy(Ops tf, Operand<T> logits, Operand<T> labels) {
        Operand<T> perRow = tf.math.neg(tf.reduceSum(tf.math.mul(labels, tf.nn.logSoftmax(logits)), tf.constant(-1)));
        return tf.math.mean(perRow, tf.constant(0));
    }

    /**
     * Binary cross-entropy on logits, {@code mean(softplus(x) - z x)}: numerically stable for any
     * x (TF's Softplus is), gradient {@code sigmoid(x) - z}. With {@code weights} (same shape, e.g.
     * a mask of real pairs) the result is {@code sum(w l) / max(sum w, 1)}.
     */
    public static <T extends TFloating> Operand<T> binaryCrossEntropy(Ops tf, Operand<T> logits, Operand<T> labels, Operand<T> weights) {
        Operand<T> l = tf.math.sub(tf.math.softplus(logits), tf.math.mul(labels, logits));
        if (weights == null) {
            return tf.math.mean(tf.reshape(l, tf.constant(new long[] {-1})), tf.constant(0));
        }
        Operand<T> w = tf.reshape(weights, tf.constant(new long[] {-1}));
        Operand<T> num = tf.reduceSum(tf.math.mul(tf.reshape(l, tf.constant(new long[] {-1})), w), tf.constant(0));
        return tf.math.div(num, tf.math.maximum(tf.reduceSum(w, tf.constant(0)), Layers.scalar(tf, 1.0, logits)));
    }

    /** Starts an InfoNCE loss of {@code queries [B, d]} against in-batch {@code candidates [B, d]} (row i is query i's positive). */
    public static <T extends TFloating> InfoNce<T> infoNce(Operand<T> queries, Operand<T> candidates) {
        return new InfoNce<>(queries, candidates);
    }

    /**
     * InfoNCE / sampled softmax over in-batch candidates, with optional per-row extra positives
     * and extra negatives. Logits are {@code q . c / temperature - log Q(c)}, where Q is the
     * probability that a candidate was sampled into the batch (the logQ correction of Yi et al.,
     * RecSys'19): without it an in-batch softmax learns {@code log p(i|u) - log Q(i)} and ranks
     * popular items too low. The correction is on by default: {@link #build} fails unless
     * {@link #logQ} was given or {@link #withoutLogQ} was called.
     *
     * <p>With several positives per row (the diagonal plus extra positives) the loss is
     * {@code -mean_{p in P_i} log softmax_i(p)} over all candidates of row i, positives included
     * (the "outside" multi-positive form of SupCon).
     */
    public static final class InfoNce<T extends TFloating> {
        private final Operand<T> queries;
        private final Operand<T> candidates;
        private double temperature = 1.0;
        private Operand<T> logQ;
        private boolean noLogQ;
        private Operand<T> negativeMask;
        private Operand<T> extraPositives;
        private Operand<T> extraPositiveMask;
        private Operand<T> extraPositiveLogQ;
        private Operand<T> extraNegatives;
        private Operand<T> extraNegativeMask;
        private Operand<T> extraNegativeLogQ;

        private InfoNce(Operand<T> queries, Operand<T> candidates) {
            this.queries = Objects.requireNonNull(queries);
            this.candidates = Objects.requireNonNull(candidates);
        }

        /** Divides similarities by {@code t} (> 0); default 1. */
        public InfoNce<T> temperature(double t) {
            if (!(t > 0)) {
                throw new IllegalArgumentException("temperature must be > 0, got " + t);
            }
            this.temperature = t;
            return this;
        }

        /** {@code [B]}: log of each in-batch candidate's sampling probability (see {@link LogQ}). */
        public InfoNce<T> logQ(Operand<T> logQ) {
            this.logQ = logQ;
            return this;
        }

        /** Turns the logQ correction off explicitly (e.g. for u2u or augmented-view terms with uniform sampling). */
        public InfoNce<T> withoutLogQ() {
            this.noLogQ = true;
            return this;
        }

        /**
         * {@code [B, B]}: 1 where in-batch candidate j may act as a negative for row i, 0 to drop
         * it (e.g. the same item appearing twice in the batch). The diagonal must be 1.
         */
        public InfoNce<T> negativeMask(Operand<T> mask) {
            this.negativeMask = mask;
            return this;
        }

        /** {@code [B, P, d]} extra positives per row with {@code [B, P]} mask; {@code logQ [B, P]} optional. */
        public InfoNce<T> extraPositives(Operand<T> vectors, Operand<T> mask, Operand<T> logQ) {
            this.extraPositives = vectors;
            this.extraPositiveMask = Objects.requireNonNull(mask, "extra positive mask");
            this.extraPositiveLogQ = logQ;
            return this;
        }

        /** {@code [B, K, d]} extra negatives per row (hard negatives) with {@code [B, K]} mask; {@code logQ [B, K]} optional. */
        public InfoNce<T> extraNegatives(Operand<T> vectors, Operand<T> mask, Operand<T> logQ) {
            this.extraNegatives = vectors;
            this.extraNegativeMask = Objects.requireNonNull(mask, "extra negative mask");
            this.extraNegativeLogQ = logQ;
            return this;
        }

        /** The in-batch logits {@code [B, B]} after temperature and logQ (for metrics); masks not applied. */
        public Operand<T> inBatchLogits(Ops tf) {
            Operand<T> s = tf.math.div(Layers.pairwiseDot(tf, queries, candidates), Layers.scalar(tf, temperature, queries));
            if (logQ != null) {
                s = tf.math.sub(s, tf.expandDims(logQ, tf.constant(0)));
            }
            return s;
        }

        /** The scalar loss (mean over rows). */
        public Operand<T> build(Ops tf) {
            if (logQ == null && !noLogQ) {
                throw new IllegalStateException("InfoNCE: pass logQ(...) for the sampling-bias correction, or call withoutLogQ() to opt out");
            }
            List<Operand<T>> logits = new ArrayList<>();
            List<Operand<T>> positives = new ArrayList<>();
            Operand<T> s = inBatchLogits(tf);
            if (negativeMask != null) {
                s = Layers.maskLogits(tf, s, negativeMask);
            }
            logits.add(s);
            Operand<TInt32> b = tf.slice(tf.shape(queries), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
            Operand<TInt32> bScalar = tf.reshape(b, tf.constant(new int[0]));
            Operand<T> eye = tf.oneHot(tf.range(tf.constant(0), bScalar, tf.constant(1)), bScalar,
                    Layers.scalar(tf, 1.0, queries), Layers.scalar(tf, 0.0, queries));
            positives.add(eye);
            if (extraPositives != null) {
                logits.add(extraLogits(tf, extraPositives, extraPositiveMask, extraPositiveLogQ));
                positives.add(extraPositiveMask);
            }
            if (extraNegatives != null) {
                logits.add(extraLogits(tf, extraNegatives, extraNegativeMask, extraNegativeLogQ));
                positives.add(tf.zerosLike(extraNegativeMask));
            }
            Operand<T> all = logits.size() == 1 ? logits.get(0) : tf.concat(logits, tf.constant(1));
            Operand<T> pos = positives.size() == 1 ? positives.get(0) : tf.concat(positives, tf.constant(1));
            Operand<T> weights = tf.math.div(pos, tf.reduceSum(pos, tf.constant(1), ReduceSum.keepDims(true)));
            return softmaxCrossEntropy(tf, all, weights);
        }

        private Operand<T> extraLogits(Ops tf, Operand<T> vectors, Operand<T> mask, Operand<T> lq) {
            Operand<T> s = tf.reduceSum(tf.math.mul(tf.expandDims(queries, tf.constant(1)), vectors), tf.constant(-1));
            s = tf.math.div(s, Layers.scalar(tf, temperature, queries));
            if (lq != null) {
                s = tf.math.sub(s, lq);
            }
            return Layers.maskLogits(tf, s, mask);
        }
    }
}
