package io.mic.spi;

/** Builds {@link NeighborStore}s by name ({@code memory}, {@code redis}...). */
public interface NeighborStoreFactory extends PluginFactory<NeighborStore, PluginContext> {
}
