package io.mic.models.lightgcn;

import io.mic.spi.ModelComponents;
import io.mic.spi.ModelFactory;
import io.mic.spi.TrainerSettings;
import io.mic.testkit.ModelContractTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The model contract kit (determinism under a seed, shapes, batched = per-user scores, thread safety, config errors) on {@code lightgcn}. */
class LightGcnPassesTheKitTest extends ModelContractTest {
    @Override
    protected ModelFactory factory() {
        return new LightGcnModelFactory();
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("dim", "8", "layers", "2");
    }

    @Override
    protected ModelComponents components() {
        return new ModelComponents(Optional.empty(), List.of(), List.of(),
                new TrainerSettings(2, 128, "adam", 0.01, "constant", 0, 0, "recall@20", null, false, 2));
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("layers", "-1"), Map.of("l2", "-1"), Map.of("dim", "x"));
    }
}
