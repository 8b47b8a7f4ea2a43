package io.mic.retrieval.table;

import java.util.Objects;

/**
 * One version of the serving tables: similar users, similar items, recent items, and what they were
 * built from. Immutable; the readers are thread-safe.
 *
 * @param version   build version (monotonic per producer; the batch job uses epoch millis)
 * @param users     number of users (rows of the user tables)
 * @param items     number of items (rows of the item table)
 * @param userDim   width of the user vectors the user neighbours came from (0 if unknown)
 * @param itemDim   width of the item vectors the item neighbours came from (0 if unknown)
 * @param index     {@code name/version} of the index plugin that found the neighbours
 * @param userUser  M1 similar users per user
 * @param itemItem  M3 similar items per item
 * @param recent    M most recent items per user
 */
public record NeighborTables(long version, int users, int items, int userDim, int itemDim, String index, TableReader userUser,
        TableReader itemItem, TableReader recent) {
    public NeighborTables {
        Objects.requireNonNull(userUser, "userUser");
        Objects.requireNonNull(itemItem, "itemItem");
        Objects.requireNonNull(recent, "recent");
        Objects.requireNonNull(index, "index");
        if (userUser.rows() != users || recent.rows() != users || itemItem.rows() != items) {
            throw new IllegalArgumentException("table rows differ from users=" + users + " items=" + items + ": user-user "
                    + userUser.rows() + ", recent " + recent.rows() + ", item-item " + itemItem.rows());
        }
        if (!userUser.scored() || !itemItem.scored() || recent.scored()) {
            throw new IllegalArgumentException("neighbour tables must be scored and the recent-items table not");
        }
    }

    /** The table of {@code kind}. */
    public TableReader table(TableKind kind) {
        return switch (kind) {
            case USER_USER -> userUser;
            case ITEM_ITEM -> itemItem;
            case RECENT_ITEMS -> recent;
        };
    }
}
