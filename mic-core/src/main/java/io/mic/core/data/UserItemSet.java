package io.mic.core.data;

import java.util.Arrays;

/**
 * Which items each user has in an {@link InteractionMatrix}, for negative samplers that must not
 * draw a user's own items: per user a sorted, de-duplicated run of item ids in one flat array
 * (CSR), built once; {@link #contains} is a binary search over the user's run, O(log n_u), with no
 * allocation. When {@code users x items} bits fit in {@link #BITMAP_BUDGET_BYTES} (ml-1m: 2.4 MB) a
 * dense bitmap answers instead, one memory access per question (a sampler asks it for every
 * negative it draws: 200k times a step for SimpleX at 100 negatives); the answers are the same.
 * Built from {@link InteractionMatrix#transpose()} it answers the symmetric question
 * (which users an item has). Immutable and thread-safe.
 *
 * <p>Negative loops that check a draw against this set give up after {@link WarmItems#MODEL_MAX_DRAWS}
 * (models) or {@link WarmItems#SAMPLER_MAX_DRAWS} (samplers) draws.
 *
 * <p>Memory: one int per distinct (user, item) pair plus one per user, and the bitmap where it fits.
 */
public final class UserItemSet {
    /** Largest bitmap {@link #of} builds: 64 MiB, 512M (user, item) cells. */
    public static final long BITMAP_BUDGET_BYTES = 64L << 20;

    private final int[] offsets;
    private final int[] items;
    private final int numItems;
    /** Bit {@code user * numItems + item}; null where it would exceed the budget. */
    private final long[] bitmap;

    private UserItemSet(int[] offsets, int[] items, int numItems, long budgetBytes) {
        this.offsets = offsets;
        this.items = items;
        this.numItems = numItems;
        long cells = (long) (offsets.length - 1) * numItems;
        this.bitmap = cells > 0 && (cells + 63) / 64 * 8 <= budgetBytes ? bitmap(offsets, items, numItems, cells) : null;
    }

    private static long[] bitmap(int[] offsets, int[] items, int numItems, long cells) {
        long[] bits = new long[(int) ((cells + 63) / 64)];
        for (int u = 0; u + 1 < offsets.length; u++) {
            for (int k = offsets[u]; k < offsets[u + 1]; k++) {
                long cell = (long) u * numItems + items[k];
                bits[(int) (cell >>> 6)] |= 1L << cell;
            }
        }
        return bits;
    }

    /** The distinct items of every user of {@code m}. */
    public static UserItemSet of(InteractionMatrix m) {
        return of(m, BITMAP_BUDGET_BYTES);
    }

    /** As {@link #of(InteractionMatrix)} with another bitmap budget (0: binary search only). */
    static UserItemSet of(InteractionMatrix m, long bitmapBudgetBytes) {
        int users = m.numUsers();
        int[] off = new int[users + 1];
        int[] src = m.items();
        int[] out = new int[src.length];
        int w = 0;
        for (int u = 0; u < users; u++) {
            int start = w;
            System.arraycopy(src, m.start(u), out, w, m.count(u));
            Arrays.sort(out, w, w + m.count(u));
            int end = w + m.count(u);
            for (int k = start; k < end; k++) {
                if (w == start || out[k] != out[w - 1]) {
                    out[w++] = out[k];
                }
            }
            off[u + 1] = w;
        }
        return new UserItemSet(off, w == out.length ? out : Arrays.copyOf(out, w), m.numItems(), bitmapBudgetBytes);
    }

    /** Whether {@code user} has {@code item}; false for a user outside the set (e.g. one unseen in training). */
    public boolean contains(int user, int item) {
        if (user < 0 || user >= offsets.length - 1) {
            return false;
        }
        if (bitmap != null) {
            if (item < 0 || item >= numItems) {
                return false;
            }
            long cell = (long) user * numItems + item;
            return (bitmap[(int) (cell >>> 6)] & (1L << cell)) != 0;
        }
        return Arrays.binarySearch(items, offsets[user], offsets[user + 1], item) >= 0;
    }

    /** Number of distinct items of {@code user}. */
    public int count(int user) {
        return user < 0 || user >= offsets.length - 1 ? 0 : offsets[user + 1] - offsets[user];
    }

    /** Whether {@link #contains} reads the dense bitmap (else binary search). */
    boolean hasBitmap() {
        return bitmap != null;
    }

    /** Number of users. */
    public int numUsers() {
        return offsets.length - 1;
    }
}
