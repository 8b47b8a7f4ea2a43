package io.mic.augment;

import io.mic.core.data.DataSplit;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.data.WarmItems;
import io.mic.spi.ComponentContext;
import io.mic.spi.PluginConfig;
import io.mic.spi.Sampler;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;

/**
 * {@code popularity-negative}: random negatives with probability proportional to
 * {@code count^alpha}, where {@code count} is an id's number of interactions in the training split
 * (the word2vec/YouTube negative distribution; {@code alpha = 0} is uniform over every id, and for
 * {@code alpha > 0} ids never seen in training are never drawn). A row's own positive is never
 * returned, nor, for target item, a cold item of the split ({@code cold_items}, weight 0 at any alpha).
 *
 * <p>Needs the host's {@link DataSplit} service (the training job provides it); without it
 * {@code create} fails.
 *
 * <p>Parameters: {@code per_row} (default 4, in [1, 4096]); {@code alpha} (default 0.75, in
 * [0, 10]); {@code target} ({@code item}, default, or {@code user}: users weighted by their
 * training interaction counts, excluding the row's own user); {@code exclude_train_items} (default
 * true: never an item the row's user has in training, or for target user a user the row's item
 * has; redrawn up to {@link WarmItems#SAMPLER_MAX_DRAWS} times, then the last draw is
 * accepted and counted in {@code sampler.popularity-negative.capped}).
 */
public final class PopularityNegativeSamplerFactory implements SamplerFactory {
    @Override
    public String name() {
        return "popularity-negative";
    }

    @Override
    public String description() {
        return "random negatives with probability proportional to training count^alpha (alias method)";
    }

    @Override
    public Sampler create(PluginConfig config, ComponentContext context) {
        int perRow = Params.perRow(config, 4);
        double alpha = config.getDouble("alpha", 0.75, 0, 10);
        Samples.Target target = Params.target(config);
        DataSplit split = context.trainingData().map(DataSplit::of).orElseThrow(() -> config.error("",
                "needs the training split (service " + DataSplit.class.getName() + ") for its "
                        + Params.label(target) + " counts, and the host provides none; use it inside a training job"));
        InteractionMatrix train = split.train();
        int[] counts;
        if (target == Samples.Target.ITEM) {
            counts = train.itemCounts();
        } else {
            counts = new int[train.numUsers()];
            for (int u = 0; u < counts.length; u++) {
                counts[u] = train.count(u);
            }
        }
        double[] weights = new double[counts.length];
        double total = 0;
        for (int i = 0; i < counts.length; i++) {
            // Math.pow(0, 0) == 1: alpha = 0 is uniform over every id, unseen ones included
            weights[i] = Math.pow(counts[i], alpha);
            total += weights[i];
        }
        WarmItems warm = Params.warm(context, target);
        if (warm != null) {
            // a cold item is never a negative: weight 0 (alpha > 0 gives it 0 already, having no training count)
            for (int c : warm.cold()) {
                total -= weights[c];
                weights[c] = 0;
            }
        }
        if (!(total > 0)) {
            throw config.error("alpha", "the training split has no " + Params.label(target) + " interactions to weight ("
                    + counts.length + " ids, all with count 0)");
        }
        return new PopularityNegativeSampler(AliasTable.of(weights), perRow, target, Params.exclusion(config, context, target), context.metrics());
    }
}
