package io.mic.testkit.builtin;

import io.mic.core.baseline.ItemKnnModelFactory;
import io.mic.core.baseline.PopModelFactory;
import io.mic.spi.ModelFactory;
import io.mic.testkit.ModelContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * mic-core's built-in models run the model kit here: mic-testkit depends on mic-core, so mic-core's
 * own tests cannot use the kit without a dependency cycle.
 */
class BaselinesPassTheKitTest {

    @Nested
    class Pop extends ModelContractTest {
        @Override
        protected ModelFactory factory() {
            return new PopModelFactory();
        }
    }

    @Nested
    class ItemKnn extends ModelContractTest {
        @Override
        protected ModelFactory factory() {
            return new ItemKnnModelFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("k", "20", "shrink", "1");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("k", "0"), Map.of("shrink", "-1"), Map.of("k", "ten"));
        }
    }
}
