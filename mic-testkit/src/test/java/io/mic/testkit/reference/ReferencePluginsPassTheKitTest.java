package io.mic.testkit.reference;

import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.EncoderFactory;
import io.mic.spi.NeighborStoreFactory;
import io.mic.spi.PluginContext;
import io.mic.spi.RerankerFactory;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import io.mic.testkit.AugmenterContractTest;
import io.mic.testkit.Capability;
import io.mic.testkit.EncoderContractTest;
import io.mic.testkit.NeighborStoreContractTest;
import io.mic.testkit.RerankerContractTest;
import io.mic.testkit.RetrievalChannelContractTest;
import io.mic.testkit.SamplerContractTest;
import io.mic.testkit.ServingTables;
import io.mic.testkit.VectorIndexContractTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;

/**
 * The kit's own check that it accepts correct plugins: one small reference implementation per SPI
 * runs its kit (the model kit runs on mic-core's baselines in {@code io.mic.testkit.builtin}).
 */
class ReferencePluginsPassTheKitTest {

    @Nested
    class IdMaskAugmenter extends AugmenterContractTest {
        @Override
        protected AugmenterFactory factory() {
            return new IdMaskAugmenterFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("p", "0.4");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("p", "1.01"), Map.of("p", "often"));
        }
    }

    @Nested
    class UniformNegativeSampler extends SamplerContractTest {
        @Override
        protected SamplerFactory factory() {
            return new UniformNegativeSamplerFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("per_row", "3");
        }

        @Override
        protected Expected expected() {
            return new Expected(3, Samples.Target.ITEM, false, false);
        }
    }

    @Nested
    class MeanPoolEncoder extends EncoderContractTest {
        @Override
        protected EncoderFactory factory() {
            return new MeanPoolEncoderFactory();
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("dim", "0"));
        }
    }

    @Nested
    class ScoreReranker extends RerankerContractTest {
        @Override
        protected RerankerFactory factory() {
            return new ScoreRerankerFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("channel_bonus", "0.5");
        }
    }

    @Nested
    class BruteForceIndex extends VectorIndexContractTest {
        @Override
        protected VectorIndexFactory factory() {
            return new BruteForceIndexFactory();
        }

        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.SAVE);
        }
    }

    /** Saving and loading, checked as an approximate index would be (recall), though it is exact. */
    @Nested
    class SavedBruteForceIndex extends VectorIndexContractTest {
        @Override
        protected VectorIndexFactory factory() {
            return new SavedBruteForceIndexFactory();
        }

        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.EXACT);
        }

        @Override
        protected Optional<VectorIndex> load(Path dir) throws IOException {
            return Optional.of(SavedBruteForceIndexFactory.load(dir));
        }
    }

    @Nested
    class TablesStore extends NeighborStoreContractTest {
        @Override
        protected NeighborStoreFactory factory() {
            return new TablesStoreFactory();
        }

        @Override
        protected SeededPluginContext context() {
            return data().context(name()).withEngineResource(ServingTables.class, tables());
        }
    }

    @Nested
    class U2iChannel extends RetrievalChannelContractTest {
        @Override
        protected RetrievalChannelFactory factory() {
            return new U2iChannelFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("quota", "15", "label", "u2i");
        }

        @Override
        protected Set<String> requiredKeys() {
            return Set.of("label");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("quota", "0"));
        }
    }
}
