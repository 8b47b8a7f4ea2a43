package io.mic.retrieval.store;

import io.mic.spi.NeighborStore;
import io.mic.spi.Neighbors;

/**
 * Batched reads a channel uses when its store offers them: the I2I channel asks for the
 * neighbours of M items and the U2U channel for the recent items of M1 users in one call, which a
 * remote store answers in one network round trip instead of M.
 *
 * <p>Same contract as {@link NeighborStore}'s single reads (thread-safe, may throw
 * {@link NeighborStore.StoreUnavailableException}); element {@code i} of a result answers
 * {@code ids[i]}. Both built-in stores implement it. This is the shape proposed for the SPI itself
 * (as default methods looping over the single reads).
 */
public interface NeighborBatchReader {

    /** Up to {@code limit} neighbours of each of {@code ids[0 .. count)}; empty for unknown ids. */
    Neighbors[] neighbors(NeighborStore.Table table, int[] ids, int count, int limit);

    /** Up to {@code limit} most recent items of each of {@code users[0 .. count)}, most recent first. */
    int[][] recentItems(int[] users, int count, int limit);

    /** The batch view of {@code store}: itself when it implements this, else a loop over single reads. */
    static NeighborBatchReader of(NeighborStore store) {
        if (store instanceof NeighborBatchReader b) {
            return b;
        }
        return new NeighborBatchReader() {
            @Override
            public Neighbors[] neighbors(NeighborStore.Table table, int[] ids, int count, int limit) {
                Neighbors[] out = new Neighbors[count];
                for (int i = 0; i < count; i++) {
                    out[i] = store.neighbors(table, ids[i], limit);
                }
                return out;
            }

            @Override
            public int[][] recentItems(int[] users, int count, int limit) {
                int[][] out = new int[count][];
                for (int i = 0; i < count; i++) {
                    out[i] = store.recentItems(users[i], limit);
                }
                return out;
            }
        };
    }
}
