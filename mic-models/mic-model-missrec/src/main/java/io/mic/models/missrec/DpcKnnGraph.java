package io.mic.models.missrec;

import io.mic.models.tf.ops.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.family.TFloating;

/**
 * DPC-KNN interest discovery inside a TensorFlow graph, batched and padding-aware, with exactly the
 * definitions of {@link DpcKnn} (tested against it on random sequences).
 *
 * <p>Gradients: the clustering (densities, prototypes, assignment) is a step function of the tokens,
 * so it is computed on {@code stopGradient(x)} and enters the result only as a 0/1 assignment matrix
 * {@code A [B, Kc, L]}. The interests are {@code A x / count}, built on the live {@code x}: the
 * gradient of interest c reaches each of its members as {@code 1/count_c} times the upstream
 * gradient (the straight-through of token merging), and nothing flows through the assignment
 * itself. TopK, ArgMax and Where have no registered gradient in TF Java 1.1.0, so the selections are
 * written with sign/relu comparisons, prefix counts by matrix products with triangular constants
 * (first of tied minima) and pairwise ranks: O(B L^2 (k + Kc)) work, small for L = 50.
 */
final class DpcKnnGraph {
    /** Distance given to removed or masked pairs (distances are scaled by 1/dim, so real ones are far below it). */
    static final double BIG = 1e9;

    private DpcKnnGraph() {
    }

    /**
     * @param interests {@code [B, Kc, d]} mean of each slot's members (zero for empty slots)
     * @param mask      {@code [B, Kc]} 1 for non-empty slots
     * @param assign    {@code [B, Kc, L]} 0/1 membership (no gradient)
     */
    record Result<T extends TFloating>(Operand<T> interests, Operand<T> mask, Operand<T> assign) {
    }

