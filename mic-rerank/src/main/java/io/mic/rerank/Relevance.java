package io.mic.rerank;

import io.mic.core.util.Labels;
import io.mic.spi.Candidates;
import io.mic.spi.PluginConfig;

/**
 * How a candidate's relevance (config key {@code similarity}) is read from its channel provenance. Not the
 * index's vector similarity ({@code io.mic.retrieval.index.Similarity}).
 *
 * <p>Channels score on different scales (an inner product from U2I, a cosine from I2I, a user
 * similarity from U2U), so the default, {@link #MAX_NORMALIZED}, first min-max normalises each
 * channel's scores over the request's candidates that channel recalled, to [0, 1] (all equal: 1),
 * then takes the maximum over the channels that recalled the item. {@link #MERGED} uses
 * {@link Candidates#score}, the maximum raw channel score, as is.
 */
public enum Relevance {
    MAX_NORMALIZED,
    MERGED;

    /** The config spelling ({@code max-normalized}, {@code merged}). */
    public String label() {
        return Labels.of(this);
    }

    static Relevance from(PluginConfig config) {
        return Labels.choice(config, "similarity", MAX_NORMALIZED, Relevance::label);
    }

    private static final int ONE_BITS = Float.floatToRawIntBits(1f);

    /**
     * Writes the similarity of candidates {@code keep[0..n)} into {@code out[0..n)}. {@code masks}
     * and {@code values} are scratch of at least {@code n} entries.
     *
     * <p>One pass per channel present in the request, over flat arrays and free of data-dependent
     * branches (a candidate's channel mix is random, so branching on it mispredicts). Absent
     * channels are neutralised by bit masks; min and max run on {@link FloatOrder#sortable} ints, and
     * the max of normalised scores on their raw bits (valid: they are never negative).
     */
    void compute(Candidates c, int[] keep, int n, float[] out, int[] masks, float[] values) {
        if (this == MERGED) {
            for (int k = 0; k < n; k++) {
                out[k] = c.score(keep[k]);
            }
            return;
        }
        int union = 0;
        for (int k = 0; k < n; k++) {
            int mask = c.channels(keep[k]);
            masks[k] = mask;
            union |= mask;
            out[k] = 0f;
        }
        for (int u = union; u != 0; u &= u - 1) {
            int ch = Integer.numberOfTrailingZeros(u);
            c.channelScores(ch, keep, n, values, Float.POSITIVE_INFINITY);
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (int k = 0; k < n; k++) {
                int ordered = FloatOrder.sortable(values[k]);
                int present = -((masks[k] >>> ch) & 1);
                lo = Math.min(lo, ordered); // absent: +inf, never the minimum
                hi = Math.max(hi, (ordered & present) | (Integer.MIN_VALUE & ~present));
            }
            float min = FloatOrder.fromSortable(lo);
            float max = FloatOrder.fromSortable(hi);
            float range = max - min;
            if (range > 0f) {
                float inv = 1f / range;
                for (int k = 0; k < n; k++) {
                    int present = -((masks[k] >>> ch) & 1);
                    int v = Float.floatToRawIntBits((values[k] - min) * inv) & present;
                    out[k] = Float.intBitsToFloat(Math.max(Float.floatToRawIntBits(out[k]), v));
                }
            } else {
                // every recalled score equal: each counts as fully similar
                for (int k = 0; k < n; k++) {
                    int present = -((masks[k] >>> ch) & 1);
                    out[k] = Float.intBitsToFloat(Math.max(Float.floatToRawIntBits(out[k]), ONE_BITS & present));
                }
            }
        }
    }
}
