package io.mic.augment;

import io.mic.core.data.DataSplit;
import io.mic.core.data.InteractionMatrix;
import io.mic.spi.ComponentContext;
import io.mic.spi.PluginConfig;
import io.mic.spi.Sampler;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;

/**
 * {@code knn-positive}: the MIC paper's extended positives, neighbours in the current embedding
 * space. Every {@code refresh_every} steps it computes, exactly, the top-{@code k} neighbours by
 * inner product of every user or item (self excluded); each batch row then gets {@code per_row}
 * distinct neighbours of its own user or item, uniformly among the {@code k}.
 *
 * <p>Parameters: {@code k} (default 10, in [1, 1024]); {@code per_row} (default 1, in [1, 4096];
 * rows get at most {@code k} distinct neighbours, the rest is padding); {@code refresh_every}
 * (default 100 steps, ≥ 1); {@code target} ({@code item}, default: i2i positives, or {@code user}:
 * u2u positives); {@code space} ({@code embedding}, default, the paper's; or {@code interactions}:
 * the top-{@code k} by co-consumption cosine in the training interactions, computed once at
 * creation from the host's {@code DataSplit}, never refreshed, so {@code refresh_every} and
 * {@code threads} do not apply); {@code threads} (default 0 = every available processor; results do not depend
 * on it). Never a cold item of the split ({@code cold_items}): in embedding space, target item,
 * neighbours are searched among the warm items only (co-occurrence never finds a cold item, which
 * has no training interaction).
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
    public Sampler create(PluginConfig config, ComponentContext context) {
        int k = config.getInt("k", 10, 1, 1024);
        int perRow = Params.perRow(config, 1);
        var target = Params.target(config);
        if (config.getChoice("space", "embedding", "embedding", "interactions").equals("interactions")) {
            DataSplit split = context.trainingData().map(DataSplit::of).orElseThrow(() -> config.error("space",
                    "is 'interactions' but the host provides no " + DataSplit.class.getName() + " (the training interactions)"));
            InteractionMatrix train = split.train();
            InteractionMatrix byItem = train.transpose();
            CooccurrenceNeighbors table = target == Samples.Target.USER
                    ? CooccurrenceNeighbors.topK(train, byItem, k)
                    : CooccurrenceNeighbors.topK(byItem, train, k);
            return new KnnPositiveSampler(table, k, perRow, target, context.metrics());
        }
        int refreshEvery = Params.refreshEvery(config);
        int threads = Params.threads(config);
        return new KnnPositiveSampler(k, perRow, refreshEvery, target, threads, Params.warm(context, target), context.metrics());
    }
}
