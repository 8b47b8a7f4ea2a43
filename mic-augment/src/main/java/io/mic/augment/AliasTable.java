package io.mic.augment;

import java.util.random.RandomGenerator;

/**
 * Walker's alias method (Vose's construction): draws an index {@code i} with probability
 * {@code w[i] / sum(w)} in O(1) per draw (one bounded int, one double) after O(n) set-up.
 * Immutable and thread-safe.
 */
final class AliasTable {
    private final double[] prob;
    private final int[] alias;

    private AliasTable(double[] prob, int[] alias) {
        this.prob = prob;
        this.alias = alias;
    }

    /**
     * A table for {@code weights} (not retained).
     *
     * @throws IllegalArgumentException when a weight is negative or not finite, or all are zero
     */
    static AliasTable of(double[] weights) {
        int n = weights.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight " + i + " is " + w + "; weights must be finite and >= 0");
            }
            sum += w;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException("weights sum to " + sum + "; need a finite positive total");
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1.0) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        double[] prob = new double[n];
        int[] alias = new int[n];
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1.0;
            if (scaled[l] < 1.0) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        // What is left has scaled weight 1 up to rounding: it always returns itself.
        while (nl > 0) {
            int l = large[--nl];
            prob[l] = 1.0;
            alias[l] = l;
        }
        int anyPositive = 0;
        while (weights[anyPositive] == 0) {
            anyPositive++;
        }
        while (ns > 0) {
            int s = small[--ns];
            // a zero weight cannot be left over (the remaining mass would be short by 1, not by rounding); guard anyway
            prob[s] = weights[s] > 0 ? 1.0 : 0.0;
            alias[s] = weights[s] > 0 ? s : anyPositive;
        }
        return new AliasTable(prob, alias);
    }

    int size() {
        return prob.length;
    }

    /** One index. */
    int next(RandomGenerator random) {
        int i = random.nextInt(prob.length);
        return random.nextDouble() < prob[i] ? i : alias[i];
    }

    /** The exact probability the table assigns to {@code i}, computed from its columns (for tests). */
    double probability(int i) {
        int n = prob.length;
        double p = prob[i];
        for (int j = 0; j < n; j++) {
            if (alias[j] == i && j != i) {
                p += 1.0 - prob[j];
            }
        }
        return p / n;
    }
}
