package io.mic.spark;

import io.mic.core.io.EmbeddingExport;
import io.mic.core.io.MappedVectors;
import io.mic.retrieval.serve.PluginRef;
import io.mic.retrieval.serve.ServingArtifacts;
import io.mic.retrieval.table.HeapTable;
import io.mic.retrieval.table.NeighborTableBuilder;
import io.mic.retrieval.table.NeighborTables;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The neighbour-table step of {@link ServingArtifacts#write} on Spark: the same tables
 * {@link ServingArtifacts#LOCAL_TABLES} builds, with the searches spread over partitions.
 *
 * <p>Per table: the index over all rows is built once on the driver by the configured plugin (the
 * item index is the one the artifacts keep; the user index is built like {@code mic index} builds
 * it), saved, broadcast as files ({@link BroadcastIndex}) and reopened once per executor JVM; the
 * rows are cut into contiguous ranges, one per partition; each task maps the model's embedding
 * export (the {@code vectors/} directory, which must be readable at the same path on every executor:
 * a shared file system), copies its rows and runs {@link NeighborTableBuilder#similarRows} over them;
 * the driver collects the slices and assembles the table. The recent-items table needs
 * only the history and is built on the driver. So every searched row is searched by the same index
 * with the same query as in one JVM: for a deterministic index (exact) the tables are identical.
 */
final class SparkTables implements ServingArtifacts.TableStep {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTables.class);

    private final JavaSparkContext sc;
    private final PluginRef index;
    private final int partitions;
    private final StageTimer timer;

    SparkTables(JavaSparkContext sc, PluginRef index, int partitions, StageTimer timer) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.sc = sc;
        this.index = index;
        this.partitions = partitions;
        this.timer = timer;
    }

    @Override
    public NeighborTables build(ServingArtifacts.TableInputs in) throws IOException {
        NeighborTableBuilder.Params p = in.params();
        int users = in.users().entities();
        int items = in.items().rows();
        BroadcastIndex itemIndex = timer.time("broadcast item index", () -> BroadcastIndex.of(in.itemIndexDir(), index, users, items));
        HeapTable ii = timer.time("i2i table", () -> similar(in.vectorsDir(), "items", itemIndex, p.similarItems(), items));
        BroadcastIndex userIndex = timer.time("user index", () -> {
            Vectors pooled = NeighborTableBuilder.meanPool(in.users());
            VectorIndex idx = in.newIndex().get();
            idx.build(pooled);
            Path tmp = Files.createTempDirectory("mic-spark-user-index-");
            try {
                idx.save(tmp);
                return BroadcastIndex.of(tmp, index, users, items);
            } finally {
                try (var s = Files.walk(tmp)) {
                    for (Path f : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        });
        HeapTable uu = timer.time("u2u table", () -> similar(in.vectorsDir(), "users", userIndex, p.similarUsers(), users));
        HeapTable recent = timer.time("history table", () -> NeighborTableBuilder.recentItems(in.history(), p.recentItems()));
        itemIndex.evict();
        userIndex.evict();
        return new NeighborTables(in.version(), users, items, in.users().dim(), in.items().dim(), in.indexId(), uu, ii, recent);
    }

    /** The table of up to {@code m} neighbours of each of the {@code n} entities of set {@code set}, searched on the executors. */
    private HeapTable similar(Path vectorsDir, String set, BroadcastIndex idx, int m, int n) {
        LOG.info("{}: {} rows in {} partitions, index {} MB broadcast", set, n, partitions, idx.bytes() >> 20);
        Broadcast<BroadcastIndex> bc = sc.broadcast(idx);
        List<int[]> ranges = new ArrayList<>();
        int parts = Math.max(1, Math.min(partitions, n));
        for (int i = 0; i < parts; i++) {
            ranges.add(new int[] {(int) ((long) n * i / parts), (int) ((long) n * (i + 1) / parts)});
        }
        String dir = vectorsDir.toAbsolutePath().toString();
        int[] ids = new int[n * m];
        float[] scores = new float[n * m];
        int[] counts = new int[n];
        if (m > 0 && n > 0) {
            // collect, not toLocalIterator: the latter runs one job per partition, one after another
            List<Slice> slices = sc.parallelize(ranges, parts).map(r -> Slice.search(dir, set, bc.value(), m, r[0], r[1])).collect();
            for (Slice s : slices) {
                int len = s.to - s.from;
                System.arraycopy(s.ids, 0, ids, s.from * m, len * m);
                System.arraycopy(s.scores, 0, scores, s.from * m, len * m);
                System.arraycopy(s.counts, 0, counts, s.from, len);
            }
        }
        bc.destroy();
        return NeighborTableBuilder.compact(n, m, counts, ids, scores);
    }

    /** One partition's result: rows {@code [from, to)}, strided {@code m} per row. */
    static final class Slice implements Serializable {
        private static final long serialVersionUID = 1L;
        final int from;
        final int to;
        final int[] counts;
        final int[] ids;
        final float[] scores;

        private Slice(int from, int to, int[] counts, int[] ids, float[] scores) {
            this.from = from;
            this.to = to;
            this.counts = counts;
            this.ids = ids;
            this.scores = scores;
        }

        /** Runs on an executor: maps set {@code set} of the export in {@code dir}, searches rows {@code [from, to)}. */
        static Slice search(String dir, String set, BroadcastIndex idx, int m, int from, int to) {
            VectorIndex index = idx.open();
            Vectors q;
            try (MappedVectors mv = EmbeddingExport.open(Path.of(dir), false).map(set)) {
                int k = mv.interests();
                q = NeighborTableBuilder.meanPool(mv.copy((long) from * k, (long) to * k));
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + set + " rows " + from + ".." + to + " of " + dir, e);
            }
            int len = to - from;
            int[] ids = new int[len * m];
            float[] scores = new float[len * m];
            int[] counts = new int[len];
            NeighborTableBuilder.similarRows(q, 0, len, from, index, m, ids, scores, counts, 0);
            return new Slice(from, to, counts, ids, scores);
        }
    }
}
