package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Splitter;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.core.eval.FullRankingEvaluator;
import io.mic.core.eval.Metric;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.PluginConfig;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import io.mic.spi.Vectors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LightGCN and XSimGCL (LightGCN + noise + cross-layer contrast, same module) learn the planted groups: on synthetic data (800 users, 400 items, 6 groups,
 * leave-one-out) its test Recall@10 must be at least twice popularity's (pop gets about 0.06 here;
 * LightGCN about 0.3 and XSimGCL about 0.3 when this was written, logged), and their scores are the dot products of the
 * vectors it exposes for serving.
 */
class TrainingTest {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingTest.class);

    @ParameterizedTest
    @ValueSource(strings = {"lightgcn", "xsimgcl"})
    void learnsPlantedGroupsAndScoresWithItsVectors(String plugin) {
        DataSplit split = Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(800, 400, 6, 25, 0.8, 0.8), 3));
        PluginRegistry registry = PluginRegistry.discover();
        SeededPluginContext ctx = SeededPluginContext.of(split.dataset().schema(), 3, MetricsSink.NOOP).withProgress(Progress.NOOP);
        TrainerSettings t = new TrainerSettings(6, 512, "adam", 0.01, "constant", 0, 0, "recall@20", null, false, 2);
        Model lightgcn = registry.create(PluginKind.MODEL, PluginConfig.of(plugin, Map.of("dim", "32", "layers", "2")),
                ctx.withComponents(new ModelComponents(Optional.empty(), List.of(), List.of(), t)), "test");
        Model pop = registry.create(PluginKind.MODEL, PluginConfig.empty("pop"), ctx, "test");
        FullRankingEvaluator eval = new FullRankingEvaluator(split, List.of(Metric.RECALL), new int[] {10}, 2);
        pop.fit(split);
        lightgcn.fit(split);
        double popRecall = eval.evaluate(pop, FullRankingEvaluator.Target.TEST, Progress.NOOP).get(Metric.RECALL, 10);
        double recall = eval.evaluate(lightgcn, FullRankingEvaluator.Target.TEST, Progress.NOOP).get(Metric.RECALL, 10);
        LOG.info("test recall@10: {} {} pop {}", plugin, String.format("%.4f", recall), String.format("%.4f", popRecall));
        assertThat(popRecall).isBetween(0.01, 0.12);
        assertThat(recall).isGreaterThan(2 * popRecall);

        Vectors u = lightgcn.userVectors().orElseThrow();
        Vectors v = lightgcn.itemVectors().orElseThrow();
        assertThat(u.rows()).isEqualTo(split.train().numUsers());
        assertThat(v.rows()).isEqualTo(split.train().numItems());
        float[] scores = new float[v.rows()];
        lightgcn.score(7, scores);
        for (int i = 0; i < v.rows(); i += 37) {
            assertThat(scores[i]).isEqualTo(v.dot(i, u.values(), u.offset(7)));
        }
    }
}
