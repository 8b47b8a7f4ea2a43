package io.mic.testkit.reference;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.Column;
import io.mic.spi.ComponentContext;
import io.mic.spi.FeatureBatch;
import io.mic.spi.PluginConfig;

/** Reference augmenter for the kit's own tests: masks each row's id with probability {@code p}. */
public final class IdMaskAugmenterFactory implements AugmenterFactory {
    @Override
    public String name() {
        return "kit-ref-id-mask";
    }

    @Override
    public String description() {
        return "masks ids with probability p (mic-testkit reference)";
    }

    @Override
    public Augmenter create(PluginConfig config, ComponentContext context) {
        double p = config.getDouble("p", 0.2, 0, 1);
        return (batch, random) -> {
            int[] ids = batch.ids().clone();
            for (int r = 0; r < ids.length; r++) {
                if (random.nextDouble() < p) {
                    ids[r] = Column.MISSING;
                }
            }
            return batch.with(FeatureBatch.ID, new Column.Ids(ids));
        };
    }
}
