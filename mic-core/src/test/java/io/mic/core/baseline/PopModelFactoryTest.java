package io.mic.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.data.DataSplit;
import io.mic.core.eval.TestSplits;
import io.mic.spi.Model;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginId;
import io.mic.spi.Schema;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PopModelFactoryTest {
    // item 1 is consumed by every user and twice by user 3 (repeats count): counts 1, 5, 1, 0
    private static final DataSplit SPLIT = TestSplits.of(4,
            new int[][] {{0, 1}, {1}, {1, 2}, {1, 1}},
            TestSplits.none(4),
            new int[][] {{3}, {}, {}, {}});

    private static Model fitted() {
        PluginConfig config = PluginConfig.empty("pop");
        Model model = new PopModelFactory().create(config, new TestPluginContext(Schema.of(4, 4), 7));
        config.requireAllKeysKnown();
        model.fit(SPLIT);
        return model;
    }

    @Test
    void scoresAreTrainInteractionCountsForEveryUser() {
        Model model = fitted();
        for (int u = 0; u < 4; u++) {
            float[] out = new float[4];
            model.score(u, out);
            assertThat(out).containsExactly(1f, 5f, 1f, 0f);
        }
        float[] batch = new float[8];
        model.score(new int[] {3, 0}, batch, 4);
        assertThat(batch).containsExactly(1f, 5f, 1f, 0f, 1f, 5f, 1f, 0f);
    }

    @Test
    void testItemsDoNotCount() {
        // item 3 appears only in test: a leak would give it a non-zero score
        float[] out = new float[4];
        fitted().score(0, out);
        assertThat(out[3]).isZero();
    }

    @Test
    void scoringBeforeFitIsAnError() {
        Model model = new PopModelFactory().create(PluginConfig.empty("pop"), new TestPluginContext(Schema.of(4, 4), 7));
        assertThatThrownBy(() -> model.score(0, new float[4])).isInstanceOf(IllegalStateException.class).hasMessageContaining("before fit");
    }

    @Test
    void rejectsAnyParameter() {
        PluginConfig config = PluginConfig.of("pop", java.util.Map.of("k", "5"));
        new PopModelFactory().create(config, new TestPluginContext(Schema.of(4, 4), 7));
        assertThatThrownBy(config::requireAllKeysKnown).hasMessageContaining("'k'").hasMessageContaining("unknown parameter");
    }

    @Test
    void serviceLoaderFindsItByName() {
        ModelFactory found = null;
        for (ModelFactory f : ServiceLoader.load(ModelFactory.class)) {
            if (f.name().equals("pop")) {
                assertThat(found).as("two factories named pop").isNull();
                found = f;
            }
        }
        assertThat(found).isInstanceOf(PopModelFactory.class);
        assertThat(new PluginId(found.name(), found.version())).hasToString("pop/1");
        assertThat(found.description()).isNotBlank();
    }
}
