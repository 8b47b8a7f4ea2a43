package io.mic.augment;

import io.mic.core.data.WarmItems;
import io.mic.spi.Column;
import io.mic.spi.MetricsSink;
import io.mic.spi.Sampler;
import io.mic.spi.Samples;
import io.mic.spi.Vectors;
import java.util.Arrays;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The MIC paper's extended positives: on {@link #refresh}, the exact top-{@code k} neighbours of
 * every user (or item) by inner product of the current embeddings, self excluded; on
 * {@link #sample}, {@code perRow} distinct neighbours of each row's user (or item), uniformly among
 * its {@code k} (padded with {@link Column#MISSING} when it has fewer, and for a {@code MISSING}
 * row id).
 *
 * <p>With {@code warm} (the split holds cold items, {@code cold_items}; target item) neighbours are
 * searched among the warm items only: a cold item is never an extended positive. Without cold
 * items the table and the draws are exactly those of the sampler before.
 *
 * <p>Refresh costs O(n² · dim) over a bounded pool of {@code threads}; it keeps only the
 * {@code n x k} neighbour table, never the embeddings. Single-threaded use, per the
 * {@link Sampler} contract.
 */
final class KnnPositiveSampler implements Sampler {
    private static final String NAME = "knn-positive";

    private final int k;
    private final int perRow;
    private final int refreshEvery;
    private final Samples.Target target;
    private final int threads;
    private final MetricsSink metrics;
    /** The split's warm items when it holds cold items (embedding space, target item), else null. */
    private final WarmItems warm;

    private int[] neighbors;
    /** Neighbours per entity when rows have fewer than {@code width} (co-occurrence); null when every row is full. */
    private int[] counts;
    private int width;
    private int entities;
    private final int[] scratch;

    KnnPositiveSampler(int k, int perRow, int refreshEvery, Samples.Target target, int threads, WarmItems warm, MetricsSink metrics) {
        this.warm = warm;
        this.k = k;
        this.perRow = perRow;
        this.refreshEvery = refreshEvery;
        this.target = target;
        this.threads = threads;
        this.metrics = metrics;
        this.scratch = new int[k];
    }

    /**
     * Neighbours fixed up front by co-consumption in the training interactions (never refreshed):
     * positives that carry collaborative signal from the first step, unlike the neighbours of
     * near-random initial embeddings.
     */
    KnnPositiveSampler(CooccurrenceNeighbors table, int k, int perRow, Samples.Target target, MetricsSink metrics) {
        this(k, perRow, 0, target, 1, null, metrics);
        this.neighbors = table.ids;
        this.counts = table.counts;
        this.width = table.width;
        this.entities = table.counts.length;
    }

    @Override
    public int refreshEvery() {
        return refreshEvery;
    }

    @Override
    public void refresh(Vectors users, Vectors items, RandomGenerator random) {
        Vectors v = Embeddings.of(NAME, target, users, items);
        long t0 = System.nanoTime();
        if (warm != null) {
            refreshWarm(v);
        } else {
            int[] table;
            try (Parallel parallel = new Parallel(threads, NAME)) {
                table = ExactNeighbors.topK(v.values(), v.rows(), v.dim(), k, parallel);
            }
            neighbors = table;
            entities = v.rows();
            width = Math.max(0, Math.min(k, entities - 1));
        }
        metrics.record("sampler.knn-positive.refresh_ns", System.nanoTime() - t0);
    }

    /** Neighbours among the warm items only: a cold item is nobody's neighbour and has none. */
    private void refreshWarm(Vectors v) {
        int[] ids = warm.ids();
        int[] table;
        try (Parallel parallel = new Parallel(threads, NAME)) {
            table = ExactNeighbors.topK(warm.warmRows(v.values(), v.dim()), ids.length, v.dim(), k, parallel);
        }
        int w = Math.max(0, Math.min(k, ids.length - 1));
        int[] full = new int[v.rows() * w];
        Arrays.fill(full, Column.MISSING);
        int[] have = new int[v.rows()];
        for (int r = 0; r < ids.length; r++) {
            for (int j = 0; j < w; j++) {
                full[ids[r] * w + j] = ids[table[r * w + j]];
            }
            have[ids[r]] = w;
        }
        neighbors = full;
        counts = have;
        entities = v.rows();
        width = w;
    }

    @Override
    public Optional<Role> role() {
        return Optional.of(new Role(target, true, perRow));
    }

    @Override
    public Samples sample(int[] users, int[] items, RandomGenerator random) {
        if (neighbors == null) {
            throw new IllegalStateException(NAME + ": refresh() was never called; the trainer must refresh the sampler with the "
                    + "current embeddings before the first sample()");
        }
        int[] own = Params.own(target, users, items);
        int[] out = new int[own.length * perRow];
        Arrays.fill(out, Column.MISSING);
        for (int r = 0; r < own.length; r++) {
            if (own[r] == Column.MISSING || width == 0) {
                continue;
            }
            int e = Embeddings.checkId(NAME, own[r], entities, r, target);
            int have = counts == null ? width : counts[e];
            int take = Math.min(perRow, have);
            // partial Fisher-Yates over the entity's neighbours: distinct picks, uniform among them
            System.arraycopy(neighbors, e * width, scratch, 0, have);
            for (int j = 0; j < take; j++) {
                int pick = j + random.nextInt(have - j);
                int t = scratch[pick];
                scratch[pick] = scratch[j];
                scratch[j] = t;
                out[r * perRow + j] = t;
            }
        }
        return new Samples(out, perRow, target, true);
    }

    /** The neighbours of {@code entity} found by the last refresh, best first (for tests). */
    int[] neighborsOf(int entity) {
        return Arrays.copyOfRange(neighbors, entity * width, entity * width + (counts == null ? width : counts[entity]));
    }

    @Override
    public String toString() {
        return NAME + "[target=" + Params.label(target) + ", k=" + k + ", per_row=" + perRow
                + (counts != null ? ", space=interactions]" : ", refresh_every=" + refreshEvery + "]");
    }
}
