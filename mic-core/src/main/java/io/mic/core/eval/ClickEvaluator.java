package io.mic.core.eval;

import io.mic.core.data.DataSplit;
import io.mic.spi.Model;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-prediction metrics of the {@link ClickProtocol}: AUC over all labelled pairs of a part
 * (one global ROC, ties counted 1/2, as {@code sklearn.metrics.roc_auc_score}) and accuracy.
 *
 * <p>Retrieval models score with unbounded dot products, not probabilities, so accuracy needs a
 * threshold: it is chosen on the validation pairs (the one that maximises validation accuracy) and
 * applied unchanged to the test pairs. The KG papers threshold a sigmoid output at 0.5 instead;
 * a learned threshold is at least as favourable, so compare accuracies with that in mind.
 *
 * <p>Scores come from {@link Model#score(int, float[])} (one full row per user, as full ranking does).
 * Thread-safe; one evaluation at a time per model is what {@link Model} promises.
 */
public final class ClickEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(ClickEvaluator.class);

    private final ClickProtocol.Pairs valid;
    private final ClickProtocol.Pairs test;
    private final int numItems;

    /**
     * AUC and accuracy of one model.
     *
     * @param validAuc  AUC on the validation pairs
     * @param testAuc   AUC on the test pairs
     * @param validAcc  best accuracy on the validation pairs (at {@code threshold})
     * @param testAcc   accuracy on the test pairs at {@code threshold}
     * @param threshold score threshold chosen on validation (score &ge; threshold predicts a click)
     * @param testPairs number of test pairs
     */
    public record Result(double validAuc, double testAuc, double validAcc, double testAcc, double threshold, int testPairs) {
        @Override
        public String toString() {
            return String.format("AUC valid %.4f test %.4f, ACC valid %.4f test %.4f (threshold %.4g, %d test pairs)", validAuc, testAuc, validAcc,
                    testAcc, threshold, testPairs);
        }
    }

    public ClickEvaluator(DataSplit split, long seed) {
        if (!ClickProtocol.NAME.equals(split.protocol())) {
            throw new IllegalArgumentException("click evaluation needs the " + ClickProtocol.NAME + " protocol, the split is " + split.protocol());
        }
        ClickProtocol.Pairs[] p = ClickProtocol.pairs(split, seed);
        this.valid = p[1];
        this.test = p[2];
        this.numItems = split.dataset().numItems();
        LOG.info("click pairs: valid {} ({} positive), test {} ({} positive)", valid.size(), valid.positives(), test.size(), test.positives());
    }

    /** Scores {@code model} on the validation and test pairs. */
    public Result evaluate(Model model) {
        float[] sv = scores(model, valid);
        float[] st = scores(model, test);
        double[] best = bestThreshold(sv, valid.labels());
        return new Result(auc(sv, valid.labels()), auc(st, test.labels()), best[1], accuracy(st, test.labels(), best[0]), best[0], test.size());
    }

    private float[] scores(Model model, ClickProtocol.Pairs p) {
        // pairs are grouped by user in creation order only per part: sort positions by user to score each user once
        Integer[] order = new Integer[p.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(p.users()[a], p.users()[b]));
        float[] row = new float[numItems];
        float[] out = new float[p.size()];
        int last = -1;
        for (int k : order) {
            int u = p.users()[k];
            if (u != last) {
                model.score(u, row);
                last = u;
            }
            out[k] = row[p.items()[k]];
        }
        return out;
    }

    /**
     * AUC = P(score of a random positive > score of a random negative) + P(equal) / 2, computed
     * from ranks after one sort ({@code O(n log n)}). NaN when either class is empty.
     */
    public static double auc(float[] scores, byte[] labels) {
        int n = scores.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Float.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && Float.compare(scores[idx[j + 1]], scores[idx[i]]) == 0) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // 1-based average rank of the tie group
            for (int k = i; k <= j; k++) {
                if (labels[idx[k]] != 0) {
                    rankSumPos += midRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Share of pairs with {@code (score >= threshold) == label}. */
    public static double accuracy(float[] scores, byte[] labels, double threshold) {
        int ok = 0;
        for (int i = 0; i < scores.length; i++) {
            if ((scores[i] >= threshold) == (labels[i] != 0)) {
                ok++;
            }
        }
        return scores.length == 0 ? Double.NaN : (double) ok / scores.length;
    }

    /** {@code {threshold, accuracy}} maximising accuracy; thresholds are the distinct scores (and +inf: nothing predicted). */
    static double[] bestThreshold(float[] scores, byte[] labels) {
        int n = scores.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Float.compare(scores[b], scores[a]));
        int positives = 0;
        for (byte b : labels) {
            positives += b != 0 ? 1 : 0;
        }
        // predicting nothing: correct = negatives
        int correct = n - positives;
        int bestCorrect = correct;
        double best = Double.POSITIVE_INFINITY;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && Float.compare(scores[idx[j]], scores[idx[i]]) == 0) {
                correct += labels[idx[j]] != 0 ? 1 : -1;
                j++;
            }
            if (correct > bestCorrect) {
                bestCorrect = correct;
                best = scores[idx[i]];
            }
            i = j;
        }
        return new double[] {best, n == 0 ? Double.NaN : (double) bestCorrect / n};
    }
}
