package io.mic.spark;

import io.mic.core.io.EmbeddingExport;
import io.mic.core.io.MappedVectors;
import io.mic.retrieval.serve.PluginRef;
import io.mic.retrieval.serve.ServingArtifacts;
import io.mic.core.io.AtomicFiles;
import io.mic.retrieval.table.HeapTable;
import io.mic.retrieval.table.MappedTable;
import io.mic.retrieval.table.NeighborTableBuilder;
import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableFiles;
import io.mic.retrieval.table.TableReader;
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
 * it) and handed to the tasks by a small broadcast handle ({@link BroadcastIndex}: the driver's own
 * object under {@code local[N]}, the saved files on a cluster, loaded once per executor JVM); the
 * rows are cut into contiguous ranges, one per partition; each task maps the model's embedding
 * export (the {@code vectors/} directory, which must be readable at the same path on every executor:
 * a shared file system), copies its rows and runs {@link NeighborTableBuilder#similarRows} over them;
 * each task writes its slice as a table file and the driver streams the parts into the artifact (see
 * {@link #similar}). The recent-items table needs
 * only the history and is built on the driver. So every searched row is searched by the same index
 * with the same query as in one JVM: for a deterministic index (exact) the tables are identical.
 * When {@link ServingArtifacts#write} asks for no similar items (M3 0: it fills that table from
 * the model's own neighbour lists) the item index is neither broadcast nor searched.
 */
final class SparkTables implements ServingArtifacts.TableStep {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTables.class);

    private final JavaSparkContext sc;
    private final PluginRef index;
    private final int partitions;
    private final StageTimer timer;
    private final Path partsDir;
    private final BroadcastIndex.Handoff handoff;

    /** Part files inside the staged artifacts directory, index handoff {@code AUTO}. */
    SparkTables(JavaSparkContext sc, PluginRef index, int partitions, StageTimer timer) {
        this(sc, index, partitions, timer, null, BroadcastIndex.Handoff.AUTO);
    }

    /**
     * @param partsDir where the tasks write the part files of each table (see {@link SparkIndexJob.Settings#partsDir});
     *                 null = inside the staged artifacts directory
     * @param handoff  how the tasks get the item and user indexes ({@link BroadcastIndex.Handoff})
     */
    SparkTables(JavaSparkContext sc, PluginRef index, int partitions, StageTimer timer, Path partsDir, BroadcastIndex.Handoff handoff) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.sc = sc;
        this.index = index;
        this.partitions = partitions;
        this.timer = timer;
        this.partsDir = partsDir;
        this.handoff = java.util.Objects.requireNonNull(handoff, "handoff");
    }

    @Override
    public NeighborTables build(ServingArtifacts.TableInputs in) throws IOException {
        NeighborTableBuilder.Params p = in.params();
        int users = in.users().entities();
        int items = in.items().rows();
        Path partsRoot = partsDir != null ? Files.createDirectories(partsDir.toAbsolutePath())
                : in.itemIndexDir().toAbsolutePath().getParent();
        boolean files = handoff.resolve(sc.isLocal()) == BroadcastIndex.Handoff.FILES;
        BroadcastIndex itemIndex;
        TableReader ii;
        if (p.similarItems() > 0) {
            // the item index is already saved inside the staged artifacts: the tasks read those files, or the driver's object
            itemIndex = timer.time("broadcast item index", () -> files ? BroadcastIndex.saved(in.itemIndexDir(), index, users, items)
                    : BroadcastIndex.inJvm(in.itemIndex(), index, users, items));
            try {
                ii = timer.time("i2i table", () -> similar(in.vectorsDir(), partsRoot, "items", itemIndex, p.similarItems(), items));
            } finally {
                itemIndex.evict();
            }
        } else {
            // M3 0: ServingArtifacts.write fills the similar-items table from the model's own lists; no item search, no broadcast
            ii = empty(items, 0);
        }
        Path userIndexDir = files ? Files.createTempDirectory(partsRoot, ".spark-user-index-") : null;
        try {
            BroadcastIndex userIndex = timer.time("user index", () -> {
                VectorIndex idx = in.newIndex().get();
                idx.build(NeighborTableBuilder.meanPool(in.users()));
                if (!files) {
                    return BroadcastIndex.inJvm(idx, index, users, items);
                }
                // saved where the executors read it; the driver's copy is dropped here
                idx.save(userIndexDir);
                return BroadcastIndex.saved(userIndexDir, index, users, items);
            });
            TableReader uu;
            try {
                uu = timer.time("u2u table", () -> similar(in.vectorsDir(), partsRoot, "users", userIndex, p.similarUsers(), users));
            } finally {
                userIndex.evict();
            }
            HeapTable recent = timer.time("history table", () -> NeighborTableBuilder.recentItems(in.history(), p.recentItems()));
            return new NeighborTables(in.version(), users, items, in.users().dim(), in.items().dim(), in.indexId(), uu, ii, recent);
        } finally {
            if (userIndexDir != null) {
                AtomicFiles.deleteTree(userIndexDir);
            }
        }
    }

    /**
     * The table of up to {@code m} neighbours of each of the {@code n} entities of set {@code set},
     * searched on the executors. Each task compacts its rows into a table file of its own (written
     * atomically into a temporary directory inside {@code partsRoot}: the parts directory, by default
     * the staged artifacts; on a cluster it must be on a shared file system, like the export); the driver maps the part files and returns them as
     * one {@link PartsTable}, which {@code TableFiles.writeTable} then streams into the artifact in row
     * order. The driver never holds the table on its heap (it used to hold the strided arrays, every
     * collected slice and the compacted copy: about 3x the table). The part files are unlinked once
     * mapped; the mappings stay readable until the table is dropped.
     */
    private TableReader similar(Path vectorsDir, Path partsRoot, String set, BroadcastIndex idx, int m, int n) throws IOException {
        LOG.info("{}: {} rows in {} partitions, index handed over {}", set, n, partitions, idx.fromFiles() ? "as saved files" : "in the driver JVM");
        if (m <= 0 || n <= 0) {
            return empty(n, m);
        }
        Broadcast<BroadcastIndex> bc = sc.broadcast(idx);
        List<int[]> ranges = new ArrayList<>();
        int parts = Math.max(1, Math.min(partitions, n));
        for (int i = 0; i < parts; i++) {
            ranges.add(new int[] {(int) ((long) n * i / parts), (int) ((long) n * (i + 1) / parts), i});
        }
        String dir = vectorsDir.toAbsolutePath().toString();
        Path partsDir = Files.createTempDirectory(partsRoot, ".spark-" + set + "-parts-");
        String out = partsDir.toAbsolutePath().toString();
        try {
            // collect only the part file names, not the rows (toLocalIterator would run the partitions one after another)
            List<String> files = sc.parallelize(ranges, parts)
                    .map(r -> Slice.searchToFile(dir, set, bc.value(), m, r[0], r[1], Path.of(out, String.format("part-%05d.tbl", r[2]))))
                    .collect();
            int[] starts = new int[files.size() + 1];
            TableReader[] tables = new TableReader[files.size()];
            List<Path> paths = new ArrayList<>();
            for (int i = 0; i < tables.length; i++) {
                paths.add(Path.of(files.get(i)));
                tables[i] = MappedTable.open(paths.get(i));
                starts[i + 1] = starts[i] + tables[i].rows();
            }
            return new PartsTable(m, starts, tables, paths);
        } finally {
            bc.destroy();
            AtomicFiles.deleteTree(partsDir);
        }
    }

    /** A table of {@code n} empty rows, {@code m} wide. */
    private static TableReader empty(int n, int m) {
        return NeighborTableBuilder.compact(n, m, new int[n], new int[0], new float[0]);
    }

    /**
     * Rows of several tables one after another, as one table (read-only; the parts are not copied).
     * Thread-safe like every {@link TableReader}; tuned for {@code TableFiles.writeTable}, which reads
     * every row in order in each of its three passes (offsets, ids, scores): the part of the last
     * lookup is kept and stepped to the next part when a row passes its end, so a pass costs one step
     * per part instead of a binary search per entry (other reads still search).
     */
    static final class PartsTable implements TableReader {
        private final int width;
        private final int[] starts;
        private final TableReader[] parts;
        private final List<Path> files;
        private final long entries;
        // the part of the last lookup: a hint only, always re-checked against starts, so a stale value
        // written by another thread costs a search, never a wrong row (an int field is read and written whole)
        private int hint;

        /** @param files where the tasks wrote the parts (unlinked by now; kept to say where they went) */
        PartsTable(int width, int[] starts, TableReader[] parts, List<Path> files) {
            this.width = width;
            this.starts = starts;
            this.parts = parts;
            this.files = List.copyOf(files);
            long e = 0;
            for (TableReader t : parts) {
                if (!t.scored() || t.width() > width) {
                    throw new IllegalArgumentException("part tables must be scored and at most " + width + " wide");
                }
                e += t.entries();
            }
            this.entries = e;
        }

        /** Number of part tables. */
        int parts() {
            return parts.length;
        }

        /** The part files the tasks wrote, in row order. */
        List<Path> files() {
            return files;
        }

        /** The part holding {@code row} ({@code 0 <= row < rows()}): the last part starting at or before it. */
        private int part(int row) {
            int p = hint;
            if (row < starts[p] || row >= starts[Math.min(p + 2, parts.length)]) {
                // not in this part or the next: a new pass (row 0 again) or a random read; search
                p = java.util.Arrays.binarySearch(starts, 0, parts.length, row);
                if (p < 0) {
                    p = -p - 2;
                }
            }
            // forward to the last part starting at or before row (past empty parts and finished ones)
            while (p + 1 < parts.length && starts[p + 1] <= row) {
                p++;
            }
            hint = p;
            return p;
        }

        @Override
        public int rows() {
            return starts[parts.length];
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public boolean scored() {
            return true;
        }

        @Override
        public long entries() {
            return entries;
        }

        @Override
        public int count(int row) {
            if (row < 0 || row >= rows()) {
                return 0;
            }
            int p = part(row);
            return parts[p].count(row - starts[p]);
        }

        @Override
        public int id(int row, int j) {
            int p = part(row);
            return parts[p].id(row - starts[p], j);
        }

        @Override
        public float score(int row, int j) {
            int p = part(row);
            return parts[p].score(row - starts[p], j);
        }
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

        /** Runs on an executor: {@link #search}, then writes the rows compacted as table file {@code file}; returns its path. */
        static String searchToFile(String dir, String set, BroadcastIndex idx, int m, int from, int to, Path file) {
            Slice s = search(dir, set, idx, m, from, to);
            try {
                TableFiles.writeTable(file, NeighborTableBuilder.compact(to - from, m, s.counts, s.ids, s.scores));
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + set + " rows " + from + ".." + to + " to " + file, e);
            }
            return file.toAbsolutePath().toString();
        }
    }
}
