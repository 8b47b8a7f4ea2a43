package io.mic.testkit;

import io.mic.spi.NeighborStore;
import io.mic.spi.Neighbors;
import java.util.Objects;

/**
 * A {@link NeighborStore} over in-memory {@link ServingTables}, for testing what reads a store
 * (a retrieval channel) without a real backend. Every call returns fresh arrays. Thread-safe.
 */
public final class TestingNeighborStore implements NeighborStore {
    private final ServingTables tables;

    /** A store serving {@code tables} (shared, not copied). */
    public TestingNeighborStore(ServingTables tables) {
        this.tables = Objects.requireNonNull(tables, "tables");
    }

    @Override
    public Neighbors neighbors(Table table, int id, int limit) {
        return tables.neighbors(table, id, limit);
    }

    @Override
    public int[] recentItems(int user, int limit) {
        return tables.recentItems(user, limit);
    }
}
