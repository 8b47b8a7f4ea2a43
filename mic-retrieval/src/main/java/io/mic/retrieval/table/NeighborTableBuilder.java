package io.mic.retrieval.table;

import io.mic.core.data.InteractionMatrix;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The core of the batch job: from one model's user and item vectors and the interaction log,
 * builds the serving tables: M1 similar users per user and M3 similar items per item (through a
 * {@link VectorIndex}, the row itself excluded), and each user's M most recent distinct items.
 *
 * <p>Multi-interest user vectors ({@code interests > 1}) are mean-pooled into one vector per user
 * for the user-user table. "Most recent" follows {@link InteractionMatrix} order: time order when
 * the data has timestamps, else source order (the last listed counts as the most recent).
 *
 * <p>Neighbour searches run on {@code threads} threads (the index must be thread-safe, as the SPI
 * requires). Stateless; every call builds a new {@link NeighborTables} of {@link HeapTable}s.
 */
public final class NeighborTableBuilder {
    private NeighborTableBuilder() {
    }

    /**
     * Table widths and parallelism.
     *
     * @param similarUsers M1, neighbours kept per user
     * @param similarItems M3, neighbours kept per item
     * @param recentItems  M, recent items kept per user
     * @param threads      search threads
     */
    public record Params(int similarUsers, int similarItems, int recentItems, int threads) {
        public Params {
            if (similarUsers < 0 || similarItems < 0 || recentItems < 0 || threads < 1) {
                throw new IllegalArgumentException("bad table params M1=" + similarUsers + " M3=" + similarItems + " M="
                        + recentItems + " threads=" + threads);
            }
        }
    }

    /**
     * Builds all three tables, creating one index for the users and one for the items with
     * {@code newIndex}.
     *
     * @param indexId {@code name/version} of the index plugin, recorded in the manifest
     * @param version the version stamped on the tables
     */
    public static NeighborTables build(Vectors users, Vectors items, InteractionMatrix interactions, Supplier<VectorIndex> newIndex,
            String indexId, long version, Params params) {
        Vectors pooled = meanPool(users);
        VectorIndex userIndex = newIndex.get();
        userIndex.build(pooled);
        VectorIndex itemIndex = newIndex.get();
        itemIndex.build(items);
        return build(pooled, userIndex, items, itemIndex, interactions, indexId, version, params);
    }

    /**
     * Builds all three tables with indexes already built over {@code users} (one row per user) and
     * {@code items} (the batch job reuses its serving item index here).
     */
    public static NeighborTables build(Vectors users, VectorIndex userIndex, Vectors items, VectorIndex itemIndex,
            InteractionMatrix interactions, String indexId, long version, Params params) {
        if (users.interests() != 1) {
            throw new IllegalArgumentException("user vectors have " + users.interests() + " interests; mean-pool them first");
        }
        if (items.interests() != 1) {
            throw new IllegalArgumentException("item vectors must have one row per item, got interests=" + items.interests());
        }
        if (users.rows() != interactions.numUsers() || items.rows() != interactions.numItems()) {
            throw new IllegalArgumentException("vectors (" + users.rows() + " users, " + items.rows() + " items) do not match "
                    + "the interactions (" + interactions.numUsers() + " users, " + interactions.numItems() + " items)");
        }
        if (userIndex.size() != users.rows() || itemIndex.size() != items.rows()) {
            throw new IllegalArgumentException("indexes hold " + userIndex.size() + " / " + itemIndex.size()
                    + " rows, vectors " + users.rows() + " / " + items.rows() + ": build them over these vectors");
        }
        HeapTable uu = similar(users, userIndex, params.similarUsers(), params.threads());
        HeapTable ii = similar(items, itemIndex, params.similarItems(), params.threads());
        HeapTable recent = recentItems(interactions, params.recentItems());
        return new NeighborTables(version, users.rows(), items.rows(), users.dim(), items.dim(), indexId, uu, ii, recent);
    }

    /** One vector per entity: the mean of its interest vectors (the input itself when interests = 1). */
    public static Vectors meanPool(Vectors v) {
        int k = v.interests();
        if (k == 1) {
            return v;
        }
        int n = v.entities();
        int dim = v.dim();
        float[] out = new float[n * dim];
        float[] in = v.values();
        for (int e = 0; e < n; e++) {
            for (int j = 0; j < k; j++) {
                int o = (e * k + j) * dim;
                for (int d = 0; d < dim; d++) {
                    out[e * dim + d] += in[o + d];
                }
            }
            for (int d = 0; d < dim; d++) {
                out[e * dim + d] /= k;
            }
        }
        return Vectors.of(out, dim);
    }

