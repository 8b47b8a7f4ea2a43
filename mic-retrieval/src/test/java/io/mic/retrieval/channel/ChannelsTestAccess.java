package io.mic.retrieval.channel;

import io.mic.retrieval.table.NeighborTables;

/** Lets tests in other packages reuse the hand-built tables of {@link ChannelsTest}. */
public final class ChannelsTestAccess {
    private ChannelsTestAccess() {
    }

    public static NeighborTables tables() {
        return ChannelsTest.tables();
    }
}
