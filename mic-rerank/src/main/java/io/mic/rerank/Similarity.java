package io.mic.rerank;

import io.mic.core.spi.Candidates;
import io.mic.core.spi.PluginConfig;

/**
 * How a candidate's relevance ("similarity") is read from its channel provenance.
 *
 * <p>Channels score on different scales (an inner product from U2I, a cosine from I2I, a user
 * similarity from U2U), so the default, {@link #MAX_NORMALIZED}, first min-max normalises each
 * channel's scores over the request's candidates that channel recalled, to [0, 1] (all equal: 1),
 * then takes the maximum over the channels that recalled the item. {@link #MERGED} uses
 * {@link Candidates#score}, the maximum raw channel score, as is.
 */
public enum Similarity {
    MAX_NORMALIZED("max-normalized"),
    MERGED("merged");

    private final String label;

    Similarity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static Similarity from(PluginConfig config) {
        String v = config.getChoice("similarity", MAX_NORMALIZED.label, MAX_NORMALIZED.label, MERGED.label);
        return v.equals(MERGED.label) ? MERGED : MAX_NORMALIZED;
    }

    /**
     * Writes the similarity of candidates {@code keep[0..n)} into {@code out[0..n)}, using
     * {@code min}/{@code max} (length {@link Candidates#MAX_CHANNELS}) as scratch.
     */
    void compute(Candidates c, int[] keep, int n, float[] out, float[] min, float[] max) {
        if (this == MERGED) {
            for (int k = 0; k < n; k++) {
                out[k] = c.score(keep[k]);
            }
            return;
        }
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int k = 0; k < n; k++) {
            int i = keep[k];
            for (int mask = c.channels(i); mask != 0; mask &= mask - 1) {
                int ch = Integer.numberOfTrailingZeros(mask);
                float s = c.channelScore(i, ch);
                if (s < min[ch]) {
                    min[ch] = s;
                }
                if (s > max[ch]) {
                    max[ch] = s;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            int i = keep[k];
            float best = 0f;
            for (int mask = c.channels(i); mask != 0; mask &= mask - 1) {
                int ch = Integer.numberOfTrailingZeros(mask);
                float range = max[ch] - min[ch];
                float v = range > 0f ? (c.channelScore(i, ch) - min[ch]) / range : 1f;
                if (v > best) {
                    best = v;
                }
            }
            out[k] = best;
        }
    }
}
