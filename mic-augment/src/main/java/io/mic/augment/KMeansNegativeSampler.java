package io.mic.augment;

import io.mic.core.data.UserItemSet;
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
 * The MIC paper's hard negatives: on {@link #refresh}, k-means++ seeding plus Lloyd iterations
 * over the current embeddings of every user (or item); on {@link #sample}, for each slot of a row,
 * a uniformly random non-empty cluster other than the cluster of the row's own user (or item),
 * then a uniformly random member of it. A slot is {@link Column#MISSING} for a {@code MISSING} row
 * id or when fewer than two clusters are non-empty.
 *
 * <p>With {@code warm} (the split holds cold items, {@code cold_items}; target item) only the warm
 * items are clustered, so a cold item is never a member, never drawn, and its embedding does not
 * move the centroids. Without cold items the draws are exactly those of the sampler before.
 *
 * <p>With {@code exclusion} (the default, {@code exclude_train_items}) a draw that is one of the row
 * user's training items (target user: one of the row item's training users) is redrawn (cluster
 * and member), up to {@link WarmItems#SAMPLER_MAX_DRAWS} times, which samples from the same distribution restricted
 * to the ids the user has not interacted with; when every draw hits that set the last draw is
 * accepted and counted in {@code sampler.kmeans-negative.capped}. Without it (false) a slot takes
 * the first draw, exactly the draws of the sampler before the exclusion existed.
 *
 * <p>Refresh costs O(n · clusters · dim · (iterations + 1)) over a bounded pool of
 * {@code threads}, drawing the seeds from the refresh generator; it keeps only the assignment and
 * the members grouped by cluster. Single-threaded use, per the {@link Sampler} contract.
 */
final class KMeansNegativeSampler implements Sampler {
    private static final String NAME = "kmeans-negative";

    private final int clusters;
    private final int iterations;
    private final int perRow;
    private final int refreshEvery;
    private final Samples.Target target;
    private final int threads;
    private final MetricsSink metrics;
    private final UserItemSet exclusion;
    /** The split's warm items when it holds cold items (target item only), else null: cold items are never clustered nor drawn. */
    private final WarmItems warm;

    private int[] assignment;
    /** Members grouped by cluster, CSR: cluster {@code c} owns {@code members[start[c] .. start[c+1])}. */
    private int[] start;
    private int[] members;
    /** Non-empty clusters, and each cluster's position in that list ({@code -1} when empty). */
    private int[] nonEmpty;
    private int[] position;

    KMeansNegativeSampler(int clusters, int iterations, int perRow, int refreshEvery, Samples.Target target, int threads,
            UserItemSet exclusion, WarmItems warm, MetricsSink metrics) {
        this.exclusion = exclusion;
        this.warm = warm;
        this.clusters = clusters;
        this.iterations = iterations;
        this.perRow = perRow;
        this.refreshEvery = refreshEvery;
        this.target = target;
        this.threads = threads;
        this.metrics = metrics;
    }

    @Override
    public int refreshEvery() {
        return refreshEvery;
    }

    @Override
    public void refresh(Vectors users, Vectors items, RandomGenerator random) {
        Vectors v = Embeddings.of(NAME, target, users, items);
        long t0 = System.nanoTime();
        KMeansPlusPlus.Result result;
        // with cold items only the warm rows are clustered (cluster i's member r is warm id ids[r])
        int[] ids = warm == null ? null : warm.ids();
        float[] x = warm == null ? v.values() : warm.warmRows(v.values(), v.dim());
        int n = ids == null ? v.rows() : ids.length;
        try (Parallel parallel = new Parallel(threads, NAME)) {
            result = KMeansPlusPlus.fit(x, n, v.dim(), clusters, iterations, random, parallel);
        }
        int k = result.k();
        int[] a = result.assignment();
        int[] s = new int[k + 1];
        for (int c : a) {
            s[c + 1]++;
        }
        for (int c = 0; c < k; c++) {
            s[c + 1] += s[c];
        }
        int[] m = new int[a.length];
        int[] cursor = Arrays.copyOf(s, k);
        for (int i = 0; i < a.length; i++) {
            m[cursor[a[i]]++] = ids == null ? i : ids[i];
        }
        if (ids != null) {
            int[] full = new int[v.rows()];
            Arrays.fill(full, -1);
            for (int i = 0; i < a.length; i++) {
                full[ids[i]] = a[i];
            }
            a = full;
        }
        int[] pos = new int[k];
        int[] ne = new int[k];
        int count = 0;
        for (int c = 0; c < k; c++) {
            pos[c] = s[c + 1] > s[c] ? count : -1;
            if (pos[c] >= 0) {
                ne[count++] = c;
            }
        }
        assignment = a;
        start = s;
        members = m;
        nonEmpty = Arrays.copyOf(ne, count);
        position = pos;
        metrics.record("sampler.kmeans-negative.refresh_ns", System.nanoTime() - t0);
        metrics.record("sampler.kmeans-negative.iterations", result.iterations());
        metrics.record("sampler.kmeans-negative.nonempty_clusters", count);
    }

    @Override
    public Optional<Role> role() {
        return Optional.of(new Role(target, false, perRow));
    }

    @Override
    public Samples sample(int[] users, int[] items, RandomGenerator random) {
        if (assignment == null) {
            throw new IllegalStateException(NAME + ": refresh() was never called; the trainer must refresh the sampler with the "
                    + "current embeddings before the first sample()");
        }
        int[] own = Params.own(target, users, items);
        int[] key = Params.other(target, users, items);
        int[] out = new int[own.length * perRow];
        Arrays.fill(out, Column.MISSING);
        int others = nonEmpty.length - 1;
        int capped = 0;
        for (int r = 0; r < own.length; r++) {
            if (own[r] == Column.MISSING || others < 1) {
                continue;
            }
            int e = Embeddings.checkId(NAME, own[r], assignment.length, r, target);
            // a cold row id (never a training positive) has no cluster: draw from every non-empty one
            int home = assignment[e] < 0 ? -1 : position[assignment[e]];
            int choices = home < 0 ? nonEmpty.length : others;
            for (int j = 0; j < perRow; j++) {
                int s = Column.MISSING;
                for (int attempt = 0; attempt < WarmItems.SAMPLER_MAX_DRAWS; attempt++) {
                    int t = random.nextInt(choices);
                    int c = nonEmpty[home >= 0 && t >= home ? t + 1 : t];
                    s = members[start[c] + random.nextInt(start[c + 1] - start[c])];
                    if (exclusion == null || !exclusion.contains(key[r], s)) {
                        break;
                    }
                    if (attempt == WarmItems.SAMPLER_MAX_DRAWS - 1) {
                        capped++;
                    }
                }
                out[r * perRow + j] = s;
            }
        }
        if (capped > 0) {
            metrics.count("sampler.kmeans-negative.capped", capped);
        }
        return new Samples(out, perRow, target, false);
    }

    /** Cluster of every entity from the last refresh (a copy; -1 for a cold item), or {@code null} before it; for tests. */
    int[] assignment() {
        return assignment == null ? null : assignment.clone();
    }

    @Override
    public String toString() {
        return NAME + "[target=" + Params.label(target) + ", clusters=" + clusters + ", iterations=" + iterations + ", per_row="
                + perRow + ", refresh_every=" + refreshEvery + ", exclude_train_items=" + (exclusion != null) + "]";
    }
}
