package io.mic.core.data;

import io.mic.spi.Interactions;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Interactions grouped by user, CSR: user {@code u} owns positions {@code start(u) .. end(u)} of
 * {@link #items()} (and of {@link #timestamps()}/{@link #ratings()} when present). Within a user,
 * interactions are in time order (oldest first) when timestamps exist, otherwise in source order.
 * Immutable; arrays are read-only for callers.
 */
public final class InteractionMatrix implements Interactions {
    private final int numUsers;
    private final int numItems;
    private final int[] offsets;
    private final int[] items;
    private final float[] ratings;
    private final long[] timestamps;

    public InteractionMatrix(int numUsers, int numItems, int[] offsets, int[] items, float[] ratings, long[] timestamps) {
        if (offsets.length != numUsers + 1 || offsets[0] != 0 || offsets[numUsers] != items.length) {
            throw new IllegalArgumentException("offsets do not describe " + numUsers + " users over " + items.length + " entries");
        }
        if ((ratings != null && ratings.length != items.length) || (timestamps != null && timestamps.length != items.length)) {
            throw new IllegalArgumentException("ratings/timestamps length differs from items");
        }
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.offsets = offsets;
        this.items = items;
        this.ratings = ratings;
        this.timestamps = timestamps;
    }

    /** An empty matrix. */
    public static InteractionMatrix empty(int numUsers, int numItems) {
        return new InteractionMatrix(numUsers, numItems, new int[numUsers + 1], new int[0], null, null);
    }

    /**
     * Groups interaction columns by user. Rows with {@code keep != null && !keep[i]} are skipped.
     * Within a user, rows are ordered by timestamp (stable, so ties keep source order) when
     * {@code timestamps} is given, else by source order.
     */
    public static InteractionMatrix fromColumns(int numUsers, int numItems, int[] users, int[] itemCol, float[] ratingCol,
            long[] timeCol, boolean[] keep) {
        int n = users.length;
        int[] counts = new int[numUsers + 1];
        for (int i = 0; i < n; i++) {
            if (keep == null || keep[i]) {
                counts[users[i] + 1]++;
            }
        }
        for (int u = 0; u < numUsers; u++) {
            counts[u + 1] += counts[u];
        }
        int[] offsets = counts.clone();
        int[] cursor = Arrays.copyOf(counts, numUsers);
        int nnz = offsets[numUsers];
        int[] rows = new int[nnz];
        for (int i = 0; i < n; i++) {
            if (keep == null || keep[i]) {
                rows[cursor[users[i]]++] = i;
            }
        }
        if (timeCol != null) {
            for (int u = 0; u < numUsers; u++) {
                sortByTime(rows, offsets[u], offsets[u + 1], timeCol);
            }
        }
        int[] it = new int[nnz];
        float[] r = ratingCol == null ? null : new float[nnz];
        long[] t = timeCol == null ? null : new long[nnz];
        for (int k = 0; k < nnz; k++) {
            int i = rows[k];
            it[k] = itemCol[i];
            if (r != null) {
                r[k] = ratingCol[i];
            }
            if (t != null) {
                t[k] = timeCol[i];
            }
        }
        return new InteractionMatrix(numUsers, numItems, offsets, it, r, t);
    }

    private static void sortByTime(int[] rows, int from, int to, long[] time) {
        // insertion sort for short runs, merge sort otherwise; both stable
        if (to - from < 2) {
            return;
        }
        boolean sorted = true;
        for (int k = from + 1; k < to; k++) {
            if (time[rows[k]] < time[rows[k - 1]]) {
                sorted = false;
                break;
            }
        }
        if (sorted) {
            return;
        }
        Integer[] boxed = new Integer[to - from];
        for (int k = from; k < to; k++) {
            boxed[k - from] = rows[k];
        }
        Arrays.sort(boxed, (a, b) -> Long.compare(time[a], time[b]));
        for (int k = from; k < to; k++) {
            rows[k] = boxed[k - from];
        }
    }

    @Override
    public int numUsers() {
        return numUsers;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Number of stored interactions. */
    @Override
    public int nnz() {
        return items.length;
    }

    @Override
    public int start(int user) {
        return offsets[user];
    }

    @Override
    public int end(int user) {
        return offsets[user + 1];
    }

    @Override
    public int count(int user) {
        return offsets[user + 1] - offsets[user];
    }

    /** CSR offsets (read-only). */
    @Override
    public int[] offsets() {
        return offsets;
    }

    /** Item ids (read-only). */
    @Override
    public int[] items() {
        return items;
    }

    /** Ratings aligned with {@link #items()}, or null. */
    @Override
    public float[] ratings() {
        return ratings;
    }

    /** Timestamps aligned with {@link #items()}, or null. */
    @Override
    public long[] timestamps() {
        return timestamps;
    }

    /** A copy of {@code user}'s items in stored order. */
    @Override
    public int[] itemsOf(int user) {
        return Arrays.copyOfRange(items, offsets[user], offsets[user + 1]);
    }

    /** A copy of {@code user}'s items, sorted ascending and de-duplicated. */
    public int[] sortedItemsOf(int user) {
        int[] a = itemsOf(user);
        Arrays.sort(a);
        int w = 0;
        for (int i = 0; i < a.length; i++) {
            if (w == 0 || a[i] != a[w - 1]) {
                a[w++] = a[i];
            }
        }
        return w == a.length ? a : Arrays.copyOf(a, w);
    }

    /** Interactions per item. */
    public int[] itemCounts() {
        int[] c = new int[numItems];
        for (int it : items) {
            c[it]++;
        }
        return c;
    }

    /** Number of users with at least one interaction. */
    public int activeUsers() {
        int a = 0;
        for (int u = 0; u < numUsers; u++) {
            if (offsets[u + 1] > offsets[u]) {
                a++;
            }
        }
        return a;
    }

    /** The item-by-user matrix (row = item, entries = users, in user order). */
    public InteractionMatrix transpose() {
        int[] users = new int[items.length];
        for (int u = 0; u < numUsers; u++) {
            for (int k = offsets[u]; k < offsets[u + 1]; k++) {
                users[k] = u;
            }
        }
        return fromColumns(numItems, numUsers, items, users, ratings, null, null);
    }

    /**
     * This matrix restricted to the interactions whose item passes {@code keep}: same users and
     * items, and the kept interactions' order, ratings and timestamps.
     */
    public InteractionMatrix filterItems(IntPredicate keep) {
        int[] rowOffsets = new int[numUsers + 1];
        int[] it = new int[items.length];
        float[] r = ratings == null ? null : new float[items.length];
        long[] t = timestamps == null ? null : new long[items.length];
        int w = 0;
        for (int u = 0; u < numUsers; u++) {
            for (int p = offsets[u]; p < offsets[u + 1]; p++) {
                if (keep.test(items[p])) {
                    it[w] = items[p];
                    if (r != null) {
                        r[w] = ratings[p];
                    }
                    if (t != null) {
                        t[w] = timestamps[p];
                    }
                    w++;
                }
            }
            rowOffsets[u + 1] = w;
        }
        return new InteractionMatrix(numUsers, numItems, rowOffsets, Arrays.copyOf(it, w), r == null ? null : Arrays.copyOf(r, w),
                t == null ? null : Arrays.copyOf(t, w));
    }
}
