package io.mic.augment;

import io.mic.core.spi.PluginConfig;
import io.mic.core.spi.PluginContext;
import io.mic.core.spi.Sampler;
import io.mic.core.spi.SamplerFactory;

/**
 * {@code knn-positive}: the MIC paper's extended positives, neighbours in the current embedding
 * space. Every {@code refresh_every} steps it computes, exactly, the top-{@code k} neighbours by
 * inner product of every user or item (self excluded); each batch row then gets {@code per_row}
 * distinct neighbours of its own user or item, uniformly among the {@code k}.
 *
 * <p>Parameters: {@code k} (default 10, in [1, 1024]); {@code per_row} (default 1, in [1, 4096];
 * rows get at most {@code k} distinct neighbours, the rest is padding); {@code refresh_every}
 * (default 100 steps, ≥ 1); {@code target} ({@code item}, default: i2i positives, or {@code user}:
 * u2u positives); {@code threads} (default 0 = every available processor; results do not depend
 * on it).
 */
public final class KnnPositiveSamplerFactory implements SamplerFactory {
    @Override
    public String name() {
        return "knn-positive";
    }

    @Override
    public String description() {
        return "extended positives: exact top-k inner-product neighbours, refreshed every R steps (MIC)";
    }

    @Override
    public Sampler create(PluginConfig config, PluginContext context) {
        int k = config.getInt("k", 10, 1, 1024);
        int perRow = Params.perRow(config, 1);
        int refreshEvery = Params.refreshEvery(config);
        var target = Params.target(config);
        int threads = Params.threads(config);
        return new KnnPositiveSampler(k, perRow, refreshEvery, target, threads, context.metrics());
    }
}
