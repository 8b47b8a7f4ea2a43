package io.mic.testkit;

import io.mic.spi.NeighborStore;
import io.mic.spi.Neighbors;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link NeighborStore} serves, as plain arrays: per user its nearest users, per item its
 * nearest items (ids and scores, best first) and per user its recent items (most recent first).
 * Row {@code r} of each array belongs to id {@code r}. {@link TestData#servingTables} builds one;
 * a store's contract test loads it into the store under test.
 *
 * <p>The arrays are shared: nobody mutates them.
 *
 * @param userNeighbors      per user, neighbour user ids, best first
 * @param userNeighborScores per user, their scores, aligned with {@code userNeighbors}
 * @param itemNeighbors      per item, neighbour item ids, best first
 * @param itemNeighborScores per item, their scores, aligned with {@code itemNeighbors}
 * @param recentItems        per user, item ids, most recent first
 */
public record ServingTables(int[][] userNeighbors, float[][] userNeighborScores, int[][] itemNeighbors, float[][] itemNeighborScores,
        int[][] recentItems) {

    public ServingTables {
        Objects.requireNonNull(userNeighbors, "userNeighbors");
        Objects.requireNonNull(userNeighborScores, "userNeighborScores");
        Objects.requireNonNull(itemNeighbors, "itemNeighbors");
        Objects.requireNonNull(itemNeighborScores, "itemNeighborScores");
        Objects.requireNonNull(recentItems, "recentItems");
        if (userNeighbors.length != userNeighborScores.length || itemNeighbors.length != itemNeighborScores.length
                || recentItems.length != userNeighbors.length) {
            throw new IllegalArgumentException("tables differ in row counts");
        }
    }

    /** Number of users with rows. */
    public int users() {
        return userNeighbors.length;
    }

    /** Number of items with rows. */
    public int items() {
        return itemNeighbors.length;
    }

    /** Rows of {@code table}: users for {@code USER_USER}, items for {@code ITEM_ITEM}. */
    public int rows(NeighborStore.Table table) {
        return table == NeighborStore.Table.USER_USER ? users() : items();
    }

    /** The first {@code limit} neighbours of {@code id} in {@code table} (a copy), or empty when {@code id} has no row. */
    public Neighbors neighbors(NeighborStore.Table table, int id, int limit) {
        int[][] ids = table == NeighborStore.Table.USER_USER ? userNeighbors : itemNeighbors;
        float[][] scores = table == NeighborStore.Table.USER_USER ? userNeighborScores : itemNeighborScores;
        if (id < 0 || id >= ids.length || limit <= 0) {
            return Neighbors.EMPTY;
        }
        int n = Math.min(limit, ids[id].length);
        return new Neighbors(Arrays.copyOf(ids[id], n), Arrays.copyOf(scores[id], n));
    }

    /** The first {@code limit} recent items of {@code user} (a copy), or empty when {@code user} has no row. */
    public int[] recentItems(int user, int limit) {
        if (user < 0 || user >= recentItems.length || limit <= 0) {
            return new int[0];
        }
        return Arrays.copyOf(recentItems[user], Math.min(limit, recentItems[user].length));
    }
}
