package io.mic.models.re4;

import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelFactory;
import io.mic.spi.TrainerSettings;
import io.mic.testkit.ModelContractTest;
import io.mic.testkit.TestData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/**
 * {@code re4} runs the Model kit from mic-testkit (shapes, leak-freedom, determinism, thread-safe
 * scoring), as Re4 with every backward-flow term on and as ComiRec-SA (every λ = 0); two short
 * epochs on the kit's world. {@link Re4ModelTest} checks that it learns.
 */
class Re4PassesTheKitTest {

    private static SeededPluginContext trainedBriefly(TestData d, String name) {
        TrainerSettings t = new TrainerSettings(2, 128, "adam", 0.003, "constant", 0, 0, "recall@20", null, false, 2);
        return d.context(name).withComponents(new ModelComponents(Optional.empty(), List.of(), List.of(), t));
    }

    @Nested
    class Re4 extends ModelContractTest {
        @Override
        protected ModelFactory factory() {
            return new Re4ModelFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("interests", "3", "dim", "16", "attention_dim", "16", "history_length", "10", "recon_dim", "4",
                    "recon_attention_dim", "4");
        }

        @Override
        protected SeededPluginContext contextFor(TestData d) {
            return trainedBriefly(d, factory().name());
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("interests", "0"), Map.of("lambda_cl", "-0.1"), Map.of("history", "future"));
        }
    }

    @Nested
    class ComiRecSa extends ModelContractTest {
        @Override
        protected ModelFactory factory() {
            return new Re4ModelFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("interests", "2", "dim", "16", "attention_dim", "16", "history_length", "10", "lambda_cl", "0",
                    "lambda_att", "0", "lambda_ct", "0");
        }

        @Override
        protected SeededPluginContext contextFor(TestData d) {
            return trainedBriefly(d, factory().name());
        }
    }
}
