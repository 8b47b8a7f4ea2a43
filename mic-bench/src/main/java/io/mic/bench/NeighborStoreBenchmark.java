package io.mic.bench;

import io.mic.retrieval.store.MemoryNeighborStore;
import io.mic.retrieval.store.NeighborBatchReader;
import io.mic.retrieval.store.RedisNeighborStore;
import io.mic.retrieval.store.RedisTableLoader;
import io.mic.retrieval.table.NeighborTables;
import io.mic.spi.NeighborStore;
import io.mic.testkit.RedisServerProcess;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Neighbour-table lookups through the {@code NeighborStore} SPI: the embedded {@code memory} store
 * (heap tables) and the {@code redis} store against a real redis-server on loopback started in
 * setup (Jedis, one pooled connection per call, {@code MULTI/GET/HMGET/EXEC} per read). Compare the
 * Redis rows with {@code redis-benchmark} GET/MGET on the same machine (peers/redis_baseline.sh).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class NeighborStoreBenchmark {

    @Param({"memory", "redis"})
    public String store;

    @Param({"10000"})
    public int users;

    /** Neighbours per row; a read asks for {@code limit} of them. */
    @Param({"50"})
    public int width;

    @Param({"10"})
    public int limit;

    /** Rows read by one batched call (the channels' M / M1). */
    @Param({"10"})
    public int batch;

    private RedisServerProcess redis;
    private NeighborStore reader;
    private NeighborBatchReader batchReader;
    private int[] ids;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        NeighborTables t = ServingFixture.tables(users, users, width, 5);
        if (store.equals("redis")) {
            redis = RedisServerProcess.launch();
            new RedisTableLoader(redis.uri(), "bench").publish(t);
            RedisNeighborStore r = new RedisNeighborStore(redis.uri(), "bench", 1000, 1000, 4);
            reader = r;
            batchReader = r;
        } else if (store.equals("memory")) {
            MemoryNeighborStore m = new MemoryNeighborStore(t);
            reader = m;
            batchReader = m;
        } else {
            throw new IllegalArgumentException("store " + store);
        }
        ids = new int[batch];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        reader.close();
        if (redis != null) {
            redis.close();
        }
    }

    private int nextId() {
        next = (next + 7919) % users;
        return next;
    }

    @Benchmark
    public void neighbors(Blackhole bh) {
        bh.consume(reader.neighbors(NeighborStore.Table.ITEM_ITEM, nextId(), limit));
    }

    @Benchmark
    public void recentItems(Blackhole bh) {
        bh.consume(reader.recentItems(nextId(), limit));
    }

    /** {@code batch} rows in one call: one round trip on Redis. */
    @Benchmark
    public void neighborsBatch(Blackhole bh) {
        for (int i = 0; i < batch; i++) {
            ids[i] = nextId();
        }
        bh.consume(batchReader.neighbors(NeighborStore.Table.ITEM_ITEM, ids, batch, limit));
    }
}
