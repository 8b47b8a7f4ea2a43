package io.mic.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.retrieval.store.RedisTableLoader;
import io.mic.retrieval.table.HeapTable;
import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableFiles;
import io.mic.retrieval.table.TableKind;
import io.mic.testkit.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The Spark Redis load against a real redis-server (started on a free loopback port, no mocks):
 * the keys it leaves equal those of the single-JVM {@link RedisTableLoader#publish} of the same
 * tables, also when tasks fail after writing and are retried, when an earlier failed job left a
 * partial version, and when the job is run again after it committed.
 */
class SparkRedisLoadTest {
    private static final int USERS = 700;
    private static final int ITEMS = 300;

    @TempDir
    static Path root;
    private static RedisServerProcess redis;
    private static JavaSparkContext sc;
    private static Path tablesDir;
    private static NeighborTables tables;

    @BeforeAll
    static void setUp() throws Exception {
        redis = RedisServerProcess.launch();
        // local[2, 3]: two threads, a failed task is retried up to 3 times
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,3]").setAppName("mic-spark-redis-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
        SplittableRandom rnd = new SplittableRandom(11);
        tables = new NeighborTables(42L, USERS, ITEMS, 8, 8, "exact/1", random(USERS, USERS, 6, true, rnd),
                random(ITEMS, ITEMS, 5, true, rnd), random(USERS, ITEMS, 9, false, rnd));
        tablesDir = root.resolve("tables");
        TableFiles.write(tablesDir, tables);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (sc != null) {
            sc.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Rows with 0..width random neighbours (some rows empty, which Redis stores as absent fields). */
    private static HeapTable random(int rows, int ids, int width, boolean scored, SplittableRandom rnd) {
        int[] off = new int[rows + 1];
        List<Integer> id = new ArrayList<>();
        List<Float> sc = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int n = rnd.nextInt(width + 1);
            for (int j = 0; j < n; j++) {
                id.add(rnd.nextInt(ids));
                sc.add((float) rnd.nextGaussian());
            }
            off[r + 1] = id.size();
        }
        float[] s = new float[sc.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = sc.get(i);
        }
        return new HeapTable(rows, width, off, id.stream().mapToInt(Integer::intValue).toArray(), scored ? s : null);
    }

    /** Every key under {@code {prefix}}, its name without the prefix, to its content (hashes as field -> hex value). */
    private static Map<String, Object> dump(String prefix) {
        Map<String, Object> out = new HashMap<>();
        try (Jedis j = new Jedis(redis.uri())) {
            String pre = "{" + prefix + "}";
            for (String k : j.keys(pre + ":*")) {
                String name = k.substring(pre.length());
                switch (j.type(k)) {
                    case "hash" -> {
                        Map<String, String> h = new HashMap<>();
                        j.hgetAll(k.getBytes(StandardCharsets.UTF_8)).forEach((f, v) -> h.put(new String(f, StandardCharsets.UTF_8),
                                java.util.HexFormat.of().formatHex(v)));
                        h.remove("loaded_at");
                        out.put(name, h);
                    }
                    case "set" -> out.put(name, j.smembers(k));
                    default -> out.put(name, j.get(k));
                }
            }
        }
        return out;
    }

    @Test
    void sparkLoadEqualsTheSingleJvmLoadAndIsIdempotent() throws Exception {
        new RedisTableLoader(redis.uri(), "one").publish(tables);
        Map<String, Object> want = dump("one");
        assertThat(want).containsKeys(":current", ":versions", ":v42:meta", ":v42:uu", ":v42:ii", ":v42:recent");

        SparkRedisLoad.Settings s = new SparkRedisLoad.Settings(redis.uri(), "spark", 4, 16, 3);
        assertThat(SparkRedisLoad.publishIfAbsent(sc, tablesDir, s)).isTrue();
        assertThat(dump("spark")).isEqualTo(want);
        // run again after it committed: nothing written, same keys
        assertThat(SparkRedisLoad.publishIfAbsent(sc, tablesDir, s)).isFalse();
        assertThat(dump("spark")).isEqualTo(want);

        // an earlier job failed half-way (a partial version 42 and one stray field), then the job runs whole
        SparkRedisLoad.Settings r = new SparkRedisLoad.Settings(redis.uri(), "retry", 5, 7, 2);
        RedisTableLoader partial = r.loader();
        partial.begin(42L);
        partial.writeRows(42L, TableKind.USER_USER, tables.userUser(), 0, USERS / 3);
        try (Jedis j = new Jedis(redis.uri())) {
            j.hset("{retry}:v42:ii", "999999", "stale");
        }
        // every task fails once after writing its rows and is retried by Spark (attempt 0 throws)
        String dir = tablesDir.toAbsolutePath().toString();
        List<int[]> ranges = new ArrayList<>();
        for (TableKind k : TableKind.values()) {
            int n = tables.table(k).rows();
            for (int i = 0; i < 5; i++) {
                ranges.add(new int[] {k.ordinal(), n * i / 5, n * (i + 1) / 5});
            }
        }
        partial.begin(42L);
        long commands = sc.parallelize(ranges, ranges.size()).map(x -> {
            long c = SparkRedisLoad.write(dir, r, 42L, x);
            if (TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("injected failure after the writes of rows " + x[1] + ".." + x[2]);
            }
            return c;
        }).reduce(Long::sum);
        assertThat(commands).isPositive();
        partial.commit(tables);
        assertThat(dump("retry")).isEqualTo(want);
    }
}
