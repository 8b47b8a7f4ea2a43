package io.mic.models.missrec;

import io.mic.core.data.DataSplit;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.ItemFeatureSource;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.Progress;
import java.util.List;

/**
 * Shared construction of the {@code sasrec} and {@code missrec} plugins: both train under the run's
 * {@code trainer} settings and build their own encoder, so they take no {@code encoder},
 * {@code augmenter} or {@code sampler} sections. Item features come from the dataset's TEXT and
 * DENSE item fields (param {@code features}: {@code all}, {@code none}, or a comma-separated list of
 * field names). {@code features_source} names an item-features plugin (docs/features.md: {@code minilm},
 * {@code file}, {@code hashed-ngram}) that encodes each item's text as one modality, its parameters
 * given as {@code features_source.<key>} (e.g. {@code features_source.cache}); the plugin comes from
 * the host's registry ({@link PluginRegistry} service) or, without one, from the classpath. See
 * {@link SeqSettings} for every parameter.
 */
abstract class SeqModelFactory implements ModelFactory {
    abstract boolean missrec();

    @Override
    public Model create(PluginConfig config, ModelContext context) {
        ModelComponents c = context.components();
        if (c.encoder().isPresent() || !c.augmenters().isEmpty() || !c.samplers().isEmpty()) {
            throw config.error("", "model '" + name() + "' builds its own encoder (set dim, heads, ... as model params): remove its encoder, "
                    + "augmenter and sampler sections");
        }
        SeqSettings s = SeqSettings.parse(config, missrec());
        List<FrozenFeatures> features = List.of();
        if (s.features() != null) {
            DataSplit split = context.trainingData().map(DataSplit::of).orElseThrow(() -> config.error("features",
                    "item features need the dataset (run it in a training job, or set features = none)"));
            try {
                ItemFeatureSource source = null;
                if (s.featuresSource() != null) {
                    PluginRegistry registry = SeededPluginContext.engineResource(context, PluginRegistry.class).orElseGet(PluginRegistry::discover);
                    source = registry.create(PluginKind.ITEM_FEATURES, PluginConfig.of(s.featuresSource(), s.featuresSourceParams()), context,
                            "model '" + name() + "' features_source");
                }
                features = FrozenFeatures.of(split.dataset(), s.features(), s.textDim(), context.random("features").nextLong(), source,
                        s.featuresSource());
            } catch (IllegalArgumentException e) {
                throw config.error("features", e.getMessage());
            }
            if (features.isEmpty() && !s.ids()) {
                throw config.error("features", "dataset " + split.dataset().name() + " has no TEXT or DENSE item field for an inductive model");
            }
        }
        SeqEncoder encoder = new SeqEncoder(s, context.schema().numItems(), features, context.random("init").nextLong());
        return new SeqModel(config.plugin(), encoder, c.trainer(), context.random("trainer").nextLong(),
                context.progress());
    }
}
