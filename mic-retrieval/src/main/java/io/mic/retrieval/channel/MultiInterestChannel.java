package io.mic.retrieval.channel;

import io.mic.core.util.TopK;
import io.mic.spi.Candidates;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.VectorIndex;
import java.util.Arrays;

/**
 * Multi-interest U2I (ComiRec's serving strategy, used for Re4 and ComiRec-SA): each of the
 * query's {@code K} interest vectors ({@link Query#interests()} rows of {@link Query#userVector()})
 * searches the item index on its own for its best {@code perInterest} unseen items; the K lists are
 * merged, an item found by several interests keeping its best score, and the best {@code quota}
 * items of the merge are emitted, best first (equal scores: smaller item id first).
 *
 * <p>Provenance: every emitted candidate carries this channel's bit and its merged score as the
 * channel score ({@link Candidates#channelScore}), so the merge + rerank path treats it like any
 * other channel. {@link #retrieve(Query, int, Candidates, int[])} also reports which interest
 * recalled each candidate (the one that gave its score).
 *
 * <p>Seen items: each interest asks the index for {@code perInterest + |exclude|} items (capped at
 * the index size), so it contributes {@code perInterest} unseen items whenever the index has that
 * many. A query without a user vector yields nothing; a one-interest query behaves like
 * {@code u2i} with {@code k1 = min(quota, perInterest)}.
 *
 * <p>Thread-safe: per-thread scratch buffers; the index is thread-safe by contract.
 */
public final class MultiInterestChannel implements RetrievalChannel {
    private final VectorIndex index;
    private final int quota;
    private final int perInterest;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread working memory, grown on demand and reused across requests. */
    private static final class Scratch {
        final Candidates merge = new Candidates(256);
        final TopK top = new TopK(256);
        int[] ids = new int[256];
        float[] scores = new float[256];
        int[] interest = new int[256];

        void ensure(int n) {
            if (ids.length < n) {
                ids = new int[n];
                scores = new float[n];
            }
        }

        void ensureInterest(int n) {
            if (interest.length < n) {
                interest = Arrays.copyOf(interest, Math.max(n, interest.length * 2));
            }
        }
    }

    /**
     * @param index       item vector index (row id = item id)
     * @param quota       candidates emitted per query (≥ 0)
     * @param perInterest candidates each interest retrieves before the merge (≥ 1)
     */
    public MultiInterestChannel(VectorIndex index, int quota, int perInterest) {
        if (quota < 0 || perInterest < 1) {
            throw new IllegalArgumentException("quota must be >= 0 and perInterest >= 1, got " + quota + ", " + perInterest);
        }
        this.index = index;
        this.quota = quota;
        this.perInterest = perInterest;
    }

    @Override
    public String label() {
        return "multi-interest";
    }

    @Override
    public int quota() {
        return quota;
    }

    @Override
    public void retrieve(Query query, int channel, Candidates out) {
        retrieve(query, channel, out, null);
    }

    /**
     * As {@link #retrieve(Query, int, Candidates)}; when {@code interestOf} is not null, for each
     * candidate this call adds or updates in {@code out} at index {@code c},
     * {@code interestOf[c]} is set to the interest (0..K−1) whose score the channel reports.
     * {@code interestOf} must hold {@code out.size()} entries after the call (size it
     * {@code out.size() + quota()} before).
     */
    public void retrieve(Query query, int channel, Candidates out, int[] interestOf) {
        float[] v = query.userVector();
        if (v == null || quota == 0) {
            return;
        }
        int dim = index.dim();
        int k = query.interests();
        if (v.length != k * dim) {
            throw new IllegalArgumentException("user vector has " + v.length + " floats, expected " + k + " interests x " + dim);
        }
        Scratch s = scratch.get();
        int fetch = (int) Math.min(index.size(), (long) perInterest + query.exclude().length);
        s.ensure(Math.max(fetch, quota));
        s.merge.clear();
        for (int q = 0; q < k; q++) {
            int n = index.search(v, q * dim, fetch, s.ids, s.scores);
            int kept = 0;
            for (int j = 0; j < n && kept < perInterest; j++) {
                int item = s.ids[j];
                if (query.excluded(item)) {
                    continue;
                }
                kept++;
                int before = s.merge.indexOf(item);
                float old = before < 0 ? Float.NEGATIVE_INFINITY : s.merge.score(before);
                int c = s.merge.add(item, 0, s.scores[j]);
                if (s.scores[j] > old) {
                    s.ensureInterest(c + 1);
                    s.interest[c] = q;
                }
            }
        }
        int n = s.merge.size();
        s.top.reset(Math.min(quota, n));
        for (int i = 0; i < n; i++) {
            s.top.offer(s.merge.item(i), s.merge.score(i));
        }
        s.ensure(n);
        int w = s.top.drainBestFirst(s.ids, s.scores, 0);
        for (int i = 0; i < w; i++) {
            int c = out.add(s.ids[i], channel, s.scores[i]);
            if (interestOf != null) {
                interestOf[c] = s.interest[s.merge.indexOf(s.ids[i])];
            }
        }
    }

    @Override
    public String toString() {
        return "multi-interest[quota=" + quota + ", per_interest=" + perInterest + "]";
    }
}
