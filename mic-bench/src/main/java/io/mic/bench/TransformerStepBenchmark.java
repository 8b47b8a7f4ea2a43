package io.mic.bench;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.StepResult;
import io.mic.models.tf.layers.Dropout;
import io.mic.models.tf.layers.LayerNorm;
import io.mic.models.tf.layers.Params;
import io.mic.models.tf.layers.PositionalEmbedding;
import io.mic.models.tf.layers.TransformerConfig;
import io.mic.models.tf.layers.TransformerEncoderBlock;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
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
 * One training step of a SASRec-style sequence encoder on the runtime's layers: fed input vectors
 * {@code [B, L, d]} (right-padded, lengths uniform in [L/2, L]) plus learned positions, {@code layers}
 * pre-LN transformer encoder blocks (causal + padding masks, {@code heads} heads, FFN 4d GELU,
 * dropout 0.1), a final layer norm, the output at each sequence's last real position against fed
 * targets with in-batch InfoNCE (temperature 0.1); forward, backward, NaN check and Adam (lr 1e-3)
 * on every dense weight in Java. The PyTorch peer {@code mic-bench/peers/transformer_step.py} runs
 * the same step (nn.TransformerEncoderLayer, norm_first). Inputs: 4 seeded batches, cycled (drawn
 * once on both sides).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
public class TransformerStepBenchmark {

    @Param({"256"})
    public int batch;

    @Param({"50"})
    public int length;

    @Param({"64"})
    public int dim;

    @Param({"2"})
    public int layers;

    @Param({"2"})
    public int heads;

    private StepGraph graph;
    private Placeholder<TFloat32> x;
    private Placeholder<TFloat32> mask;
    private Placeholder<TFloat32> last;
    private Placeholder<TFloat32> target;
    private Dropout dropout;
    private Feeds feeds;
    private float[][] xs;
    private float[][] masks;
    private float[][] lasts;
    private float[][] targets;
    private long step;

    @Setup(Level.Trial)
    public void setup() {
        Optimizer adam = new Optimizer.Adam(0.9f, 0.999f, 1e-8f);
        TransformerConfig cfg = TransformerConfig.of(dim, heads).withCausal(true);
        PositionalEmbedding pos = new PositionalEmbedding("pos", length, dim, adam, 1);
        TransformerEncoderBlock[] blocks = new TransformerEncoderBlock[layers];
        for (int i = 0; i < layers; i++) {
            blocks[i] = new TransformerEncoderBlock("block" + i, cfg, adam, 2 + i);
        }
        LayerNorm norm = new LayerNorm("final-ln", dim, adam, 9);
        try (GraphBuilder gb = new GraphBuilder()) {
            Ops tf = gb.tf();
            Params<TFloat32> p = Params.of(gb);
            x = gb.floatInput("x", -1, length, dim);
            mask = gb.floatInput("mask", -1, length);
            last = gb.floatInput("last", -1, length);
            target = gb.floatInput("target", -1, dim);
            dropout = Dropout.input(gb, "dropout-seed");
            Operand<TFloat32> h = pos.apply(tf, p, x);
            for (TransformerEncoderBlock b : blocks) {
                h = b.apply(tf, p, h, mask, dropout);
            }
            h = norm.apply(tf, p, h);
            Operand<TFloat32> user = tf.reduceSum(tf.math.mul(h, tf.expandDims(last, tf.constant(-1))), tf.constant(1));
            Operand<TFloat32> q = Layers.l2Normalize(tf, user, 1e-6);
            Operand<TFloat32> c = Layers.l2Normalize(tf, target, 1e-6);
            graph = gb.build(Losses.infoNce(q, c).temperature(0.1).withoutLogQ().build(tf));
        }
        feeds = graph.newFeeds();
        SplittableRandom r = new SplittableRandom(11);
        int n = 4;
        xs = new float[n][batch * length * dim];
        masks = new float[n][batch * length];
        lasts = new float[n][batch * length];
        targets = new float[n][batch * dim];
        for (int k = 0; k < n; k++) {
            for (int b = 0; b < batch; b++) {
                int len = length / 2 + r.nextInt(length - length / 2 + 1);
                for (int l = 0; l < len; l++) {
                    masks[k][b * length + l] = 1f;
                    for (int j = 0; j < dim; j++) {
                        xs[k][(b * length + l) * dim + j] = (float) r.nextGaussian();
                    }
                }
                lasts[k][b * length + len - 1] = 1f;
                for (int j = 0; j < dim; j++) {
                    targets[k][b * dim + j] = (float) r.nextGaussian();
                }
            }
        }
        long weights = 0;
        for (DenseParam dp : graph.params()) {
            weights += dp.size();
        }
        System.err.printf("# transformer step: %d dense weights in %d parameters%n", weights, graph.params().size());
    }

    @Benchmark
    public void step(Blackhole bh) {
        int k = (int) (step % xs.length);
        feeds.clear().floats(x, xs[k], batch, length, dim).floats(mask, masks[k], batch, length).floats(last, lasts[k], batch, length)
                .floats(target, targets[k], batch, dim).ints(dropout.seedInput(), Dropout.seedFor(7, step), 2);
        StepResult res = graph.train(feeds, 1e-3f, 0, step++);
        bh.consume(res.loss());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        graph.close();
    }
}
