package io.mic.spi;

/** Builds {@link Augmenter}s by name ({@code field-mask}, {@code sequence-crop}, {@code embedding-dropout}...). */
public interface AugmenterFactory extends PluginFactory<Augmenter, ComponentContext> {
}
