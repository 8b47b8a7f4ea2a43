package io.mic.models.crmman;

import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelFactory;
import io.mic.spi.TrainerSettings;
import io.mic.testkit.ModelContractTest;
import io.mic.testkit.TestData;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code crm-man} runs the Model kit from mic-testkit (shapes, leak-freedom, determinism,
 * thread-safe scoring) as the KG-free model (the kit's world has no knowledge graph), one short
 * epoch. {@link CrmManModelTest} checks that it learns, with and without the graph.
 */
class CrmManPassesTheKitTest extends ModelContractTest {
    @Override
    protected ModelFactory factory() {
        return new CrmManModelFactory();
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("dim", "8", "gat_heads", "2", "attention_heads", "2", "history_length", "8", "negatives", "4",
                "text_dim", "16");
    }

    @Override
    protected SeededPluginContext contextFor(TestData d) {
        TrainerSettings t = new TrainerSettings(1, 128, "adam", 0.003, "constant", 0, 0, "recall@20", null, false, 2);
        return d.context(factory().name()).withComponents(new ModelComponents(Optional.empty(), List.of(), List.of(), t));
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("graph", "true"), Map.of("combine", "sum"), Map.of("negatives", "0"));
    }
}