    /**
     * @param x    {@code [B, L, d]} tokens with static {@code L} and {@code d}
     * @param mask {@code [B, L]} 1 real / 0 padding
     */
    static <T extends TFloating> Result<T> cluster(Ops tf, Operand<T> x, Operand<T> mask, int k, int kc) {
        int len = (int) x.shape().get(1);
        int dim = (int) x.shape().get(2);
        if (len <= 0 || dim <= 0) {
            throw new IllegalArgumentException("dpc-knn needs static sequence length and width, got shape " + x.shape());
        }
        Operand<T> one = Layers.scalar(tf, 1.0, x);
        Operand<T> big = Layers.scalar(tf, BIG, x);
        Operand<T> xs = tf.stopGradient(x);
        Operand<T> m = tf.stopGradient(mask);
        Operand<T> sq = tf.reduceSum(tf.math.mul(xs, xs), tf.constant(-1)); // [B, L]
        Operand<T> gram = tf.train.batchMatMul(xs, xs, x.type(), org.tensorflow.op.train.BatchMatMul.adjY(true));
        Operand<T> d = tf.math.sub(tf.math.add(tf.expandDims(sq, tf.constant(2)), tf.expandDims(sq, tf.constant(1))),
                tf.math.mul(gram, Layers.scalar(tf, 2.0, x)));
        Operand<T> offDiag = constant(tf, x, len, len, (i, j) -> i == j ? 0 : 1);
        d = tf.math.mul(tf.math.mul(tf.nn.relu(d), Layers.scalar(tf, 1.0 / dim, x)), offDiag); // exact 0 on the diagonal
        Operand<T> mi = tf.expandDims(m, tf.constant(2)); // [B, L, 1]
        Operand<T> mj = tf.expandDims(m, tf.constant(1)); // [B, 1, L]
        Operand<T> pairs = tf.math.mul(tf.math.mul(mi, mj), offDiag); // real i != j

        // density: remove the first minimum k times
        Operand<T> upper = constant(tf, x, len, len, (a, b) -> a < b ? 1 : 0); // [j', j] = 1 when j' < j
        Operand<T> left = pairs;
        Operand<T> sum = tf.zerosLike(sq);
        Operand<T> cnt = tf.zerosLike(sq);
        for (int t = 0; t < k; t++) {
            Operand<T> dr = tf.math.add(tf.math.mul(d, left), tf.math.mul(big, tf.math.sub(one, left)));
            Operand<T> mn = tf.reduceMin(dr, tf.constant(-1)); // [B, L]
            Operand<T> has = tf.math.minimum(tf.reduceSum(left, tf.constant(-1)), one);
            sum = tf.math.add(sum, tf.math.mul(mn, has));
            cnt = tf.math.add(cnt, has);
            Operand<T> isMin = tf.math.mul(left, equalTo(tf, dr, tf.expandDims(mn, tf.constant(-1)), one));
            left = tf.math.sub(left, firstAlongLast(tf, isMin, upper, len, one));
        }
        Operand<T> rho = tf.math.exp(tf.math.neg(tf.math.div(sum, tf.math.maximum(cnt, one)))); // [B, L]

        // sigma: distance to the nearest denser token (max distance for the densest)
        Operand<T> lowerIdx = constant(tf, x, len, len, (i, j) -> j < i ? 1 : 0); // [i, j]
        Operand<T> denser = tf.math.mul(pairs, greaterOrTieLower(tf, tf.expandDims(rho, tf.constant(1)), tf.expandDims(rho, tf.constant(2)),
                lowerIdx, one)); // [B, i, j]: j denser than i
        Operand<T> hasDenser = tf.math.minimum(tf.reduceSum(denser, tf.constant(-1)), one);
        Operand<T> minDenser = tf.reduceMin(tf.math.add(tf.math.mul(d, denser), tf.math.mul(big, tf.math.sub(one, denser))), tf.constant(-1));
        Operand<T> maxAll = tf.reduceMax(tf.math.mul(d, tf.math.mul(mi, mj)), tf.constant(-1));
        Operand<T> sigma = tf.math.add(tf.math.mul(hasDenser, minDenser), tf.math.mul(tf.math.sub(one, hasDenser), maxAll));
        Operand<T> score = tf.math.mul(rho, sigma);

        // rank of each real token by score (ties: lower position first); prototypes are ranks < Kc
        Operand<T> ahead = tf.math.mul(mj, greaterOrTieLower(tf, tf.expandDims(score, tf.constant(1)), tf.expandDims(score, tf.constant(2)),
                lowerIdx, one)); // [B, i, j]: j ranks before i
        Operand<T> rank = tf.reduceSum(ahead, tf.constant(-1)); // [B, L]
        float[] slots = new float[kc];
        for (int c = 0; c < kc; c++) {
            slots[c] = c;
        }
        Operand<T> slotIds = tf.dtypes.cast(tf.constant(slots), x.type());
        Operand<T> proto = tf.math.mul(tf.nn.relu(tf.math.sub(one, tf.math.abs(tf.math.sub(tf.expandDims(rank, tf.constant(1)),
                tf.expandDims(slotIds, tf.constant(-1)))))), tf.expandDims(m, tf.constant(1))); // [B, Kc, L]
        Operand<T> used = tf.reduceSum(proto, tf.constant(-1), ReduceSum.keepDims(true)); // [B, Kc, 1]

        // assignment: nearest prototype, ties to the lower slot
        Operand<T> dp = tf.train.batchMatMul(proto, d, x.type()); // [B, Kc, L]
        dp = tf.math.add(dp, tf.math.mul(big, tf.math.sub(one, used)));
        Operand<T> mn = tf.reduceMin(dp, tf.constant(1), org.tensorflow.op.core.ReduceMin.keepDims(true)); // [B, 1, L]
        Operand<T> isMin = equalTo(tf, dp, mn, one);
        Operand<T> isMinT = tf.linalg.transpose(isMin, tf.constant(new int[] {0, 2, 1})); // [B, L, Kc]
        Operand<T> first = firstAlongLast(tf, isMinT, constant(tf, x, kc, kc, (a, b) -> a < b ? 1 : 0), kc, one);
        Operand<T> assign = tf.math.mul(tf.linalg.transpose(first, tf.constant(new int[] {0, 2, 1})), tf.expandDims(m, tf.constant(1)));
        assign = tf.stopGradient(assign);
        Operand<T> count = tf.reduceSum(assign, tf.constant(-1)); // [B, Kc]
        Operand<T> sums = tf.train.batchMatMul(assign, x, x.type()); // live x: gradients reach the members
        Operand<T> interests = tf.math.div(sums, tf.expandDims(tf.math.maximum(count, one), tf.constant(-1)));
        return new Result<>(interests, tf.math.minimum(count, one), assign);
    }

    /** 1 where {@code a == b} for {@code a >= b} (a minimum and the values it was taken over). */
    private static <T extends TFloating> Operand<T> equalTo(Ops tf, Operand<T> a, Operand<T> b, Operand<T> one) {
        return tf.nn.relu(tf.math.sub(one, tf.math.sign(tf.math.sub(a, b))));
    }

    /** 1 where {@code a > b}, or {@code a == b} and the tie mask is 1. */
    private static <T extends TFloating> Operand<T> greaterOrTieLower(Ops tf, Operand<T> a, Operand<T> b, Operand<T> tie, Operand<T> one) {
        Operand<T> s = tf.math.sign(tf.math.sub(a, b));
        return tf.math.add(tf.nn.relu(s), tf.math.mul(tf.math.sub(one, tf.math.abs(s)), tie));
    }

    /** Keeps only the first 1 along the last axis of a 0/1 tensor {@code [B, R, n]} ({@code upper[j', j] = [j' < j]}). */
    private static <T extends TFloating> Operand<T> firstAlongLast(Ops tf, Operand<T> flags, Operand<T> upper, int n, Operand<T> one) {
        Operand<T> before = tf.train.batchMatMul(flags, upper, flags.type()); // flags set before j
        return tf.math.mul(flags, tf.nn.relu(tf.math.sub(one, before)));
    }

    interface Cell {
        int at(int i, int j);
    }

    static <T extends TFloating> Operand<T> constant(Ops tf, Operand<T> like, int rows, int cols, Cell cell) {
        float[][] v = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i][j] = cell.at(i, j);
            }
        }
        return tf.dtypes.cast(tf.constant(v), like.type());
    }
}
