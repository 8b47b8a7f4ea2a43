package io.mic.models.crmman;

import io.mic.spi.ItemFeatureSource;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.Progress;

/**
 * {@code crm-man}: CRM-MAN (knowledge-graph + text item representations, graph attention,
 * liked/disliked user views). Trains under the run's {@code trainer} settings and builds its own
 * towers, so it takes no {@code encoder}, {@code augmenter} or {@code sampler} sections. Parameters
 * and defaults: {@link CrmManSettings}; without {@code kg_dir} (or with {@code graph: false}) it is the KG-free model.
 */
public final class CrmManModelFactory implements ModelFactory {
    @Override
    public String name() {
        return "crm-man";
    }

    @Override
    public String description() {
        return "CRM-MAN: text + KG item graph (SDNE init, 2-layer GAT) items, liked/disliked self-attention user views, sampled softmax";
    }

    @Override
    public Model create(PluginConfig config, ModelContext context) {
        ModelComponents c = context.components();
        if (c.encoder().isPresent() || !c.augmenters().isEmpty() || !c.samplers().isEmpty()) {
            throw config.error("", "model 'crm-man' builds its own towers (set dim, combine, ... as model params): remove its encoder, "
                    + "augmenter and sampler sections");
        }
        CrmManSettings s = CrmManSettings.parse(config);
        ItemFeatureSource text = s.text() ? ItemText.open(s, config, context) : null;
        return new CrmManModel(config.plugin(), s, text, c.trainer(), context.random("trainer").nextLong(),
                context.progress());
    }
}
