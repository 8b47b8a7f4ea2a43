package io.mic.augment;

import io.mic.core.data.WarmItems;
import io.mic.spi.ComponentContext;
import io.mic.spi.PluginConfig;
import io.mic.spi.Sampler;
import io.mic.spi.SamplerFactory;

/**
 * {@code kmeans-negative}: the MIC paper's hard negatives. Every {@code refresh_every} steps it
 * clusters the current user or item embeddings (k-means++ seeding, then Lloyd iterations, squared
 * Euclidean distance); each batch row then gets {@code per_row} negatives, each a random member of
 * a random non-empty cluster other than its own entity's cluster.
 *
 * <p>Parameters: {@code clusters} (default 16, in [2, 65536]; fewer when there are fewer
 * entities); {@code iterations} (default 10, in [0, 1000]; stops early once no assignment
 * changes); {@code per_row} (default 4, in [1, 4096]); {@code refresh_every} (default 100 steps,
 * ≥ 1); {@code target} ({@code item}, default, or {@code user}); {@code threads} (default 0 =
 * every available processor; results do not depend on it); {@code exclude_train_items} (default
 * true: never an item the row's user has in training, or for target user a user the row's item
 * has; needs the training split; redrawn up to {@link WarmItems#SAMPLER_MAX_DRAWS} times, then
 * the last draw is accepted and counted in {@code sampler.kmeans-negative.capped}; false: the
 * sampler's old draws, which may be the user's training items). With target item the split's cold
 * items ({@code cold_items}) are left out of the clustering, so none is ever drawn.
 */
public final class KMeansNegativeSamplerFactory implements SamplerFactory {
    @Override
    public String name() {
        return "kmeans-negative";
    }

    @Override
    public String description() {
        return "hard negatives from other k-means++ clusters of the current embeddings (MIC)";
    }

    @Override
    public Sampler create(PluginConfig config, ComponentContext context) {
        int clusters = config.getInt("clusters", 16, 2, 65536);
        int iterations = config.getInt("iterations", 10, 0, 1000);
        int perRow = Params.perRow(config, 4);
        int refreshEvery = Params.refreshEvery(config);
        var target = Params.target(config);
        int threads = Params.threads(config);
        return new KMeansNegativeSampler(clusters, iterations, perRow, refreshEvery, target, threads,
                Params.exclusion(config, context, target), Params.warm(context, target), context.metrics());
    }
}
