package com.example.micplugin;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.Column;
import io.mic.spi.ComponentContext;
import io.mic.spi.FeatureBatch;
import io.mic.spi.PluginConfig;

/** Hides each row's id with probability {@code p}, so a model learns to rely on features too. */
public final class IdDropoutAugmenterFactory implements AugmenterFactory {
    @Override
    public String name() {
        return "example-id-dropout";
    }

    @Override
    public String description() {
        return "replaces ids by MISSING with probability p";
    }

    @Override
    public Augmenter create(PluginConfig config, ComponentContext context) {
        double p = config.getDouble("p", 0.1, 0, 1);
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
