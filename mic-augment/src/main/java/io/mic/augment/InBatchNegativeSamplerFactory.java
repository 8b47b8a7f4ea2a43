package io.mic.augment;

import io.mic.core.data.WarmItems;
import io.mic.spi.ComponentContext;
import io.mic.spi.PluginConfig;
import io.mic.spi.Sampler;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;

/**
 * {@code in-batch-negative}: negatives taken from the other rows' items (or users) of the same
 * batch, never equal to the row's own positive.
 *
 * <p>Parameters: {@code per_row} (default 4, in [1, 4096]); {@code target} ({@code item}, default,
 * or {@code user}); {@code exclude_train_items} (default true: never an item the row's user has
 * in training, or for target user a user the row's item has; needs the training split; after
 * {@link WarmItems#SAMPLER_MAX_DRAWS} draws the last is accepted and counted in
 * {@code sampler.in-batch-negative.capped}; false: only the row's own positive is excluded).
 */
public final class InBatchNegativeSamplerFactory implements SamplerFactory {
    @Override
    public String name() {
        return "in-batch-negative";
    }

    @Override
    public String description() {
        return "negatives taken from the other rows of the same batch";
    }

    @Override
    public Sampler create(PluginConfig config, ComponentContext context) {
        Samples.Target target = Params.target(config);
        return new InBatchNegativeSampler(Params.perRow(config, 4), target, Params.exclusion(config, context, target), context.metrics());
    }
}
