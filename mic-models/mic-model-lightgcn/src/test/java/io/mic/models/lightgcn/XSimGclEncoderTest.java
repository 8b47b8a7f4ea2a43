package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import io.mic.spi.Encoder;
import io.mic.spi.FeatureBatch;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.PluginConfig;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import io.mic.spi.Vectors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The {@code xsimgcl} encoder (MIC's base can be XSimGCL): (1) one real step of BPR over three of its towers plus its
 * {@code auxiliaryLoss} (eps 0, so the loss is a deterministic function of E0) against central differences of the
 * same loss in double precision from the definition (BPR on raw dot products of {@code F = (Â + Â²)/2 · E0} rows, plus
 * {@code weight · (InfoNCE_users + InfoNCE_items)} between normalised {@code F} and {@code Â E0} rows of the distinct
 * users and positive items; tolerance as {@link GradientTest}); inference = the noiseless {@code F}; (2) {@code mic}
 * adds the encoder's term to its loss (cl_weight changes the trained vectors, same seed) and learns planted groups
 * over it; (3) config errors name the key.
 */
class XSimGclEncoderTest {
    private static final Logger LOG = LoggerFactory.getLogger(XSimGclEncoderTest.class);
    private static final int DIM = 3;

    @Test
    void towerStepWithTheContrastiveTermMatchesFiniteDifferences() {
        TinyGraph t = new TinyGraph(5, 6, 3, 21);
        LightGcnModel.Contrast contrast = new LightGcnModel.Contrast(0, 0.7, 0.5, 1);
        LightGcnEncoder enc = new LightGcnEncoder("xsimgcl", t.train, DIM, 2, false, contrast, 1);
        enc.prepare(Optimizer.sgd());
        float[] init = new float[(t.users + t.items) * DIM];
        new Initializer.Normal(0.7).fill(Initializer.mix(9), 0, init, 0, init.length);
        enc.params().get(0).set(init);
        double[][] a = t.normalizedAdjacency();
        double[][] mean = t.meanOfPowersFromOne(2);
        // positives are training pairs (a cold item's F row is zero, and the cosine of a zero row is undefined)
        int[] us = {0, 1, 2, 3, 4, 1, 0};
        int[] pos = new int[us.length];
        for (int r = 0; r < us.length; r++) {
            int[] seen = t.train.sortedItemsOf(us[r]);
            pos[r] = seen[r % seen.length];
        }
        int[] neg = {3, 0, 1, 5, 2, 1, 2};
        int[] userNodes = Arrays.stream(us).distinct().toArray();
        int[] itemNodes = Arrays.stream(pos).distinct().map(i -> t.users + i).toArray();
        java.util.function.ToDoubleFunction<double[]> loss = e0 -> bpr(mean, e0, t.users, us, pos, neg)
                + contrast.weight() * (GradientTest.infoNce(mean, a, e0, userNodes, contrast.temperature())
                        + GradientTest.infoNce(mean, a, e0, itemNodes, contrast.temperature()));
        try (GraphBuilder gb = new GraphBuilder()) {
            Ops tf = gb.tf();
            Tower u = enc.userTower(gb, "u", false);
            Tower v = enc.itemTower(gb, "v", false);
            Tower n = enc.itemTower(gb, "n", false);
            Operand<TFloat32> diff = tf.math.sub(Layers.rowDot(tf, u.output(), n.output()), Layers.rowDot(tf, u.output(), v.output()));
            Operand<TFloat32> bpr = tf.math.mean(tf.math.softplus(diff), tf.constant(0));
            Operand<TFloat32> aux = enc.auxiliaryLoss(gb, u, v).orElseThrow();
            try (StepGraph g = gb.build(tf.math.add(bpr, aux), Map.of())) {
                Feeds f = g.newFeeds();
                u.feed(f, FeatureBatch.ofIds(us), null);
                v.feed(f, FeatureBatch.ofIds(pos), null);
                n.feed(f, FeatureBatch.ofIds(neg), null);
                double[] e0 = PropagationTest.toDouble(init);
                StepResult res = g.train(f, 1f, 0, 0);
                assertThat(res.loss()).isCloseTo(loss.applyAsDouble(e0), offset(1e-5));
                GradientTest.assertStepIsMinusGradient(e0, init, enc.params().get(0).values(), loss);
            }
        }
        double[] f = TinyGraph.apply(mean, PropagationTest.toDouble(enc.params().get(0).values()), DIM);
        Vectors iv = enc.encodeItems(FeatureBatch.ofIds(new int[] {5, 0}));
        Vectors uv = enc.encodeUsers(FeatureBatch.ofIds(new int[] {3}));
        for (int c = 0; c < DIM; c++) {
            assertThat((double) iv.values()[iv.offset(0) + c]).isCloseTo(f[(t.users + 5) * DIM + c], offset(1e-5));
            assertThat((double) iv.values()[iv.offset(1) + c]).isCloseTo(f[t.users * DIM + c], offset(1e-5));
            assertThat((double) uv.values()[uv.offset(0) + c]).isCloseTo(f[3 * DIM + c], offset(1e-5));
        }
    }

    @Test
    void theContrastiveTermNeedsTheEncodersOwnTowersAndPlainLightGcnHasNone() {
        TinyGraph t = new TinyGraph(5, 6, 3, 21);
        LightGcnEncoder plain = new LightGcnEncoder("lightgcn", t.train, DIM, 2, true, 1);
        LightGcnEncoder x = new LightGcnEncoder("xsimgcl", t.train, DIM, 2, false, new LightGcnModel.Contrast(0.1, 0.5, 0.2, 1), 1);
        plain.prepare(Optimizer.sgd());
        x.prepare(Optimizer.sgd());
        try (GraphBuilder gb = new GraphBuilder()) {
            Tower u = plain.userTower(gb, "u", false);
            Tower v = plain.itemTower(gb, "v", false);
            assertThat(plain.auxiliaryLoss(gb, u, v)).isEmpty();
        }
        try (GraphBuilder gb = new GraphBuilder(); GraphBuilder other = new GraphBuilder()) {
            Tower u = x.userTower(other, "u", false);
            Tower v = x.itemTower(other, "v", false);
            assertThatThrownBy(() -> x.auxiliaryLoss(gb, u, v)).hasMessageContaining("xsimgcl").hasMessageContaining("same graph");
        }
    }

    @Test
    void micAddsTheEncodersTermAndLearnsPlantedGroups() {
        DataSplit split = Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(800, 400, 6, 25, 0.8, 0.8), 3));
        Model pop = fit(split, null, "0");
        Model with = fit(split, "mic", "0.5");
        Model without = fit(split, "mic", "0");
        float[] a = with.itemVectors().orElseThrow().values();
        float[] b = without.itemVectors().orElseThrow().values();
        assertThat(Arrays.equals(a, b)).as("cl_weight changes the trained item vectors (the term reaches the loss)").isFalse();
        FullRankingEvaluator eval = new FullRankingEvaluator(split, List.of(Metric.RECALL), new int[] {10}, 2);
        double popRecall = eval.evaluate(pop, FullRankingEvaluator.Target.TEST, Progress.NOOP).get(Metric.RECALL, 10);
        double recall = eval.evaluate(with, FullRankingEvaluator.Target.TEST, Progress.NOOP).get(Metric.RECALL, 10);
        LOG.info("test recall@10: mic(xsimgcl) {} pop {}", String.format("%.4f", recall), String.format("%.4f", popRecall));
        assertThat(popRecall).isBetween(0.01, 0.12);
        assertThat(recall).isGreaterThan(2 * popRecall);
    }

    /** {@code pop} (plugin null) or {@code plugin} with BPR u2i over {@code xsimgcl} (dim 32, eps 0.1, the given cl_weight), 4 epochs. */
    private static Model fit(DataSplit split, String plugin, String clWeight) {
        PluginRegistry registry = PluginRegistry.discover();
        SeededPluginContext ctx = SeededPluginContext.of(split.dataset().schema(), 3, MetricsSink.NOOP).withProgress(Progress.NOOP)
                .withTrainingData(split);
        Model m;
        if (plugin == null) {
            m = registry.create(PluginKind.MODEL, PluginConfig.empty("pop"), ctx, "test");
        } else {
            TrainerSettings t = new TrainerSettings(4, 256, "adam", 0.01, "constant", 0, 0, "recall@20", null, false, 2);
            Encoder enc = registry.create(PluginKind.ENCODER, PluginConfig.of("xsimgcl", Map.of("dim", "32", "eps", "0.1", "cl_weight", clWeight)),
                    ctx.scoped("encoder"), "test");
            m = registry.create(PluginKind.MODEL, PluginConfig.of(plugin, Map.of("u2i_loss", "bpr", "w_u2u", "0", "w_i2i", "0")),
                    ctx.withComponents(new ModelComponents(Optional.of(enc), List.of(), List.of(), t)), "test");
        }
        m.fit(split);
        return m;
    }

    @Test
    void aContrastiveLayerAboveTheLayersIsAConfigErrorNamingTheKey() {
        DataSplit split = Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(50, 40, 3, 10, 0.8, 0.8), 3));
        SeededPluginContext ctx = SeededPluginContext.of(split.dataset().schema(), 3, MetricsSink.NOOP).withTrainingData(split);
        assertThatThrownBy(() -> PluginRegistry.discover().create(PluginKind.ENCODER,
                PluginConfig.of("xsimgcl", Map.of("layers", "2", "cl_layer", "3")), ctx.scoped("encoder"), "test"))
                .hasMessageContaining("cl_layer").hasMessageContaining("3");
    }

    /** mean over rows of softplus(u.n - u.v), every vector a row of F = mean . e0 (raw, not normalised). */
    private static double bpr(double[][] mean, double[] e0, int users, int[] us, int[] pos, int[] neg) {
        double[] f = TinyGraph.apply(mean, e0, DIM);
        double sum = 0;
        for (int r = 0; r < us.length; r++) {
            double x = 0;
            for (int c = 0; c < DIM; c++) {
                x += f[us[r] * DIM + c] * (f[(users + neg[r]) * DIM + c] - f[(users + pos[r]) * DIM + c]);
            }
            sum += Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        }
        return sum / us.length;
    }
}
