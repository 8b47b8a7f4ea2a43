package io.mic.bench;

import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Lookup;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.StepResult;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import io.mic.models.tf.tables.EmbeddingTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
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
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * One training step of an ID-only two-tower model with in-batch InfoNCE (logQ on), row-wise
 * Adagrad on two {@code ids x dim} tables: the runtime's sparse path end to end (distinct ids,
 * gather, feed, TF forward/backward, fetch, NaN check, optimizer). The goal is a step time that
 * does not grow with the vocabulary (10M within 1.2x of 10k).
 *
 * <p>Ids are uniform over the vocabulary (the worst case for cache locality). At teardown the fork
 * prints its peak RSS and the tables' bytes to stderr (JMH shows a fork's stderr).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
// two 10M x 64 tables are 5.1 GB of floats; JavaCPP's RSS cap (4 x Xmx) must be off for TF
@Fork(value = 1, jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
public class TwoTowerStepBenchmark {

    @Param({"10000", "1000000", "10000000"})
    public int ids;

    @Param({"256"})
    public int batch;

    @Param({"64"})
    public int dim;

    private EmbeddingTable users;
    private EmbeddingTable items;
    private StepGraph graph;
    private Lookup user;
    private Lookup item;
    private Placeholder<TFloat32> logQ;
    private Feeds feeds;
    private SplittableRandom random;
    private int[] userIds;
    private int[] itemIds;
    private float[] itemLogQ;
    private long step;

    @Setup(Level.Trial)
    public void setup() {
        users = EmbeddingTable.create("users", ids, dim, Optimizer.adagrad(), Initializer.embedding(dim), 1);
        items = EmbeddingTable.create("items", ids, dim, Optimizer.adagrad(), Initializer.embedding(dim), 2);
        try (GraphBuilder gb = new GraphBuilder()) {
            Ops tf = gb.tf();
            user = gb.table(users).lookup("user");
            item = gb.table(items).lookup("item");
            logQ = gb.floatInput("logq", -1);
            Operand<TFloat32> q = Layers.l2Normalize(tf, user.values(), 1e-6);
            Operand<TFloat32> c = Layers.l2Normalize(tf, item.values(), 1e-6);
            graph = gb.build(Losses.infoNce(q, c).temperature(0.1).logQ(logQ).build(tf));
        }
        feeds = graph.newFeeds();
        random = new SplittableRandom(7);
        userIds = new int[batch];
        itemIds = new int[batch];
        itemLogQ = new float[batch];
    }

    @Benchmark
    public void step(Blackhole bh) {
        for (int i = 0; i < batch; i++) {
            userIds[i] = random.nextInt(ids);
            itemIds[i] = random.nextInt(ids);
            itemLogQ[i] = (float) -Math.log(ids);
        }
        feeds.clear().ids(user, userIds).ids(item, itemIds).floats(logQ, itemLogQ, batch);
        StepResult r = graph.train(feeds, 0.05f, 0, step++);
        bh.consume(r.loss());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.err.printf("# ids=%d: peak RSS %s, tables %.1f MB (touched rows: users %d, items %d), steps %d%n", ids, peakRss(),
                (users.bytes() + items.bytes()) / 1e6, users.touchedRows(), items.touchedRows(), step);
        BenchData.writeSide("twotower-" + ids + ".json", String.format(java.util.Locale.ROOT,
                "{\"ids\": %d, \"batch\": %d, \"dim\": %d, \"peak_rss_kb\": %d, \"tables_mb\": %.1f, \"steps\": %d}%n", ids, batch, dim,
                BenchData.peakRssKb(), (users.bytes() + items.bytes()) / 1e6, step));
        graph.close();
    }

    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            return "n/a (" + e.getMessage() + ")";
        }
        return "n/a";
    }
}
