package io.mic.spi;

import java.util.Objects;

/**
 * Sampled ids for each row of a training batch: row {@code r} owns
 * {@code ids[r * perRow .. (r+1) * perRow)}; {@link Column#MISSING} pads rows with fewer samples.
 *
 * @param ids      sampled user or item ids, owned by the receiver
 * @param perRow   samples per batch row
 * @param target   whether ids are users or items
 * @param positive extended positives ({@code true}) or negatives ({@code false})
 */
public record Samples(int[] ids, int perRow, Target target, boolean positive) {
    /** Which id space the samples live in. */
    public enum Target { USER, ITEM }

    public Samples {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(target, "target");
        if (perRow < 0 || (perRow > 0 && ids.length % perRow != 0)) {
            throw new IllegalArgumentException("ids.length " + ids.length + " is not a multiple of perRow " + perRow);
        }
    }

    public int rows() {
        return perRow == 0 ? 0 : ids.length / perRow;
    }
}
