package io.mic.rerank;

import io.mic.spi.Candidates;
import io.mic.spi.ItemCatalog;
import io.mic.spi.Query;
import io.mic.spi.Reranker;

/**
 * MIC's unified rerank: {@code score = wSim * similarity + wCount * s_i + wDiv * diversity}, top n.
 *
 * <ul>
 *   <li>{@code similarity}: the candidate's relevance from its channel scores, see
 *       {@link Relevance} (default: max over the recalling channels of the per-channel min-max
 *       normalised score, in [0, 1]);
 *   <li>{@code s_i}: the number of channels that recalled the candidate;
 *   <li>{@code diversity}: the number of other candidates whose category
 *       ({@link ItemCatalog#category}) differs from this one's, counted over the candidates left
 *       after removing seen items; items without a category share one "missing" category. With
 *       {@code normalizeDiversity} it is divided by (candidates - 1), so it lies in [0, 1].
 * </ul>
 *
 * <p>Cost O(m log n) for m candidates: diversity comes from per-category counts
 * ({@code m - count[category]}), not pairwise comparison, and the top n comes from a histogram selection ({@link TopKeys}).
 * Ties: smaller item id first.
 *
 * <p>Thread-safe: per-thread scratch (no allocation per call once warmed up); the catalog must be
 * thread-safe (it is immutable by contract).
 */
public final class UnifiedReranker implements Reranker {
    private final float wSim;
    private final float wCount;
    private final float wDiv;
    private final boolean normalizeDiversity;
    private final Relevance similarity;
    private final ItemCatalog catalog;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** {@code catalog} may be null only when {@code wDiv == 0}. */
    public UnifiedReranker(float wSim, float wCount, float wDiv, boolean normalizeDiversity, Relevance similarity,
            ItemCatalog catalog) {
        if (catalog == null && wDiv != 0f) {
            throw new IllegalArgumentException("a diversity weight needs an item catalog");
        }
        this.wSim = wSim;
        this.wCount = wCount;
        this.wDiv = wDiv;
        this.normalizeDiversity = normalizeDiversity;
        this.similarity = similarity;
        this.catalog = catalog;
    }

    @Override
    public void rerank(Query query, Candidates candidates, Candidates out) {
        out.clear();
        Scratch s = scratch.get();
        int m = s.keep(query, candidates);
        if (m == 0) {
            return;
        }
        similarity.compute(candidates, s.keep, m, s.sim, s.masks, s.values);
        if (wDiv != 0f) {
            s.countCategories(candidates, catalog, m);
        }
        float divScale = normalizeDiversity ? (m > 1 ? 1f / (m - 1) : 0f) : 1f;
        long[] keys = s.keys;
        float divWeight = wDiv * divScale;
        for (int k = 0; k < m; k++) {
            int i = s.keep[k];
            float score = wSim * s.sim[k] + wCount * candidates.channelCount(i);
            if (wDiv != 0f) { // the same way for every candidate: predicted
                score += divWeight * (m - s.counts[s.cat[k]]);
            }
            keys[k] = TopKeys.key(score, candidates.item(i));
        }
        if (wDiv != 0f) {
            s.clearCounts(m);
        }
        int n = s.top.select(keys, m, query.n(), s.best);
        for (int r = 0; r < n; r++) {
            long key = s.best[r];
            int idx = out.copyFrom(candidates, candidates.indexOf(TopKeys.item(key)));
            out.setScore(idx, TopKeys.score(key));
        }
    }

    /** Per-thread working memory. */
    static final class Scratch {
        final TopKeys top = new TopKeys();
        int[] keep = new int[64];
        boolean[] dropped = new boolean[64];
        int[] masks = new int[64];
        int[] cat = new int[64];
        float[] sim = new float[64];
        float[] values = new float[64];
        long[] keys = new long[64];
        long[] best = new long[64];
        /** counts[c + 1] = candidates of category c (index 0: missing). */
        int[] counts = new int[256];

        /** Fills {@link #keep} with the positions of unseen candidates; returns how many. */
        int keep(Query q, Candidates c) {
            int n = c.size();
            if (keep.length < n) {
                keep = new int[n];
                dropped = new boolean[n];
                masks = new int[n];
                cat = new int[n];
                sim = new float[n];
                values = new float[n];
                keys = new long[n];
                best = new long[n];
            }
            return Eligible.positions(q, c, keep, dropped);
        }

        void countCategories(Candidates c, ItemCatalog catalog, int m) {
            for (int k = 0; k < m; k++) {
                int category = catalog.category(c.item(keep[k]));
                int slot = category < 0 ? 0 : category + 1;
                if (slot >= counts.length) {
                    counts = java.util.Arrays.copyOf(counts, Math.max(slot + 1, counts.length * 2));
                }
                cat[k] = slot;
                counts[slot]++;
            }
        }

        void clearCounts(int m) {
            for (int k = 0; k < m; k++) {
                counts[cat[k]] = 0;
            }
        }
    }
}
