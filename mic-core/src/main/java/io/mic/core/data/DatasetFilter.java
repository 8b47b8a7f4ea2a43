package io.mic.core.data;

import java.util.Arrays;

/**
 * Drops low ratings and rare users/items, then renumbers users and items densely (old order kept),
 * carrying fields, ratings, timestamps and split tags along.
 *
 * <p>Order of operations: interactions with {@code rating < minRating} go first; then users with
 * fewer than {@code minUserInteractions} and items with fewer than {@code minItemInteractions}
 * remaining interactions are dropped together with their interactions. With {@code iterative}
 * that step repeats until nothing changes (the k-core: every remaining user and item meets its
 * minimum); without it, it runs once on the counts after the rating filter, so a survivor may end
 * below its minimum. A minimum of 0 keeps users (items) even when they have no interactions left
 * (a catalog may hold cold items on purpose); a minimum of 1 or more drops those.
 *
 * @param minRating           keep interactions rated at least this; null keeps all (required null for implicit data)
 * @param minUserInteractions users need at least this many interactions (0 = no user filter)
 * @param minItemInteractions items need at least this many interactions (0 = no item filter)
 * @param iterative           repeat the user/item step until stable (k-core)
 */
public record DatasetFilter(Double minRating, int minUserInteractions, int minItemInteractions, boolean iterative) {
    public DatasetFilter {
        if (minRating != null && !Double.isFinite(minRating)) {
            throw new IllegalArgumentException("minRating must be finite, got " + minRating);
        }
        if (minUserInteractions < 0 || minItemInteractions < 0) {
            throw new IllegalArgumentException("minimum interaction counts must be >= 0, got user " + minUserInteractions + ", item "
                    + minItemInteractions);
        }
    }

    /** A filter that keeps everything ({@link #apply} returns its argument). */
    public static DatasetFilter none() {
        return new DatasetFilter(null, 0, 0, false);
    }

    /**
     * The filtered dataset (same name). Returns {@code d} itself when the filter cannot drop anything.
     *
     * @throws IllegalArgumentException when {@code minRating} is set and {@code d} has no ratings
     */
    public Dataset apply(Dataset d) {
        if (minRating != null && !d.hasRatings()) {
            throw new IllegalArgumentException("dataset '" + d.name() + "' has no ratings (implicit feedback): a minimum rating of "
                    + minRating + " cannot apply; remove min rating from the filter");
        }
        if (minRating == null && minUserInteractions == 0 && minItemInteractions == 0) {
            return d;
        }
        int n = d.numInteractions();
        int[] users = d.userColumn();
        int[] items = d.itemColumn();
        boolean[] keep = new boolean[n];
        float[] ratings = d.ratings();
        for (int i = 0; i < n; i++) {
            keep[i] = minRating == null || ratings[i] >= minRating;
        }
        int[] userCount = new int[d.numUsers()];
        int[] itemCount = new int[d.numItems()];
        boolean[] keepUser = new boolean[d.numUsers()];
        boolean[] keepItem = new boolean[d.numItems()];
        boolean changed = true;
        while (changed) {
            count(users, items, keep, userCount, itemCount);
            for (int u = 0; u < keepUser.length; u++) {
                keepUser[u] = userCount[u] >= minUserInteractions;
            }
            for (int it = 0; it < keepItem.length; it++) {
                keepItem[it] = itemCount[it] >= minItemInteractions;
            }
            changed = false;
            for (int i = 0; i < n; i++) {
                if (keep[i] && (!keepUser[users[i]] || !keepItem[items[i]])) {
                    keep[i] = false;
                    changed = true;
                }
            }
            if (!iterative) {
                break;
            }
        }
        // a single pass can leave a kept user or item with nothing: drop those unless the minimum is 0
        count(users, items, keep, userCount, itemCount);
        for (int u = 0; u < keepUser.length; u++) {
            keepUser[u] &= userCount[u] > 0 || minUserInteractions == 0;
        }
        for (int it = 0; it < keepItem.length; it++) {
            keepItem[it] &= itemCount[it] > 0 || minItemInteractions == 0;
        }
        return Subset.of(d.name(), d.users(), d.items(), users, items, ratings, d.timestamps(), d.splitTags(), d.userFields(),
                d.itemFields(), keep, keepUser, keepItem);
    }

    private static void count(int[] users, int[] items, boolean[] keep, int[] userCount, int[] itemCount) {
        Arrays.fill(userCount, 0);
        Arrays.fill(itemCount, 0);
        for (int i = 0; i < users.length; i++) {
            if (keep[i]) {
                userCount[users[i]]++;
                itemCount[items[i]]++;
            }
        }
    }
}
