package io.mic.core.features;

import io.mic.spi.ItemFeatureSource;
import io.mic.spi.ItemFeatureSourceFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;

/**
 * {@code hashed-ngram}: {@link HashedNgramEncoder}. Parameters: {@code dim} (128), {@code min-n} (3),
 * {@code max-n} (5), {@code buckets} (1048576); the projection seed is the run seed.
 */
public final class HashedNgramEncoderFactory implements ItemFeatureSourceFactory {
    @Override
    public String name() {
        return "hashed-ngram";
    }

    @Override
    public String description() {
        return "TF-IDF over hashed character n-grams, seeded random projection (dependency-free text features)";
    }

    @Override
    public ItemFeatureSource create(PluginConfig config, PluginContext context) {
        int dim = config.getInt("dim", 128, 1, 4096);
        int minN = config.getInt("min-n", 3, 1, 16);
        int maxN = config.getInt("max-n", 5, 1, 16);
        if (maxN < minN) {
            throw config.error("max-n", "max-n " + maxN + " < min-n " + minN);
        }
        int buckets = config.getInt("buckets", 1 << 20, 1, 1 << 26);
        return new HashedNgramEncoder(dim, minN, maxN, buckets, context.seed());
    }
}
