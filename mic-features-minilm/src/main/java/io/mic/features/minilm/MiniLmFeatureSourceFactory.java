package io.mic.features.minilm;

import io.mic.core.features.CachedTextFeatures;
import io.mic.spi.ItemFeatureSource;
import io.mic.spi.ItemFeatureSourceFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import java.nio.file.Path;

/**
 * {@code minilm}: {@link MiniLmFeatureSource}. Parameters: {@code cache} (a feature file keyed by the
 * SHA-256 of each text, see {@link CachedTextFeatures}; none by default), {@code batch} (64 texts
 * per model call), {@code threads} (1).
 */
public final class MiniLmFeatureSourceFactory implements ItemFeatureSourceFactory {
    @Override
    public String name() {
        return "minilm";
    }

    @Override
    public String description() {
        return "all-MiniLM-L6-v2 sentence embeddings (384-d, ONNX Runtime, offline), cached by text SHA-256";
    }

    @Override
    public ItemFeatureSource create(PluginConfig config, PluginContext context) {
        String cache = config.getString("cache", "");
        int batch = config.getInt("batch", 64, 1, 4096);
        int threads = config.getInt("threads", 1, 1, 256);
        MiniLmFeatureSource src = new MiniLmFeatureSource(batch, threads);
        return cache.isEmpty() ? src : new CachedTextFeatures(src, Path.of(cache));
    }
}
