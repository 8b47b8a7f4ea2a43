package io.mic.bench;

import io.mic.retrieval.channel.I2iChannel;
import io.mic.retrieval.channel.U2iChannel;
import io.mic.retrieval.channel.U2uChannel;
import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.retrieval.store.MemoryNeighborStore;
import io.mic.retrieval.table.NeighborTables;
import io.mic.spi.Candidates;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.Vectors;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One retrieval channel's fan-out for one request, with the paper's default quotas: {@code u2i}
 * (exact top {@code k1 = 100} over the item vectors, seen items excluded), {@code i2i}
 * ({@code m = 10} recent items x {@code m3 = 10} similar items) and {@code u2u} ({@code m1 = 10}
 * similar users x {@code m2 = 10} recent items), over the embedded memory store. Each call clears
 * and fills one reused {@link Candidates} buffer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ChannelBenchmark {

    @Param({"u2i", "i2i", "u2u"})
    public String channel;

    @Param({"10000"})
    public int users;

    @Param({"10000"})
    public int items;

    @Param({"64"})
    public int dim;

    private static final int QUERIES = 256;

    private RetrievalChannel ch;
    private Query[] queries;
    private final Candidates out = new Candidates(512);
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        NeighborTables t = ServingFixture.tables(users, items, 50, 5);
        MemoryNeighborStore store = new MemoryNeighborStore(t);
        ch = switch (channel) {
            case "u2i" -> {
                ExactIndex index = new ExactIndex(Similarity.INNER_PRODUCT, 1, 256);
                index.build(Vectors.of(BenchData.clustered(items, dim, 100, 1.0, 42), dim));
                yield new U2iChannel(index, 100);
            }
            case "i2i" -> new I2iChannel(store, 10, 10, 100);
            case "u2u" -> new U2uChannel(store, 10, 10, 100);
            default -> throw new IllegalArgumentException("channel " + channel);
        };
        float[] userVectors = BenchData.clustered(QUERIES, dim, 100, 1.0, 43);
        queries = new Query[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            int user = (q * 7919) % users;
            float[] v = java.util.Arrays.copyOfRange(userVectors, q * dim, (q + 1) * dim);
            queries[q] = new Query(user, v, 1, ServingFixture.excludeOf(t, user), 50);
        }
    }

    @Benchmark
    public void retrieve(Blackhole bh) {
        Query q = queries[next];
        next = (next + 1) % QUERIES;
        out.clear();
        ch.retrieve(q, 0, out);
        bh.consume(out.size());
    }
}
