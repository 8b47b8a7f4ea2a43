package io.mic.core.features;

import io.mic.spi.ItemFeatureSource;
import io.mic.spi.ItemFeatureSourceFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code file}: {@link FeatureFileSource}. Parameters: {@code path} (required; relative paths
 * against the working directory), {@code require-checksum} (true: the {@code .sha256} manifest
 * must exist; an existing manifest is always checked).
 */
public final class FeatureFileSourceFactory implements ItemFeatureSourceFactory {
    @Override
    public String name() {
        return "file";
    }

    @Override
    public String description() {
        return "precomputed item features: id column + float matrix, text or binary, SHA-256 manifest (docs/features.md)";
    }

    @Override
    public ItemFeatureSource create(PluginConfig config, PluginContext context) {
        Path path = Path.of(config.requireString("path"));
        boolean require = config.getBoolean("require-checksum", true);
        try {
            return new FeatureFileSource(path, FeatureFile.read(path, require));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
