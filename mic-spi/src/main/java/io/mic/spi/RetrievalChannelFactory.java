package io.mic.spi;

/** Builds {@link RetrievalChannel}s by name ({@code u2i}, {@code i2i}, {@code u2u}, {@code multi-interest}...). */
public interface RetrievalChannelFactory extends PluginFactory<RetrievalChannel, RetrievalChannelContext> {
}
