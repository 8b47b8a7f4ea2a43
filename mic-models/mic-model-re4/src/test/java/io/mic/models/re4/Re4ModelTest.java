package io.mic.models.re4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Splitter;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.core.eval.FullRankingEvaluator;
import io.mic.core.eval.Metric;
import io.mic.core.feature.FeatureBuilder;
import io.mic.core.feature.HistoryMode;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.ConfigException;
import io.mic.spi.Encoder;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import io.mic.spi.Vectors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code re4} plugin end to end on planted-group synthetic data (leave-one-out): Re4 and its
 * ComiRec-SA configuration must both reach twice popularity's test Recall@10 (pop ≈ 0.06 here; a
 * model that did not learn stays near pop, so the test can fail). Also: discovery, K vectors per
 * user through the Encoder SPI, the max-over-interests score, and config errors.
 */
class Re4ModelTest {
    private static final Logger LOG = LoggerFactory.getLogger(Re4ModelTest.class);
    private static final PluginRegistry REGISTRY = PluginRegistry.discover();
    private static DataSplit split;
    private static double popRecall;

    @BeforeAll
    static void data() {
        split = Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(800, 400, 6, 25, 0.8, 0.8), 3));
        Model pop = REGISTRY.create(PluginKind.MODEL, PluginConfig.of("pop", Map.of()), context(), "test");
        pop.fit(split);
        popRecall = recall(pop);
        LOG.info("pop recall@10 {}", popRecall);
        assertThat(popRecall).isBetween(0.01, 0.12);
    }

    private static SeededPluginContext context() {
        return SeededPluginContext.of(split.dataset().schema(), 5, MetricsSink.NOOP).withTrainingData(split)
                .withProgress(Progress.NOOP);
    }

    private static double recall(Model m) {
        return new FullRankingEvaluator(split, List.of(Metric.RECALL), new int[] {10}, 2).evaluate(m, FullRankingEvaluator.Target.TEST,
                Progress.NOOP).get(Metric.RECALL, 10);
    }

    private static Model re4(Map<String, String> params, int epochs) {
        TrainerSettings t = new TrainerSettings(epochs, 256, "adam", 0.005, "constant", 0, 0, "recall@20", null, false, 2);
        ModelComponents c = new ModelComponents(Optional.empty(), List.of(), List.of(), t);
        return REGISTRY.create(PluginKind.MODEL, PluginConfig.of("re4", params), context().withComponents(c), "test");
    }

    private static Map<String, String> small(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("interests", "3", "dim", "32", "attention_dim", "32", "history_length", "20"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void serviceLoaderFindsIt() {
        assertThat(ServiceLoader.load(ModelFactory.class).stream().map(p -> p.get().name())).contains("re4");
    }

    @Test
    void re4LearnsAndEmitsKInterestsPerUser() {
        Re4Model m = (Re4Model) re4(small("lambda_cl", "0.1", "lambda_att", "0.1", "lambda_ct", "0.1"), 6);
        m.fit(split);
        double r = recall(m);
        LOG.info("re4: test recall@10 {} (pop {}), interest cosine {}", r, popRecall, m.diversity());
        assertThat(r).isGreaterThan(2 * popRecall);
        assertThat(m.report().epochLoss()).allMatch(Double::isFinite);
        Encoder e = m.encoder().orElseThrow();
        assertThat(e.userInterests()).isEqualTo(3);
        FeatureBuilder fb = FeatureBuilder.of(split, 20, 0, HistoryMode.BEFORE);
        int[] users = {0, 1, 2, 3};
        Vectors v = e.encodeUsers(fb.users(users));
        assertThat(v.rows()).isEqualTo(12);
        assertThat(v.interests()).isEqualTo(3);
        assertThat(m.diversity()).isBetween(-1.0, 0.999);
        // the score is the maximum over the K interests of <z_k, item>
        Vectors items = e.encodeItems(fb.items(new int[] {0, 1, 2, 3, 4}));
        float[] out = new float[split.dataset().numItems()];
        m.score(2, out);
        for (int i = 0; i < 5; i++) {
            float best = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                best = Math.max(best, v.dot(2 * 3 + k, items.values(), i * 32));
            }
            assertThat(out[i]).isCloseTo(best, org.assertj.core.data.Offset.offset(1e-5f));
        }
        // the vectors the run (and mic index) gets: K rows per user, the same interests as the encoder's
        Vectors all = m.userVectors().orElseThrow();
        assertThat(all.interests()).isEqualTo(3);
        assertThat(all.entities()).isEqualTo(split.dataset().numUsers());
        assertThat(java.util.Arrays.copyOfRange(all.values(), 2 * 3 * 32, 3 * 3 * 32))
                .containsExactly(java.util.Arrays.copyOfRange(v.values(), 2 * 3 * 32, 3 * 3 * 32), org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(m.itemVectors().orElseThrow().rows()).isEqualTo(split.dataset().numItems());
        exportReloadsToTheSameVectors(m, fb);
    }

    /** The SavedModel, reloaded by TensorFlow and fed the same histories / ids, gives the in-process vectors (≤ 1e-5). */
    private static void exportReloadsToTheSameVectors(Re4Model m, FeatureBuilder fb) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("re4-export").resolve("1");
            assertThat(m.exportSavedModel(dir)).isTrue();
            int n = fb.numUsers();
            int[] users = new int[n];
            for (int u = 0; u < n; u++) {
                users[u] = u;
            }
            int len = 20;
            int[] hist = Re4Encoder.padHistories((io.mic.spi.Column.MultiIds) fb.users(users).column(io.mic.spi.FeatureBatch.HISTORY),
                    n, len);
            int[] items = new int[fb.numItems()];
            for (int i = 0; i < items.length; i++) {
                items[i] = i;
            }
            try (io.mic.models.tf.export.ExportedModel em = io.mic.models.tf.export.ExportedModel.load(dir, true)) {
                Vectors u = em.call("serving_user").ints("history", hist, n, len).vectors("user_vectors");
                Vectors v = em.call("serving_item").ints("id", items, items.length).vectors("item_vector");
                assertThat(u.interests()).isEqualTo(3);
                assertThat(u.values()).containsExactly(m.userVectors().orElseThrow().values(), org.assertj.core.data.Offset.offset(1e-5f));
                assertThat(v.values()).containsExactly(m.itemVectors().orElseThrow().values(), org.assertj.core.data.Offset.offset(1e-5f));
            }
            io.mic.core.io.AtomicFiles.deleteTree(dir.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void comirecConfigurationLearns() {
        Re4Model m = (Re4Model) re4(small("lambda_cl", "0", "lambda_att", "0", "lambda_ct", "0"), 6);
        m.fit(split);
        double r = recall(m);
        LOG.info("comirec-sa: test recall@10 {} (pop {}), interest cosine {}", r, popRecall, m.diversity());
        assertThat(r).isGreaterThan(2 * popRecall);
    }

    @Test
    void checkpointRoundTripGivesTheSameInterests(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Re4Settings s = Re4Settings.parse(PluginConfig.of("re4", small()));
        int items = split.dataset().numItems();
        Re4Encoder a = new Re4Encoder(s, items, 1);
        a.prepare(io.mic.models.tf.Optimizer.adam());
        a.saveCheckpoint(dir.resolve("ckpt"));
        Re4Encoder b = new Re4Encoder(s, items, 2); // another seed: different initial weights until loaded
        b.loadCheckpoint(dir.resolve("ckpt"));
        FeatureBuilder fb = FeatureBuilder.of(split, 20, 0, HistoryMode.BEFORE);
        int[] users = {0, 5, 9};
        assertThat(b.encodeUsers(fb.users(users)).values()).containsExactly(a.encodeUsers(fb.users(users)).values());
        assertThat(b.parameterCount()).isEqualTo(a.parameterCount());
        Re4Encoder c = new Re4Encoder(s, items, 2);
        c.prepare(io.mic.models.tf.Optimizer.adam());
        assertThat(c.encodeUsers(fb.users(users)).values()).as("the check can fail").isNotEqualTo(a.encodeUsers(fb.users(users)).values());
    }

    @Test
    void badConfigNamesTheKey() {
        assertThatThrownBy(() -> re4(Map.of("interests", "0"), 1)).isInstanceOf(ConfigException.class).hasMessageContaining("interests");
        assertThatThrownBy(() -> re4(Map.of("lambda_cl", "-0.5"), 1)).isInstanceOf(ConfigException.class).hasMessageContaining("lambda_cl");
        assertThatThrownBy(() -> re4(Map.of("lamda_att", "1"), 1)).isInstanceOf(ConfigException.class).hasMessageContaining("lamda_att")
                .hasMessageContaining("lambda_att");
        PluginConfig located = PluginConfig.of("re4", Map.of("interests", "0"), Map.of("interests", "configs/x.textproto:12"), "configs/x.textproto:9");
        assertThatThrownBy(() -> Re4Settings.parse(located)).hasMessageContaining("configs/x.textproto:12").hasMessageContaining("interests");
    }
}
