package io.mic.spi;

import java.util.Arrays;

/**
 * A reusable buffer of recalled items with channel provenance: for each candidate its item id, a
 * merged score, a bitmask of the channels that recalled it and each channel's own score.
 *
 * <p>{@link #add} merges by item: the mask gains the channel bit, the channel score keeps the
 * maximum, and the merged score is the maximum over channels. Lookups use an open-addressing
 * table, so adding is O(1) and allocation-free once capacity is reached.
 *
 * <p>Not thread-safe: one instance per request or per thread ({@link #clear()} to reuse).
 */
public final class Candidates {
    /** Channels are numbered {@code 0..MAX_CHANNELS-1}. */
    public static final int MAX_CHANNELS = 16;

    private int[] items;
    private float[] scores;
    private int[] masks;
    /** columns[ch][i]: candidate i's score from channel ch; a column is allocated when its channel first adds. */
    private float[][] columns;
    private int size;
    private int[] table; // slot+1, 0 = empty
    private int tableMask;

    public Candidates(int capacity) {
        int c = Math.max(4, capacity);
        items = new int[c];
        scores = new float[c];
        masks = new int[c];
        columns = new float[MAX_CHANNELS][];
        allocTable(c);
    }

    private void allocTable(int capacity) {
        int t = Integer.highestOneBit(Math.max(8, capacity * 2 - 1)) << 1;
        table = new int[t];
        tableMask = t - 1;
    }

    /** Empties the buffer, keeping its memory. */
    public void clear() {
        if (size * 4 < table.length) {
            // Newest first: an entry's probe chain runs only through slots of entries added before
            // it, which are still occupied when it is cleared (oldest first would cut later chains).
            for (int i = size - 1; i >= 0; i--) {
                table[findSlot(items[i])] = 0;
            }
        } else {
            Arrays.fill(table, 0);
        }
        size = 0;
    }

    /** Number of candidates held; positions are {@code 0..size()-1} in insertion (or, after a rerank, rank) order. */
    public int size() {
        return size;
    }

    /** Item id (dense, internal) of the candidate at position {@code i}, {@code 0 <= i < size()}. */
    public int item(int i) {
        return items[i];
    }

    /**
     * Merged score of the candidate at position {@code i}: after {@link #add}, the maximum of the
     * channel scores that recalled it; in a reranker's output, the reranker's final score (higher is
     * better). Unitless: channels' scores are similarities on their own scales.
     */
    public float score(int i) {
        return scores[i];
    }

    /**
     * Overwrites the merged score of position {@code i} (a reranker writes its final score into its
     * <em>output</em> buffer with this). Never call it on the candidates a host handed you as input:
     * they belong to the host, and the reranker contract test checks they are unchanged.
     */
    public void setScore(int i, float score) {
        scores[i] = score;
    }

    /** Bitmask of the channels that recalled candidate {@code i}. */
    public int channels(int i) {
        return masks[i];
    }

    /** Number of channels that recalled candidate {@code i}. */
    public int channelCount(int i) {
        return Integer.bitCount(masks[i]);
    }

    /** Channel {@code channel}'s score for candidate {@code i}, NaN when that channel did not recall it. */
    public float channelScore(int i, int channel) {
        float[] col = columns[channel];
        if (col == null) {
            return Float.NaN;
        }
        float v = col[i]; // loaded unconditionally so the JIT can select without a branch
        return (masks[i] & (1 << channel)) == 0 ? Float.NaN : v;
    }

    /**
     * Bulk form of {@link #channelScore} for scoring loops: {@code out[k]} = channel {@code channel}'s
     * score of candidate {@code positions[k]} for {@code k < n}, or {@code absent} where that channel
     * did not recall it (pass NaN for {@link #channelScore}'s answer, or an infinity to feed a min or
     * max directly). Branch-free: one load per candidate, the absent value selected by bit masks, so
     * the cost does not depend on how channels are mixed. The caller owns {@code out}; positions must
     * be in {@code [0, size())}.
     */
    public void channelScores(int channel, int[] positions, int n, float[] out, float absent) {
        if (channel < 0 || channel >= MAX_CHANNELS) {
            throw new IllegalArgumentException("channel " + channel + " not in [0, " + MAX_CHANNELS + ")");
        }
        float[] col = columns[channel];
        if (col == null) {
            Arrays.fill(out, 0, n, absent);
            return;
        }
        int absentBits = Float.floatToRawIntBits(absent);
        for (int k = 0; k < n; k++) {
            int i = positions[k];
            int present = -((masks[i] >>> channel) & 1);
            out[k] = Float.intBitsToFloat((Float.floatToRawIntBits(col[i]) & present) | (absentBits & ~present));
        }
    }

