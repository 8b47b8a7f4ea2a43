package io.mic.retrieval.channel;

import io.mic.retrieval.store.NeighborBatchReader;
import io.mic.spi.Candidates;
import io.mic.spi.NeighborStore;
import io.mic.spi.Neighbors;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;

/**
 * I2I: the user's {@code m} most recent items, each expanded to its {@code m3} most similar items;
 * up to {@code k2} distinct candidates, best first.
 *
 * <p>Channel score: the item-item similarity from the neighbour table; an item reached from
 * several recent items keeps the highest. When more than {@code k2} distinct items are reached,
 * the {@code k2} with the highest scores are kept (ties: smaller id). Excluded items are skipped
 * before the cut. One batched store read for the neighbours (one round trip on Redis).
 *
 * <p>Thread-safe; may throw {@link NeighborStore.StoreUnavailableException}.
 */
public final class I2iChannel implements RetrievalChannel {
    private final NeighborStore store;
    private final NeighborBatchReader batch;
    private final int m;
    private final int m3;
    private final int k2;
    private final ThreadLocal<ChannelScratch> scratch = ThreadLocal.withInitial(ChannelScratch::new);

    public I2iChannel(NeighborStore store, int m, int m3, int k2) {
        this.store = store;
        this.batch = NeighborBatchReader.of(store);
        this.m = m;
        this.m3 = m3;
        this.k2 = k2;
    }

    @Override
    public String label() {
        return "i2i";
    }

    @Override
    public int quota() {
        return k2;
    }

    @Override
    public void retrieve(Query query, int channel, Candidates out) {
        if (k2 == 0 || m == 0 || m3 == 0) {
            return;
        }
        int[] recent = store.recentItems(query.user(), m);
        if (recent.length == 0) {
            return;
        }
        Neighbors[] similar = batch.neighbors(NeighborStore.Table.ITEM_ITEM, recent, recent.length, m3);
        ChannelScratch s = scratch.get();
        s.merge.clear();
        for (Neighbors nb : similar) {
            int[] ids = nb.ids();
            float[] sc = nb.scores();
            for (int j = 0; j < ids.length; j++) {
                if (!query.excluded(ids[j])) {
                    s.merge.add(ids[j], 0, sc[j]);
                }
            }
        }
        s.emitTop(k2, channel, out);
    }
}
