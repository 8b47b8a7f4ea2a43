package io.mic.spi;

/** Builds {@link Reranker}s by name ({@code mic-unified}, {@code mmr}...). */
public interface RerankerFactory extends PluginFactory<Reranker, RerankerContext> {
}