    /** Index of {@code item}, or -1. */
    public int indexOf(int item) {
        int t = table[findSlot(item)];
        return t - 1;
    }

    public boolean contains(int item) {
        return indexOf(item) >= 0;
    }

    /**
     * Adds or merges {@code item} recalled by {@code channel} with {@code score}.
     *
     * @return the candidate's index
     */
    public int add(int item, int channel, float score) {
        if (channel < 0 || channel >= MAX_CHANNELS) {
            throw new IllegalArgumentException("channel " + channel + " not in [0, " + MAX_CHANNELS + ")");
        }
        int slot = findSlot(item);
        int idx = table[slot] - 1;
        if (idx < 0) {
            if (size == items.length) {
                grow();
                slot = findSlot(item);
            }
            idx = size++;
            items[idx] = item;
            masks[idx] = 1 << channel;
            scores[idx] = score;
            column(channel)[idx] = score;
            table[slot] = idx + 1;
            return idx;
        }
        int bit = 1 << channel;
        float[] col = column(channel);
        if ((masks[idx] & bit) == 0 || score > col[idx]) {
            col[idx] = score;
        }
        masks[idx] |= bit;
        if (score > scores[idx]) {
            scores[idx] = score;
        }
        return idx;
    }

    /**
     * Appends candidate {@code i} of {@code from} (all its provenance) to this buffer, merging if
     * present. Used by rerankers to emit their ranked output.
     */
    public int copyFrom(Candidates from, int i) {
        int item = from.items[i];
        int mask = from.masks[i];
        if (mask == 0) {
            throw new IllegalStateException("candidate " + item + " has no channel");
        }
        int slot = findSlot(item);
        int idx = table[slot] - 1;
        if (idx >= 0) {
            // already here: merge channel by channel (keeps each channel's maximum)
            for (int m = mask; m != 0; m &= m - 1) {
                int ch = Integer.numberOfTrailingZeros(m);
                add(item, ch, from.columns[ch][i]);
            }
        } else {
            // new: one probe, then copy the provenance as it is
            if (size == items.length) {
                grow();
                slot = findSlot(item);
            }
            idx = size++;
            items[idx] = item;
            masks[idx] = mask;
            for (int m = mask; m != 0; m &= m - 1) {
                int ch = Integer.numberOfTrailingZeros(m);
                column(ch)[idx] = from.columns[ch][i];
            }
            table[slot] = idx + 1;
        }
        scores[idx] = from.scores[i];
        return idx;
    }

    private float[] column(int channel) {
        float[] col = columns[channel];
        if (col == null) {
            col = new float[items.length];
            columns[channel] = col;
        }
        return col;
    }

    private int findSlot(int item) {
        int h = mix(item) & tableMask;
        while (true) {
            int t = table[h];
            if (t == 0 || items[t - 1] == item) {
                return h;
            }
            h = (h + 1) & tableMask;
        }
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void grow() {
        int c = items.length * 2;
        items = Arrays.copyOf(items, c);
        scores = Arrays.copyOf(scores, c);
        masks = Arrays.copyOf(masks, c);
        for (int ch = 0; ch < MAX_CHANNELS; ch++) {
            if (columns[ch] != null) {
                columns[ch] = Arrays.copyOf(columns[ch], c);
            }
        }
        allocTable(c);
        for (int i = 0; i < size; i++) {
            table[findSlot(items[i])] = i + 1;
        }
    }

    /** Copies of the item ids, in buffer order. */
    public int[] itemsCopy() {
        return Arrays.copyOf(items, size);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Candidates[");
        for (int i = 0; i < Math.min(size, 10); i++) {
            sb.append(i == 0 ? "" : ", ").append(items[i]).append(':').append(scores[i]).append("/0x").append(Integer.toHexString(masks[i]));
        }
        return sb.append(size > 10 ? ", ...]" : "]").toString();
    }
}
