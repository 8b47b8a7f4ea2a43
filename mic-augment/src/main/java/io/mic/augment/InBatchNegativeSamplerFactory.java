package io.mic.augment;

import io.mic.core.spi.PluginConfig;
import io.mic.core.spi.PluginContext;
import io.mic.core.spi.Sampler;
import io.mic.core.spi.SamplerFactory;

/**
 * {@code in-batch-negative}: negatives taken from the other rows' items (or users) of the same
 * batch, never equal to the row's own positive.
 *
 * <p>Parameters: {@code per_row} (default 4, in [1, 4096]); {@code target} ({@code item}, default,
 * or {@code user}).
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
    public Sampler create(PluginConfig config, PluginContext context) {
        return new InBatchNegativeSampler(Params.perRow(config, 4), Params.target(config));
    }
}
