package io.mic.testkit.reference;

import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import io.mic.testkit.TestingVectorIndex;

/** Reference index for the kit's own tests: {@link TestingVectorIndex}, which cannot be saved. */
public final class BruteForceIndexFactory implements VectorIndexFactory {
    @Override
    public String name() {
        return "kit-ref-brute-force";
    }

    @Override
    public String description() {
        return "exact inner-product search (mic-testkit reference)";
    }

    @Override
    public VectorIndex create(PluginConfig config, PluginContext context) {
        return new TestingVectorIndex();
    }
}
