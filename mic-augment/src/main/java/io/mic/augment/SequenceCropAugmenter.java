package io.mic.augment;

import io.mic.spi.Augmenter;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * CL4SRec's item crop: each row of a sequence column keeps a random contiguous window of
 * {@code max(1, floor(eta · n))} of its {@code n} ids; rows of length ≤ 1 are kept whole. One
 * draw (the window start) per row that has a choice. Immutable and thread-safe.
 */
final class SequenceCropAugmenter implements Augmenter {
    private final String column;
    private final double eta;

    SequenceCropAugmenter(String column, double eta) {
        this.column = column;
        this.eta = eta;
    }

    @Override
    public FeatureBatch augment(FeatureBatch batch, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        Column.MultiIds seq = Sequences.column(batch, column, "sequence-crop");
        int[] off = seq.offsets();
        int[] val = seq.values();
        int rows = seq.rows();
        int[] newOff = new int[rows + 1];
        int[] newVal = new int[val.length];
        int w = 0;
        for (int r = 0; r < rows; r++) {
            int n = off[r + 1] - off[r];
            int start = off[r];
            int keep = n;
            if (n > 1) {
                keep = Math.max(1, Sequences.portion(eta, n));
                if (keep < n) {
                    start += random.nextInt(n - keep + 1);
                }
            }
            System.arraycopy(val, start, newVal, w, keep);
            w += keep;
            newOff[r + 1] = w;
        }
        return batch.with(column, new Column.MultiIds(newOff, w == newVal.length ? newVal : Arrays.copyOf(newVal, w)));
    }

    @Override
    public String toString() {
        return "sequence-crop[column=" + column + ", eta=" + eta + "]";
    }
}
