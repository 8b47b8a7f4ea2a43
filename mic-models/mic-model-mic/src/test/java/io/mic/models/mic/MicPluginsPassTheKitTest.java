package io.mic.models.mic;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.TrainerSettings;
import io.mic.testkit.EncoderContractTest;
import io.mic.testkit.ModelContractTest;
import io.mic.testkit.TestData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/**
 * mic-model-mic's encoders and models run the kits from mic-testkit, the ones a third-party
 * encoder or model extends. Models train for two short epochs on the kit's world: the kit checks
 * contracts (shapes, leak-freedom, determinism, thread-safety), {@link ModelTrainingTest} checks
 * that they learn.
 */
class MicPluginsPassTheKitTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.discover();

    /**
     * A tower encoder creates its parameters when the trainer hands it an optimizer (the state per
     * row depends on it); the kit encodes with freshly initialised parameters, as after that call.
     */
    private static Encoder prepared(Encoder e) {
        ((FeatureTowerEncoder) e).prepare(FeatureTowerEncoder.optimizerOf("adam"));
        return e;
    }

    @Nested
    class MfBpr extends EncoderContractTest {
        @Override
        protected EncoderFactory factory() {
            return new MfBprEncoderFactory();
        }

        @Override
        protected Encoder ready(Encoder created) {
            return prepared(created);
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("dim", "16");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("dim", "0"), Map.of("normalize", "maybe"));
        }
    }

    @Nested
    class Dssm extends EncoderContractTest {
        @Override
        protected EncoderFactory factory() {
            return new DssmEncoderFactory();
        }

        @Override
        protected Encoder ready(Encoder created) {
            return prepared(created);
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("dim", "16", "recent_users", "5");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("dim", "0"), Map.of("recent_users", "-1"));
        }
    }

    @Nested
    class YoutubeDnn extends EncoderContractTest {
        @Override
        protected EncoderFactory factory() {
            return new YoutubeDnnEncoderFactory();
        }

        @Override
        protected Encoder ready(Encoder created) {
            return prepared(created);
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("dim", "16", "history_length", "10", "user_id", "true");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("history_length", "0"), Map.of("dim", "-3"));
        }
    }

    @Nested
    class Simplex extends EncoderContractTest {
        @Override
        protected EncoderFactory factory() {
            return new SimplexEncoderFactory();
        }

        @Override
        protected Encoder ready(Encoder created) {
            return prepared(created);
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("dim", "16", "history_length", "10", "gate", "0.3");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("gate", "1.5"), Map.of("init", "xavier"), Map.of("history_length", "0"));
        }
    }

    /** Components of a trainable model on the world {@code d}: its encoder, built as the training job builds it, and two short epochs. */
    private static ModelComponents trainedWith(TestData d, String encoder, Map<String, String> params) {
        Encoder e = REGISTRY.create(PluginKind.ENCODER, PluginConfig.of(encoder, params), d.context("encoder"), "kit");
        TrainerSettings t = new TrainerSettings(2, 128, "adam", 0.003, "constant", 0, 0, "recall@20", null, false, 2);
        return new ModelComponents(Optional.of(e), List.of(), List.of(), t);
    }

    @Nested
    class TwoTower extends ModelContractTest {
        @Override
        protected ModelFactory factory() {
            return new TwoTowerModelFactory();
        }

        @Override
        protected SeededPluginContext contextFor(TestData d) {
            return d.context(factory().name()).withComponents(trainedWith(d, "dssm", Map.of("dim", "16")));
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("l2", "-1"), Map.of("logq", "sometimes"));
        }
    }

    /** two-tower over SimpleX: the CCL path (many sampled negatives, gated user tower). */
    @Nested
    class TwoTowerSimplex extends ModelContractTest {
        @Override
        protected ModelFactory factory() {
            return new TwoTowerModelFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("negatives", "8");
        }

        @Override
        protected SeededPluginContext contextFor(TestData d) {
            return d.context(factory().name()).withComponents(trainedWith(d, "simplex", Map.of("dim", "16", "history_length", "10")));
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("margin", "2"), Map.of("negatives", "0"));
        }
    }

    @Nested
    class Mic extends ModelContractTest {
        @Override
        protected ModelFactory factory() {
            return new MicModelFactory();
        }

        @Override
        protected SeededPluginContext contextFor(TestData d) {
            return d.context(factory().name()).withComponents(trainedWith(d, "youtube-dnn", Map.of("dim", "16", "history_length", "10")));
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("w_i2i", "-0.5"), Map.of("score", "u2x"), Map.of("view_negatives", "some"));
        }
    }
}
