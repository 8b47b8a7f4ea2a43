package io.mic.spi;

import java.util.List;
import java.util.Optional;

/**
 * The parts a trainable {@link Model} is assembled from, created by the host from the model's
 * config sections ({@code encoder}, {@code augmenter}, {@code sampler}, {@code trainer}) and
 * handed over through {@link ModelContext#components()}. Baselines ignore it.
 *
 * @param encoder    the two-tower encoder to train, when the config names one
 * @param augmenters augmenters in config order (input-stage and embedding-stage)
 * @param samplers   samplers in config order
 * @param trainer    training settings, defaults filled in
 */
public record ModelComponents(Optional<Encoder> encoder, List<Augmenter> augmenters, List<Sampler> samplers, TrainerSettings trainer) {
    public ModelComponents {
        augmenters = List.copyOf(augmenters);
        samplers = List.copyOf(samplers);
    }

    /**
     * For models that train nothing (baselines): fails naming the plugin when the host passed an
     * encoder, augmenters or samplers, since silently ignoring them would hide a config mistake.
     */
    public static void requireUnused(ModelContext context, PluginConfig config) {
        ModelComponents c = context.components();
        if (c.encoder().isPresent() || !c.augmenters().isEmpty() || !c.samplers().isEmpty()) {
            throw config.error("", "model '" + config.plugin() + "' trains nothing: remove its encoder, augmenter and sampler sections");
        }
    }

    /** No encoder, augmenters or samplers; default trainer settings. */
    public static ModelComponents none() {
        return new ModelComponents(Optional.empty(), List.of(), List.of(), TrainerSettings.defaults());
    }
}
