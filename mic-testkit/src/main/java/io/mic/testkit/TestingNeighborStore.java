package io.mic.testkit;

import io.mic.spi.NeighborStore;
import io.mic.spi.Neighbors;
import java.util.Objects;

/**
 * A {@link NeighborStore} over in-memory {@link ServingTables}, for testing what reads a store
 * (a retrieval channel) without a real backend. Every call returns fresh arrays; after {@link #close()} reads fail,
 * as a real store's would. Thread-safe.
 */
public final class TestingNeighborStore implements NeighborStore {
    private final ServingTables tables;
    private volatile boolean closed;

    /** A store serving {@code tables} (shared, not copied). */
    public TestingNeighborStore(ServingTables tables) {
        this.tables = Objects.requireNonNull(tables, "tables");
    }

    @Override
    public Neighbors neighbors(Table table, int id, int limit) {
        requireOpen();
        return tables.neighbors(table, id, limit);
    }

    @Override
    public int[] recentItems(int user, int limit) {
        requireOpen();
        return tables.recentItems(user, limit);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("TestingNeighborStore is closed");
        }
    }
}
