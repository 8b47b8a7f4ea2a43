package io.mic.retrieval.channel;

import io.mic.retrieval.store.NeighborBatchReader;
import io.mic.spi.Candidates;
import io.mic.spi.NeighborStore;
import io.mic.spi.Neighbors;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;

/**
 * U2U: the user's {@code m1} most similar users, each contributing their {@code m2} most recent
 * items; up to {@code k3} distinct candidates, best first.
 *
 * <p>Channel score: the user-user similarity of the neighbour who brought the item; an item
 * brought by several neighbours keeps the highest. When more than {@code k3} distinct items are
 * reached, the {@code k3} with the highest scores are kept (ties: smaller id). Excluded items are
 * skipped before the cut. One batched store read for the neighbours' histories.
 *
 * <p>Thread-safe; may throw {@link NeighborStore.StoreUnavailableException}.
 */
public final class U2uChannel implements RetrievalChannel {
    private final NeighborStore store;
    private final NeighborBatchReader batch;
    private final int m1;
    private final int m2;
    private final int k3;
    private final ThreadLocal<ChannelScratch> scratch = ThreadLocal.withInitial(ChannelScratch::new);

    public U2uChannel(NeighborStore store, int m1, int m2, int k3) {
        this.store = store;
        this.batch = NeighborBatchReader.of(store);
        this.m1 = m1;
        this.m2 = m2;
        this.k3 = k3;
    }

    @Override
    public String label() {
        return "u2u";
    }

    @Override
    public int quota() {
        return k3;
    }

    @Override
    public void retrieve(Query query, int channel, Candidates out) {
        if (k3 == 0 || m1 == 0 || m2 == 0) {
            return;
        }
        Neighbors users = store.neighbors(NeighborStore.Table.USER_USER, query.user(), m1);
        if (users.size() == 0) {
            return;
        }
        int[][] histories = batch.recentItems(users.ids(), users.size(), m2);
        ChannelScratch s = scratch.get();
        s.merge.clear();
        float[] sim = users.scores();
        for (int u = 0; u < histories.length; u++) {
            for (int item : histories[u]) {
                if (!query.excluded(item)) {
                    s.merge.add(item, 0, sim[u]);
                }
            }
        }
        s.emitTop(k3, channel, out);
    }
}
