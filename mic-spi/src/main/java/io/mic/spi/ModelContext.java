package io.mic.spi;

import java.util.Optional;

/**
 * What the host gives a {@link ModelFactory}: the parts the model is assembled from, the data it will
 * be fit on (when the host knows it at creation) and a progress reporter.
 */
public interface ModelContext extends PluginContext {

    /**
     * The encoder, augmenters, samplers and trainer settings the model's config names, already built;
     * {@link ModelComponents#none()} when it names none. Never null.
     */
    ModelComponents components();

    /**
     * The data {@link Model#fit} will receive, for models that build tables from it at creation
     * (feature tables, id maps); empty when the host creates the model before the data exists.
     */
    default Optional<TrainingData> trainingData() {
        return Optional.empty();
    }

    /** Where long work (epochs) reports progress; {@link Progress#NOOP} when nobody watches. */
    default Progress progress() {
        return Progress.NOOP;
    }
}
