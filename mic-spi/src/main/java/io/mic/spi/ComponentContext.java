package io.mic.spi;

import java.util.Optional;

/**
 * What the host gives the parts of a trainable model ({@link EncoderFactory}, {@link AugmenterFactory},
 * {@link SamplerFactory}): the base context plus the data the model will be fit on.
 */
public interface ComponentContext extends PluginContext {

    /**
     * The data the model will be fit on, for samplers and augmenters that precompute from it (item
     * popularity, co-occurrence, each user's training items); empty when the host has none (a
     * component created on its own). Plugins that need it should fail in {@code create} naming it.
     */
    default Optional<TrainingData> trainingData() {
        return Optional.empty();
    }
}
