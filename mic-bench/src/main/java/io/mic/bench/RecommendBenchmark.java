package io.mic.bench;

import io.mic.core.data.IdMap;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.io.EmbeddingExport;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.retrieval.serve.PluginRef;
import io.mic.retrieval.serve.Recommendation;
import io.mic.retrieval.serve.Recommender;
import io.mic.retrieval.serve.RecommenderSettings;
import io.mic.retrieval.serve.Recommenders;
import io.mic.retrieval.serve.ServingArtifacts;
import io.mic.spi.MetricsSink;
import io.mic.spi.PluginConfig;
import io.mic.spi.Schema;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import io.mic.spi.Vectors;
import io.mic.testkit.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
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

/**
 * {@code Recommender.recommend(user, n)} end to end, as a host calls it: U2I on the item index,
 * I2I and U2U through the neighbour store (the embedded {@code memory} store, or {@code redis}
 * against a real redis-server on loopback started in setup), merge with provenance,
 * {@code mic-unified} rerank, seen items excluded, top {@code n}. Latency percentiles come from
 * {@link Mode#SampleTime}.
 *
 * <p>The artifacts are built by the real batch job ({@link ServingArtifacts#write}, hnsw index,
 * M1 = M3 = 50 neighbours) over seeded clustered vectors of ml-1m's size: {@code users} × 64
 * and {@code items} × 64, 20 clusters, {@code history} items per user from its own cluster.
 * Quotas are the defaults (K1 = K2 = K3 = 100, I2I 10 × 10, U2U 10 × 10).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RecommendBenchmark {
    private static final int DIM = 64;
    private static final int CLUSTERS = 20;

    @Param({"memory", "redis"})
    public String store;

    @Param({"6040"})
    public int users;

    @Param({"3706"})
    public int items;

    @Param({"50"})
    public int history;

    @Param({"10"})
    public int n;

    private Path root;
    private RedisServerProcess redis;
    private Recommender recommender;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        root = Files.createTempDirectory("mic-bench-recommend");
        Path artifacts = writeArtifacts(root, users, items, history, 11L);
        PluginRef storeRef = PluginRef.of("memory");
        if (store.equals("redis")) {
            redis = RedisServerProcess.launch();
            Recommenders.publishIfAbsent(artifacts, redis.uri(), "bench");
            storeRef = PluginRef.of("redis", Map.of("uri", redis.uri().toString(), "prefix", "bench", "timeout-ms", "1000"));
        } else if (!store.equals("memory")) {
            throw new IllegalArgumentException("store " + store);
        }
        RecommenderSettings d = RecommenderSettings.defaults(artifacts);
        RecommenderSettings s = new RecommenderSettings(artifacts, d.index(), storeRef, d.channels(), d.rerank(), d.maxN(), 1000,
                d.storeThreads(), true);
        recommender = Recommenders.open(s, PluginRegistry.discover(), MetricsSink.NOOP);
        Recommendation r = recommender.recommend(0, n);
        if (r.degraded() || r.items().isEmpty()) {
            throw new IllegalStateException("the fixture must serve full answers: " + r);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        recommender.close();
        if (redis != null) {
            redis.close();
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public Recommendation recommend() {
        int u = next;
        next = u + 1 == users ? 0 : u + 1;
        return recommender.recommend(u, n);
    }

    /** Seeded clustered vectors and histories, through the real batch job; returns the artifact directory. */
    static Path writeArtifacts(Path root, int users, int items, int history, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] centres = new float[CLUSTERS * DIM];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextGaussian();
        }
        float[] iv = new float[items * DIM];
        int[] categories = new int[items];
        List<List<Integer>> byCluster = new ArrayList<>();
        for (int c = 0; c < CLUSTERS; c++) {
            byCluster.add(new ArrayList<>());
        }
        for (int i = 0; i < items; i++) {
            int c = i % CLUSTERS;
            categories[i] = c;
            byCluster.get(c).add(i);
            point(centres, c, rnd, iv, i);
        }
        float[] uv = new float[users * DIM];
        int[] off = new int[users + 1];
        int[] hist = new int[users * history];
        for (int u = 0; u < users; u++) {
            int c = u % CLUSTERS;
            point(centres, c, rnd, uv, u);
            List<Integer> pool = byCluster.get(c);
            off[u + 1] = off[u] + history;
            for (int j = 0; j < history; j++) {
                hist[u * history + j] = pool.get(rnd.nextInt(pool.size()));
            }
        }
        List<String> uids = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            uids.add("u" + u);
        }
        List<String> iids = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            iids.add("i" + i);
        }
        Path vec = root.resolve("vectors");
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(vec, "bench/1", "bench")) {
            w.add("users", Vectors.of(uv, DIM), IdMap.of(uids));
            w.add("items", Vectors.of(iv, DIM), IdMap.of(iids));
            w.commit();
        }
        PluginRegistry registry = PluginRegistry.discover();
        VectorIndexFactory f = registry.factory(PluginKind.VECTOR_INDEX, "hnsw", "RecommendBenchmark");
        SeededPluginContext ctx = SeededPluginContext.of(Schema.of(users, items), seed, MetricsSink.NOOP);
        Supplier<VectorIndex> newIndex = () -> registry.create(PluginKind.VECTOR_INDEX,
                PluginConfig.of("hnsw", Map.of()), ctx, "RecommendBenchmark");
        Path dir = root.resolve("serving");
        ServingArtifacts.write(dir, vec, new InteractionMatrix(users, items, off, hist, null, null), categories, newIndex,
                PluginRegistry.idOf(f).toString(), new ServingArtifacts.Spec("bench", "bench/1", "bench", 50, 50, "source-order", "train", 2),
                1L);
        return dir;
    }

    private static void point(float[] centres, int c, SplittableRandom rnd, float[] out, int row) {
        for (int k = 0; k < DIM; k++) {
            out[row * DIM + k] = centres[c * DIM + k] + 0.5f * (float) rnd.nextGaussian();
        }
    }
}
