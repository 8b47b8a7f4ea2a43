package io.mic.spi;

/** Builds {@link Encoder}s by name ({@code dssm}, {@code youtube-dnn}, {@code re4}...). */
public interface EncoderFactory extends PluginFactory<Encoder, ComponentContext> {
}
