package io.mic.rerank;

import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.PluginContext;
import io.mic.spi.RerankerFactory;
import io.mic.spi.Vectors;
import io.mic.testkit.RerankerContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** mic-rerank's plugins run the Reranker kit from mic-testkit, the one a third-party reranker extends. */
class RerankersPassTheKitTest {

    @Nested
    class Unified extends RerankerContractTest {
        @Override
        protected RerankerFactory factory() {
            return new UnifiedRerankerFactory();
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("w-sim", "heavy"), Map.of("w-div", "NaN"), Map.of("similarity", "psychic"));
        }
    }

    @Nested
    class UnifiedNormalized extends RerankerContractTest {
        @Override
        protected RerankerFactory factory() {
            return new UnifiedRerankerFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("normalize-diversity", "true", "w-count", "1.5", "w-div", "0.7");
        }

        @Override
        protected int candidateCount() {
            return 500;
        }
    }

    @Nested
    class Mmr extends RerankerContractTest {
        @Override
        protected RerankerFactory factory() {
            return new MmrRerankerFactory();
        }

        /** MMR compares candidates with each other through the item vectors the serving host provides. */
        @Override
        protected SeededPluginContext context() {
            return data().context(factory().name()).withItemVectors(data().itemVectors(dim()));
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("lambda", "1.5"), Map.of("lambda", "-0.1"));
        }
    }
}
