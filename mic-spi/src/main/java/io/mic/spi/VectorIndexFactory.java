package io.mic.spi;

/** Builds {@link VectorIndex}es by name ({@code exact}, {@code hnsw}...). */
public interface VectorIndexFactory extends PluginFactory<VectorIndex, PluginContext> {
}
