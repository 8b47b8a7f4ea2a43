package io.mic.testkit.reference;

import io.mic.core.spi.Augmenter;
import io.mic.core.spi.AugmenterFactory;
import io.mic.core.spi.Column;
import io.mic.core.spi.FeatureBatch;
import io.mic.core.spi.PluginConfig;
import io.mic.core.spi.PluginContext;

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
    public Augmenter create(PluginConfig config, PluginContext context) {
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
