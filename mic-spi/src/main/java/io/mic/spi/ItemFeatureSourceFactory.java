package io.mic.spi;

/**
 * Builds {@link ItemFeatureSource}s by name: {@code file} (precomputed feature files),
 * {@code hashed-ngram} (dependency-free TF-IDF over hashed character n-grams, randomly projected),
 * {@code minilm} (all-MiniLM-L6-v2, module {@code mic-features-minilm}).
 */
public interface ItemFeatureSourceFactory extends PluginFactory<ItemFeatureSource, PluginContext> {
}
