package io.mic.retrieval.channel;

import io.mic.spi.Candidates;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.VectorIndex;

/**
 * U2I: the user's vector(s) against the item index, top {@code k1}.
 *
 * <p>Multi-interest users (ComiRec's strategy): each interest vector queries the index on its own;
 * an item found by several interests keeps its best score; the best {@code k1} over all interests
 * are emitted. The channel score is the index score (inner product or cosine, per the index).
 *
 * <p>Seen items: each interest asks the index for {@code k1 + |exclude|} items (capped at the
 * index size), so {@code k1} unseen items come back whenever the index holds that many. Queries
 * without a user vector yield nothing.
 *
 * <p>Thread-safe (per-thread scratch; the index is thread-safe by contract).
 */
public final class U2iChannel implements RetrievalChannel {
    private final VectorIndex index;
    private final int k1;
    private final ThreadLocal<ChannelScratch> scratch = ThreadLocal.withInitial(ChannelScratch::new);

    public U2iChannel(VectorIndex index, int k1) {
        this.index = index;
        this.k1 = k1;
    }

    @Override
    public String label() {
        return "u2i";
    }

    @Override
    public int quota() {
        return k1;
    }

    @Override
    public void retrieve(Query query, int channel, Candidates out) {
        float[] v = query.userVector();
        if (v == null || k1 == 0) {
            return;
        }
        int dim = index.dim();
        int interests = query.interests();
        if (v.length != interests * dim) {
            throw new IllegalArgumentException("user vector has " + v.length + " floats, expected " + interests + " x " + dim);
        }
        ChannelScratch s = scratch.get();
        int fetch = (int) Math.min(index.size(), (long) k1 + query.exclude().length);
        s.ensure(fetch);
        if (interests == 1) {
            int n = index.search(v, 0, fetch, s.ids, s.scores);
            int emitted = 0;
            for (int j = 0; j < n && emitted < k1; j++) {
                if (!query.excluded(s.ids[j])) {
                    out.add(s.ids[j], channel, s.scores[j]);
                    emitted++;
                }
            }
            return;
        }
        s.merge.clear();
        for (int i = 0; i < interests; i++) {
            int n = index.search(v, i * dim, fetch, s.ids, s.scores);
            for (int j = 0; j < n; j++) {
                if (!query.excluded(s.ids[j])) {
                    s.merge.add(s.ids[j], 0, s.scores[j]);
                }
            }
        }
        s.emitTop(k1, channel, out);
    }
}
