package io.mic.core.data;

import java.util.Arrays;

/**
 * Which items each user has in an {@link InteractionMatrix}, for negative samplers that must not
 * draw a user's own items: per user a sorted, de-duplicated run of item ids in one flat array
 * (CSR), built once; {@link #contains} is a binary search over the user's run, O(log n_u), with no
 * allocation. Built from {@link InteractionMatrix#transpose()} it answers the symmetric question
 * (which users an item has). Immutable and thread-safe.
 *
 * <p>Negative loops that check a draw against this set give up after {@link WarmItems#MODEL_MAX_DRAWS}
 * (models) or {@link WarmItems#SAMPLER_MAX_DRAWS} (samplers) draws.
 *
 * <p>Memory: one int per distinct (user, item) pair plus one per user.
 */
public final class UserItemSet {
    private final int[] offsets;
    private final int[] items;

    private UserItemSet(int[] offsets, int[] items) {
        this.offsets = offsets;
        this.items = items;
    }

    /** The distinct items of every user of {@code m}. */
    public static UserItemSet of(InteractionMatrix m) {
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
        return new UserItemSet(off, w == out.length ? out : Arrays.copyOf(out, w));
    }

    /** Whether {@code user} has {@code item}; false for a user outside the set (e.g. one unseen in training). */
    public boolean contains(int user, int item) {
        if (user < 0 || user >= offsets.length - 1) {
            return false;
        }
        return Arrays.binarySearch(items, offsets[user], offsets[user + 1], item) >= 0;
    }

    /** Number of distinct items of {@code user}. */
    public int count(int user) {
        return user < 0 || user >= offsets.length - 1 ? 0 : offsets[user + 1] - offsets[user];
    }

    /** Number of users. */
    public int numUsers() {
        return offsets.length - 1;
    }
}
