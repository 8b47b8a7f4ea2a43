package io.mic.models.lightgcn;

import io.mic.spi.ModelFactory;
import java.util.List;
import java.util.Map;

/**
 * The model contract kit on {@code xsimgcl} (components as for {@code lightgcn}): determinism under a seed
 * holds with the noise on (every propagation draws from a generator seeded by the model seed and the call number).
 */
class XSimGclPassesTheKitTest extends LightGcnPassesTheKitTest {
    @Override
    protected ModelFactory factory() {
        return new XSimGclModelFactory();
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("dim", "8", "layers", "2", "eps", "0.2", "cl_weight", "0.1");
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("layers", "0"), Map.of("cl_layer", "3"), Map.of("eps", "-1"), Map.of("temperature", "0"), Map.of("dim", "x"));
    }
}
