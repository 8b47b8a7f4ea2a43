package io.mic.augment;

import io.mic.spi.Augmenter;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * CL4SRec's item reorder: in each row of a sequence column, a random contiguous window of
 * {@code floor(beta · n)} ids is shuffled uniformly (Fisher–Yates); rows whose window is shorter
 * than 2 are unchanged. Row lengths are kept, so the offsets array is shared with the input.
 * Immutable and thread-safe.
 */
final class SequenceReorderAugmenter implements Augmenter {
    private final String column;
    private final double beta;

    SequenceReorderAugmenter(String column, double beta) {
        this.column = column;
        this.beta = beta;
    }

    @Override
    public FeatureBatch augment(FeatureBatch batch, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        Column.MultiIds seq = Sequences.column(batch, column, "sequence-reorder");
        int[] off = seq.offsets();
        int[] val = seq.values().clone();
        for (int r = 0, rows = seq.rows(); r < rows; r++) {
            int n = off[r + 1] - off[r];
            int window = Sequences.portion(beta, n);
            if (window < 2) {
                continue;
            }
            int start = off[r] + random.nextInt(n - window + 1);
            for (int i = window - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = val[start + i];
                val[start + i] = val[start + j];
                val[start + j] = t;
            }
        }
        return batch.with(column, new Column.MultiIds(off, val));
    }

    @Override
    public String toString() {
        return "sequence-reorder[column=" + column + ", beta=" + beta + "]";
    }
}
