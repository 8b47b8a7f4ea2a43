package io.mic.spi;

/** Builds {@link Model}s by name ({@code pop}, {@code item-knn}, {@code two-tower}, {@code mic}...). */
public interface ModelFactory extends PluginFactory<Model, ModelContext> {
}
