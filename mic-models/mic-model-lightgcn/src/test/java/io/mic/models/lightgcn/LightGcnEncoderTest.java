package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Splitter;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.core.eval.FullRankingEvaluator;
import io.mic.core.eval.Metric;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.StepResult;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.tower.Tower;
import io.mic.spi.Column;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.FeatureBatch;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.PluginConfig;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import io.mic.spi.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The {@code lightgcn} encoder: (1) one real training step through three tower instances of one
 * graph (user, item, item with embedding dropout; L2-normalised; one missing id) against central
 * finite differences of the same loss computed in double precision with the dense brute-force
 * {@code M} (tolerance as {@link GradientTest}), and its inference vectors against the brute-force
 * normalised rows of {@code M E0}; (2) {@code mic} over it learns planted groups (more than twice
 * popularity's test Recall@10), which is how the MIC-over-LightGCN runs of docs/results.md train.
 */
class LightGcnEncoderTest {
    private static final Logger LOG = LoggerFactory.getLogger(LightGcnEncoderTest.class);
    private static final int DIM = 3;
    private static final int LAYERS = 2;

    @Test
    void serviceLoaderFindsTheEncoder() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(EncoderFactory.class).forEach(f -> names.add(f.name()));
        assertThat(names).contains("lightgcn");
    }

    @Test
    void towerStepGradientMatchesFiniteDifferencesAndInferenceMatchesBruteForce() {
        TinyGraph t = new TinyGraph(5, 6, 3, 21);
        LightGcnEncoder enc = new LightGcnEncoder("lightgcn", t.train, DIM, LAYERS, true, 1);
        enc.prepare(Optimizer.sgd());
        float[] init = new float[(t.users + t.items) * DIM];
        new Initializer.Normal(0.7).fill(Initializer.mix(9), 0, init, 0, init.length);
        enc.params().get(0).set(init);
        double[][] m = t.meanOfPowers(LAYERS);

        int[] us = {0, 1, 2, 3, 4, 1};
        int[] pos = {0, 5, 2, 3, 1, 4};
        int[] neg = {3, 0, Column.MISSING, 5, 2, 1};
        float[] drop = new float[us.length * DIM];
        for (int k = 0; k < drop.length; k++) {
            drop[k] = k % 4 == 1 ? 0f : 1.25f;
        }
        try (GraphBuilder gb = new GraphBuilder()) {
            Ops tf = gb.tf();
            Tower u = enc.userTower(gb, "u", false);
            Tower v = enc.itemTower(gb, "v", false);
            Tower n = enc.itemTower(gb, "n", true);
            Operand<TFloat32> diff = tf.math.sub(Layers.rowDot(tf, u.output(), n.output()), Layers.rowDot(tf, u.output(), v.output()));
            Operand<TFloat32> loss = tf.math.mean(tf.math.softplus(tf.math.mul(diff, tf.constant(3f))), tf.constant(0));
            try (StepGraph g = gb.build(loss, Map.of())) {
                Feeds f = g.newFeeds();
                u.feed(f, FeatureBatch.ofIds(us), null);
                v.feed(f, FeatureBatch.ofIds(pos), null);
                n.feed(f, FeatureBatch.ofIds(neg), drop);
                double[] e0 = PropagationTest.toDouble(init);
                StepResult res = g.train(f, 1f, 0, 0);
                assertThat(res.loss()).isCloseTo(loss(m, e0, t.users, us, pos, neg, drop), offset(1e-5));
                GradientTest.assertStepIsMinusGradient(e0, init, enc.params().get(0).values(), x -> loss(m, x, t.users, us, pos, neg, drop));
            }
        }

        double[] p = TinyGraph.apply(m, PropagationTest.toDouble(enc.params().get(0).values()), DIM);
        int[] users = {4, 0, Column.MISSING, 2};
        Vectors uv = enc.encodeUsers(FeatureBatch.ofIds(users));
        int[] items = {5, 0, 3};
        Vectors iv = enc.encodeItems(FeatureBatch.ofIds(items));
        for (int r = 0; r < users.length; r++) {
            double[] want = users[r] == Column.MISSING ? new double[DIM] : normalized(p, users[r], null, 0);
            for (int c = 0; c < DIM; c++) {
                assertThat((double) uv.values()[uv.offset(r) + c]).isCloseTo(want[c], offset(1e-5));
            }
        }
        for (int r = 0; r < items.length; r++) {
            double[] want = normalized(p, t.users + items[r], null, 0);
            for (int c = 0; c < DIM; c++) {
                assertThat((double) iv.values()[iv.offset(r) + c]).isCloseTo(want[c], offset(1e-5));
            }
        }
    }

    /** The test loss in double precision: mean softplus(3 (u.n - u.v)) over rows, every vector a normalised row of M E0. */
    private static double loss(double[][] m, double[] e0, int users, int[] us, int[] pos, int[] neg, float[] drop) {
        double[] p = TinyGraph.apply(m, e0, DIM);
        double sum = 0;
        for (int r = 0; r < us.length; r++) {
            double[] u = normalized(p, us[r], null, 0);
            double[] v = normalized(p, users + pos[r], null, 0);
            double[] n = neg[r] == Column.MISSING ? new double[DIM] : normalized(p, users + neg[r], drop, r * DIM);
            double x = 3 * (dot(u, n) - dot(u, v));
            sum += Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        }
        return sum / us.length;
    }

    private static double[] normalized(double[] p, int row, float[] mask, int off) {
        double[] x = new double[DIM];
        double sq = 0;
        for (int c = 0; c < DIM; c++) {
            x[c] = p[row * DIM + c] * (mask == null ? 1 : mask[off + c]);
            sq += x[c] * x[c];
        }
        double s = 1 / Math.sqrt(Math.max(sq, 1e-12));
        for (int c = 0; c < DIM; c++) {
            x[c] *= s;
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < DIM; c++) {
            s += a[c] * b[c];
        }
        return s;
    }

    @Test
    void micOverLightGcnLearnsPlantedGroups() {
        DataSplit split = Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(800, 400, 6, 25, 0.8, 0.8), 3));
        PluginRegistry registry = PluginRegistry.discover();
        SeededPluginContext ctx = SeededPluginContext.of(split.dataset().schema(), 3, MetricsSink.NOOP).withProgress(Progress.NOOP)
                .withTrainingData(split);
        TrainerSettings t = new TrainerSettings(5, 256, "adam", 0.01, "constant", 0, 0, "recall@20", null, false, 2);
        Encoder enc = registry.create(PluginKind.ENCODER, PluginConfig.of("lightgcn", Map.of("dim", "32")), ctx.scoped("encoder"), "test");
        var drop = registry.create(PluginKind.AUGMENTER, PluginConfig.of("embedding-dropout", Map.of("p", "0.1")), ctx.scoped("aug"), "test");
        Model mic = registry.create(PluginKind.MODEL, PluginConfig.of("mic", Map.of()),
                ctx.withComponents(new ModelComponents(Optional.of(enc), List.of(drop), List.of(), t)), "test");
        Model pop = registry.create(PluginKind.MODEL, PluginConfig.empty("pop"), ctx, "test");
        FullRankingEvaluator eval = new FullRankingEvaluator(split, List.of(Metric.RECALL), new int[] {10}, 2);
        pop.fit(split);
        mic.fit(split);
        double popRecall = eval.evaluate(pop, FullRankingEvaluator.Target.TEST, Progress.NOOP).get(Metric.RECALL, 10);
        double recall = eval.evaluate(mic, FullRankingEvaluator.Target.TEST, Progress.NOOP).get(Metric.RECALL, 10);
        LOG.info("test recall@10: mic(lightgcn) {} pop {}", String.format("%.4f", recall), String.format("%.4f", popRecall));
        assertThat(popRecall).isBetween(0.01, 0.12);
        assertThat(recall).isGreaterThan(2 * popRecall);
    }
}
