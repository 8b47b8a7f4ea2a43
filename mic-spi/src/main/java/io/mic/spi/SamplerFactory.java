package io.mic.spi;

/** Builds {@link Sampler}s by name ({@code in-batch}, {@code knn-positive}, {@code kmeans-negative}, {@code popularity}...). */
public interface SamplerFactory extends PluginFactory<Sampler, ComponentContext> {
}