    /** Up to {@code m} nearest other rows of each row of {@code v}, best first. */
    public static HeapTable similar(Vectors v, VectorIndex index, int m, int threads) {
        int n = v.rows();
        int[] ids = new int[n * m];
        float[] scores = new float[n * m];
        int[] counts = new int[n];
        if (m > 0 && n > 0) {
            forEachChunk(n, threads, (from, to) -> similarRows(v, from, to, from, index, m, ids, scores, counts, from));
        }
        return compact(n, m, counts, ids, scores);
    }

    /**
     * The neighbour search for a slice of rows (what {@link #similar} runs per chunk, and a
     * distributed job per partition): for each row {@code r} of {@code queries} in
     * {@code [from, to)}, which is row {@code r + firstId - from} of the index (excluded from its own
     * neighbours), up to {@code m} nearest rows best first, written strided to output row
     * {@code slot = outFrom + r - from}: ids and scores at {@code slot * m}, the count at {@code slot}.
     */
    public static void similarRows(Vectors queries, int from, int to, int firstId, VectorIndex index, int m, int[] ids, float[] scores,
            int[] counts, int outFrom) {
        int[] bi = new int[m + 1];
        float[] bs = new float[m + 1];
        for (int r = from; r < to; r++) {
            int self = firstId + r - from;
            int got = index.search(queries.values(), queries.offset(r), m + 1, bi, bs);
            int slot = outFrom + r - from;
            int o = slot * m;
            int w = 0;
            for (int j = 0; j < got && w < m; j++) {
                if (bi[j] != self) {
                    ids[o + w] = bi[j];
                    scores[o + w] = bs[j];
                    w++;
                }
            }
            counts[slot] = w;
        }
    }

    /** Each user's {@code m} most recent distinct items, most recent first. */
    public static HeapTable recentItems(InteractionMatrix x, int m) {
        int n = x.numUsers();
        int[] ids = new int[n * m];
        int[] counts = new int[n];
        int[] items = x.items();
        for (int u = 0; u < n; u++) {
            int w = 0;
            for (int p = x.end(u) - 1; p >= x.start(u) && w < m; p--) {
                int it = items[p];
                boolean dup = false;
                for (int j = 0; j < w; j++) {
                    if (ids[u * m + j] == it) {
                        dup = true;
                        break;
                    }
                }
                if (!dup) {
                    ids[u * m + w++] = it;
                }
            }
            counts[u] = w;
        }
        return compact(n, m, counts, ids, null);
    }

    /**
     * A table of {@code n} rows from strided output ({@code m} slots per row, {@code counts[r]} of
     * them used, as {@link #similarRows} writes); {@code stridedScores} null for an unscored table.
     */
    public static HeapTable compact(int n, int m, int[] counts, int[] strided, float[] stridedScores) {
        int[] offsets = new int[n + 1];
        for (int r = 0; r < n; r++) {
            offsets[r + 1] = offsets[r] + counts[r];
        }
        int total = offsets[n];
        int[] ids = new int[total];
        float[] scores = stridedScores == null ? null : new float[total];
        for (int r = 0; r < n; r++) {
            System.arraycopy(strided, r * m, ids, offsets[r], counts[r]);
            if (scores != null) {
                System.arraycopy(stridedScores, r * m, scores, offsets[r], counts[r]);
            }
        }
        return new HeapTable(n, m, offsets, ids, scores);
    }

    @FunctionalInterface
    private interface RangeBody {
        void run(int from, int to);
    }

    private static void forEachChunk(int n, int threads, RangeBody body) {
        if (threads == 1 || n < 1024) {
            body.run(0, n);
            return;
        }
        int chunk = Math.max(256, n / (threads * 8));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mic-neighbor-tables");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int from = 0; from < n; from += chunk) {
                int f = from;
                int to = Math.min(n, from + chunk);
                fs.add(pool.submit(() -> body.run(f, to)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("neighbour table build interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("neighbour search failed", c);
        } finally {
            pool.shutdownNow();
        }
    }
}
