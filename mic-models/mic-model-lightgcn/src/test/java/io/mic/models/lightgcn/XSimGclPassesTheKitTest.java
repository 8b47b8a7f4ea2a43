package io.mic.models.lightgcn;

import io.mic.spi.ModelComponents;
import io.mic.spi.ModelFactory;
import io.mic.spi.TrainerSettings;
import io.mic.testkit.ModelContractTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model contract kit on {@code xsimgcl}: determinism under a seed holds with the noise on (every
 * propagation draws from a generator seeded by the model seed and the call number).
 */
class XSimGclPassesTheKitTest extends ModelContractTest {
    @Override
    protected ModelFactory factory() {
        return new XSimGclModelFactory();
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("dim", "8", "layers", "2", "eps", "0.2", "cl_weight", "0.1");
    }

    @Override
    protected ModelComponents components() {
        return new ModelComponents(Optional.empty(), List.of(), List.of(),
                new TrainerSettings(2, 128, "adam", 0.01, "constant", 0, 0, "recall@20", null, false, 2));
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("layers", "0"), Map.of("cl_layer", "3"), Map.of("eps", "-1"), Map.of("temperature", "0"), Map.of("dim", "x"));
    }
}
