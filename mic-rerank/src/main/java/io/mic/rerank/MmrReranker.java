package io.mic.rerank;

import io.mic.spi.Candidates;
import io.mic.spi.Query;
import io.mic.spi.Reranker;
import io.mic.spi.Vectors;

/**
 * Maximal marginal relevance: picks n items greedily, each time the unseen candidate maximising
 * {@code lambda * rel(i) - (1 - lambda) * max(0, max_{j picked} cos(v_i, v_j))} (the penalty is 0 for
 * the first pick). Redundancy is never negative: an item pointing away from everything picked is
 * not redundant, but not more relevant either. This also makes the emitted scores non-increasing
 * in pick order (each remaining item's penalty only grows as the picked set grows), so the output
 * is best first by its own scores, as the Reranker contract requires; with negative cosines
 * rewarded, the second pick could outscore the first. {@code rel} is the {@link Relevance} of the candidate (default in [0, 1], on the
 * scale of a cosine). The emitted score is that objective at the time of the pick; the emitted
 * order is the pick order. Ties: smaller item id.
 *
 * <p>Item vectors come from a {@link Vectors} with one row per item (row = item id). An item
 * without a row (id &ge; rows) has no similarity to anything (cosine 0).
 *
 * <p>Cost O(n * m * dim) for m candidates: after each pick, every remaining candidate's largest
 * cosine to the picked set is updated with one dot product. Thread-safe: per-thread scratch; the
 * vectors are read-only.
 */
public final class MmrReranker implements Reranker {
    private final float lambda;
    private final Relevance similarity;
    private final Vectors items;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public MmrReranker(float lambda, Relevance similarity, Vectors items) {
        if (items.interests() != 1) {
            throw new IllegalArgumentException("item vectors must have one row per item, got interests=" + items.interests());
        }
        this.lambda = lambda;
        this.similarity = similarity;
        this.items = items;
    }

    @Override
    public void rerank(Query query, Candidates candidates, Candidates out) {
        out.clear();
        Scratch s = scratch.get();
        int m = s.keep(query, candidates);
        if (m == 0) {
            return;
        }
        similarity.compute(candidates, s.keep, m, s.rel, s.masks, s.values);
        float[] v = items.values();
        int dim = items.dim();
        int rows = items.rows();
        for (int k = 0; k < m; k++) {
            int item = candidates.item(s.keep[k]);
            s.row[k] = item >= 0 && item < rows ? item : -1;
            float norm = s.row[k] < 0 ? 0f : (float) Math.sqrt(dot(v, s.row[k] * dim, v, s.row[k] * dim, dim));
            s.invNorm[k] = norm == 0f ? 0f : 1f / norm;
            s.maxSim[k] = 0f;
            s.picked[k] = false;
        }
        int n = Math.min(query.n(), m);
        for (int t = 0; t < n; t++) {
            int best = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            int bestItem = Integer.MAX_VALUE;
            for (int k = 0; k < m; k++) {
                if (s.picked[k]) {
                    continue;
                }
                float obj = lambda * s.rel[k] - (1f - lambda) * s.maxSim[k];
                int item = candidates.item(s.keep[k]);
                if (obj > bestScore || (obj == bestScore && item < bestItem)) {
                    best = k;
                    bestScore = obj;
                    bestItem = item;
                }
            }
            s.picked[best] = true;
            int idx = out.copyFrom(candidates, s.keep[best]);
            out.setScore(idx, bestScore);
            if (s.row[best] < 0) {
                continue;
            }
            int bo = s.row[best] * dim;
            for (int k = 0; k < m; k++) {
                if (s.picked[k] || s.row[k] < 0) {
                    continue;
                }
                float cos = dot(v, s.row[k] * dim, v, bo, dim) * s.invNorm[k] * s.invNorm[best];
                if (cos > s.maxSim[k]) {
                    s.maxSim[k] = cos;
                }
            }
        }
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int dim) {
        float s = 0f;
        for (int i = 0; i < dim; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** Per-thread working memory. */
    static final class Scratch {
        int[] keep = new int[64];
        boolean[] dropped = new boolean[64];
        int[] masks = new int[64];
        float[] values = new float[64];
        int[] row = new int[64];
        float[] rel = new float[64];
        float[] invNorm = new float[64];
        float[] maxSim = new float[64];
        boolean[] picked = new boolean[64];

        int keep(Query q, Candidates c) {
            int n = c.size();
            if (keep.length < n) {
                keep = new int[n];
                dropped = new boolean[n];
                masks = new int[n];
                values = new float[n];
                row = new int[n];
                rel = new float[n];
                invNorm = new float[n];
                maxSim = new float[n];
                picked = new boolean[n];
            }
            return Eligible.positions(q, c, keep, dropped);
        }
    }
}
