package io.mic.testkit.reference;

import io.mic.spi.ComponentContext;
import io.mic.spi.PluginConfig;
import io.mic.spi.Sampler;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;

/** Reference sampler for the kit's own tests: uniform item negatives, never the row's positive. */
public final class UniformNegativeSamplerFactory implements SamplerFactory {
    @Override
    public String name() {
        return "kit-ref-uniform-negative";
    }

    @Override
    public String description() {
        return "uniform random item negatives (mic-testkit reference)";
    }

    @Override
    public Sampler create(PluginConfig config, ComponentContext context) {
        int perRow = config.getInt("per_row", 4, 1, 1000);
        int numItems = context.schema().numItems();
        if (numItems < 2) {
            throw config.error("", "needs at least two items");
        }
        return (users, items, random) -> {
            if (users.length != items.length) {
                throw new IllegalArgumentException("users (" + users.length + ") and items (" + items.length + ") differ in length");
            }
            int[] ids = new int[items.length * perRow];
            for (int r = 0; r < items.length; r++) {
                for (int j = 0; j < perRow; j++) {
                    int id;
                    do {
                        id = random.nextInt(numItems);
                    } while (id == items[r]);
                    ids[r * perRow + j] = id;
                }
            }
            return new Samples(ids, perRow, Samples.Target.ITEM, false);
        };
    }
}
