package io.mic.spark;

import io.mic.retrieval.store.RedisTableLoader;
import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableFiles;
import io.mic.retrieval.table.TableKind;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a build's serving tables into Redis from Spark partitions: the {@link RedisTableLoader}
 * protocol (register the version, write its hashes, one atomic {@code SET} of the live pointer, drop
 * the older versions) with the writes spread over tasks. The driver runs the first and last steps;
 * each task opens the tables (memory-mapped, from the artifacts directory, which must be on a file
 * system every executor reads at the same path) and writes its row range of one table with its own
 * pipelined connection.
 *
 * <p>Idempotent on retry: a task writes {@code HSET}s of fixed fields to fixed values, so a retried
 * task (or a speculative duplicate) leaves the same hash; a whole job run again after a failure starts
 * by dropping the partial version; a job run again after it committed finds the version live and
 * writes nothing (as {@code Recommenders.publishIfAbsent}). Readers never see a partial version.
 */
public final class SparkRedisLoad {
    private static final Logger LOG = LoggerFactory.getLogger(SparkRedisLoad.class);

    private SparkRedisLoad() {
    }

    /**
     * Where and how to write.
     *
     * @param uri              {@code redis://[user:password@]host:port[/db]}, reachable from every executor
     * @param prefix           the key prefix the serving side reads ({@code mic serve --store-prefix})
     * @param partitions       tasks per table (row ranges)
     * @param fieldsPerCommand hash fields per {@code HSET}
     * @param commandsPerSync  pipelined commands between waits for replies
     */
    public record Settings(URI uri, String prefix, int partitions, int fieldsPerCommand, int commandsPerSync) implements Serializable {
        public Settings {
            if (partitions < 1 || fieldsPerCommand < 1 || commandsPerSync < 1) {
                throw new IllegalArgumentException("partitions, fieldsPerCommand and commandsPerSync must be >= 1");
            }
        }

        /** 512 fields per HSET, 64 commands per sync (the single-JVM loader's defaults). */
        public static Settings of(URI uri, String prefix, int partitions) {
            return new Settings(uri, prefix, partitions, 512, 64);
        }

        RedisTableLoader loader() {
            return new RedisTableLoader(uri, prefix, 30_000, fieldsPerCommand, commandsPerSync);
        }
    }

    /**
     * Publishes the tables under {@code tablesDir} (a table root with {@code CURRENT}, e.g. an
     * artifacts directory's {@code tables/}) unless their version is already live.
     *
     * @return true when it loaded, false when the version was already live
     */
    public static boolean publishIfAbsent(JavaSparkContext sc, Path tablesDir, Settings s) throws IOException {
        NeighborTables tables = TableFiles.open(tablesDir, 0, true);
        RedisTableLoader driver = s.loader();
        long version = tables.version();
        if (driver.liveVersion() == version) {
            LOG.info("redis {}: version {} is already live, nothing to load", s.prefix(), version);
            return false;
        }
        driver.begin(version);
        List<int[]> ranges = new ArrayList<>();
        for (TableKind k : TableKind.values()) {
            int n = tables.table(k).rows();
            int parts = Math.max(1, Math.min(s.partitions(), n));
            for (int i = 0; i < parts; i++) {
                ranges.add(new int[] {k.ordinal(), (int) ((long) n * i / parts), (int) ((long) n * (i + 1) / parts)});
            }
        }
        String dir = tablesDir.toAbsolutePath().toString();
        long commands = sc.parallelize(ranges, ranges.size()).map(r -> write(dir, s, version, r)).reduce(Long::sum);
        driver.commit(tables);
        LOG.info("redis {}: version {} loaded by {} tasks, {} HSET commands", s.prefix(), version, ranges.size(), commands);
        return true;
    }

    /** Runs on an executor: one row range of one table. */
    static long write(String dir, Settings s, long version, int[] range) {
        TableKind kind = TableKind.values()[range[0]];
        NeighborTables t;
        try {
            t = TableFiles.open(Path.of(dir), 0, false);
        } catch (IOException e) {
            throw new UncheckedIOException("opening the tables in " + dir, e);
        }
        if (t.version() != version) {
            throw new IllegalStateException(dir + " now holds version " + t.version() + ", the load began with " + version);
        }
        return s.loader().writeRows(version, kind, t.table(kind), range[1], range[2]);
    }
}
