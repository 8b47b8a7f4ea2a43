package io.mic.retrieval.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.retrieval.table.HeapTable;
import io.mic.retrieval.table.NeighborTables;
import io.mic.spi.NeighborStore;
import io.mic.spi.NeighborStore.Table;
import io.mic.spi.Neighbors;
import io.mic.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Against a real redis-server started on a free loopback port; no mocks. */
class RedisNeighborStoreTest {
    private static RedisServerProcess redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    private static RedisNeighborStore store(String prefix, int timeoutMs) {
        return new RedisNeighborStore(redis.uri(), prefix, timeoutMs, timeoutMs, 8);
    }

    /**
     * {@code rows} users and items; every entry's score equals the version, and row r's neighbours
     * are r+1 .. r+width (mod rows), so a reader can check both which version answered and that the
     * row is whole.
     */
    static NeighborTables uniform(long version, int rows, int width) {
        int[] off = new int[rows + 1];
        int[] ids = new int[rows * width];
        float[] sc = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            off[r + 1] = off[r] + width;
            for (int j = 0; j < width; j++) {
                ids[r * width + j] = (r + 1 + j) % rows;
                sc[r * width + j] = version;
            }
        }
        HeapTable t = new HeapTable(rows, width, off, ids, sc);
        HeapTable recent = new HeapTable(rows, width, off, ids.clone(), null);
        return new NeighborTables(version, rows, rows, 4, 4, "exact/1", t, t, recent);
    }

    @Test
    void roundTripOfAllThreeTables() {
        NeighborTables t = MemoryNeighborStoreTest.handBuilt(5);
        new RedisTableLoader(redis.uri(), "rt").publish(t);
        MemoryNeighborStore expected = new MemoryNeighborStore(t);
        try (RedisNeighborStore s = store("rt", 1000)) {
            for (Table table : Table.values()) {
                for (int id = -1; id < 5; id++) {
                    Neighbors a = expected.neighbors(table, id, 10);
                    Neighbors b = s.neighbors(table, id, 10);
                    assertThat(b.ids()).containsExactly(a.ids());
                    assertThat(b.scores()).containsExactly(a.scores());
                }
            }
            for (int u = 0; u < 3; u++) {
                assertThat(s.recentItems(u, 10)).containsExactly(expected.recentItems(u, 10));
                assertThat(s.recentItems(u, 1)).containsExactly(expected.recentItems(u, 1));
            }
            Neighbors[] batch = s.neighbors(Table.ITEM_ITEM, new int[] {2, 0, 9}, 3, 1);
            assertThat(batch[0].ids()).containsExactly(0);
            assertThat(batch[1].ids()).containsExactly(1);
            assertThat(batch[2].size()).isZero();
            assertThat(s.servedVersion()).isEqualTo(5);
        }
    }

    /** Issue 21 #1: no published version is an unavailable store, never silently empty tables. */
    @Test
    void unpublishedPrefixIsUnavailableNotEmpty() {
        try (RedisNeighborStore s = store("nothing-here", 1000)) {
            assertThatThrownBy(() -> s.neighbors(Table.USER_USER, 1, 5)).isInstanceOf(NeighborStore.StoreUnavailableException.class)
                    .hasMessageContaining("holds no table version");
            assertThatThrownBy(() -> s.recentItems(1, 5)).isInstanceOf(NeighborStore.StoreUnavailableException.class);
            assertThat(s.problem()).contains("holds no table version");
        }
    }

    /** Issue 21 #1: the live version's keys evicted or deleted is a loss too; with a source the store republishes it. */
    @Test
    void lostVersionIsReportedAndRepublishedFromTheSource() throws Exception {
        NeighborTables t = uniform(7, 10, 2);
        new RedisTableLoader(redis.uri(), "lost").publish(t);
        try (RedisNeighborStore s = new RedisNeighborStore(redis.uri(), "lost", 1000, 1000, 4, t); Jedis admin = new Jedis(redis.uri())) {
            assertThat(s.neighbors(Table.USER_USER, 1, 2).scores()).containsExactly(7f, 7f);
            admin.del("{lost}:v7:meta", "{lost}:v7:uu");
            assertThatThrownBy(() -> s.neighbors(Table.USER_USER, 1, 2)).isInstanceOf(NeighborStore.StoreUnavailableException.class)
                    .hasMessageContaining("lost the tables of version 7");
            // the version pointer is still there: republishing is only for an empty server, so this one is reported, not reloaded
            assertThat(s.problem()).contains("lost the tables of version 7");
            admin.del("{lost}:current");
            String p = s.problem();
            for (int i = 0; i < 50 && p != null; i++) {
                Thread.sleep(100);
                p = s.problem();
            }
            assertThat(p).isNull();
            assertThat(s.neighbors(Table.USER_USER, 1, 2).scores()).containsExactly(7f, 7f);
        }
    }

    @Test
    void readersDuringReloadsSeeOneWholeVersionAndOldVersionsAreDeleted() throws Exception {
        int rows = 3000;
        int width = 8;
        RedisTableLoader loader = new RedisTableLoader(redis.uri(), "switch", 10_000, 64, 16);
        loader.publish(uniform(1, rows, width));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        java.util.Set<Float> versionsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int seed = t;
            Thread th = new Thread(() -> {
                try (RedisNeighborStore s = store("switch", 5000)) {
                    int[] ids = new int[64];
                    int round = 0;
                    while (running.get()) {
                        for (int i = 0; i < ids.length; i++) {
                            ids[i] = (seed * 7919 + round * 64 + i * 37) % rows;
                        }
                        round++;
                        Neighbors[] got = s.neighbors(Table.ITEM_ITEM, ids, ids.length, width);
                        float v = got[0].size() == 0 ? -1 : got[0].scores()[0];
                        for (int i = 0; i < ids.length; i++) {
                            if (got[i].size() != width) {
                                failure.compareAndSet(null, "row " + ids[i] + " had " + got[i].size() + " entries");
                            }
                            for (int j = 0; j < got[i].size(); j++) {
                                if (got[i].scores()[j] != v || got[i].ids()[j] != (ids[i] + 1 + j) % rows) {
                                    failure.compareAndSet(null, "mixed read: row " + ids[i] + " entry " + j + " score "
                                            + got[i].scores()[j] + " vs " + v);
                                }
                            }
                        }
                        versionsSeen.add(v);
                        reads.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e.toString());
                }
            });
            th.start();
            readers.add(th);
        }
        for (long v = 2; v <= 4; v++) {
            loader.publish(uniform(v, rows, width));
            Thread.sleep(30);
        }
        running.set(false);
        for (Thread th : readers) {
            th.join(10_000);
        }
        assertThat(failure.get()).isNull();
        assertThat(reads.get()).isGreaterThan(10);
        assertThat(versionsSeen).contains(4f).isSubsetOf(Set.of(1f, 2f, 3f, 4f));
        assertThat(loader.liveVersion()).isEqualTo(4);
        try (Jedis j = new Jedis(redis.uri())) {
            // only version 4 is left: its four keys, the pointer and the version set
            assertThat(j.keys("{switch}:*")).containsExactlyInAnyOrder("{switch}:current", "{switch}:versions",
                    "{switch}:v4:meta", "{switch}:v4:uu", "{switch}:v4:ii", "{switch}:v4:recent");
            assertThat(j.smembers("{switch}:versions")).containsExactly("4");
            assertThat(j.hget("{switch}:v4:meta", "users")).isEqualTo("3000");
        }
    }

    @Test
    void aPausedServerTimesOutWithinTheTimeout() throws Exception {
        new RedisTableLoader(redis.uri(), "slow").publish(uniform(1, 10, 2));
        try (RedisNeighborStore s = store("slow", 200); Jedis admin = new Jedis(redis.uri())) {
            assertThat(s.neighbors(Table.USER_USER, 1, 2).size()).isEqualTo(2);
            admin.clientPause(1500);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> s.neighbors(Table.USER_USER, 1, 2)).isInstanceOf(NeighborStore.StoreUnavailableException.class)
                    .hasMessageContaining("unavailable");
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            // timeout 200 ms; the slack covers scheduling on a busy 2-core machine
            assertThat(ms).isBetween(150L, 1000L);
            Thread.sleep(1600); // the pause ends
            assertThat(s.neighbors(Table.USER_USER, 1, 2).size()).isEqualTo(2);
        }
    }

    @Test
    void stoppingTheServerFailsFastAndRestartingRecovers() throws Exception {
        new RedisTableLoader(redis.uri(), "outage").publish(uniform(3, 10, 2));
        try (RedisNeighborStore s = store("outage", 300)) {
            // warm several pooled connections so stale ones exist when the server dies
            Thread[] warm = new Thread[4];
            for (int i = 0; i < warm.length; i++) {
                warm[i] = new Thread(() -> s.neighbors(Table.USER_USER, 1, 2));
                warm[i].start();
            }
            for (Thread t : warm) {
                t.join();
            }
            redis.stop();
            try {
                for (int attempt = 0; attempt < 3; attempt++) {
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> s.recentItems(1, 2)).isInstanceOf(NeighborStore.StoreUnavailableException.class);
                    assertThat(Duration.ofNanos(System.nanoTime() - t0).toMillis()).isLessThan(1000L);
                }
            } finally {
                redis.start();
            }
            // the restarted server is empty (no persistence): the store reconnects and reports the lost tables
            assertThatThrownBy(() -> s.neighbors(Table.USER_USER, 1, 2)).isInstanceOf(NeighborStore.StoreUnavailableException.class)
                    .hasMessageContaining("holds no table version");
            new RedisTableLoader(redis.uri(), "outage").publish(uniform(4, 10, 2));
            assertThat(s.neighbors(Table.USER_USER, 1, 2).scores()).containsExactly(4f, 4f);
        }
    }
}
