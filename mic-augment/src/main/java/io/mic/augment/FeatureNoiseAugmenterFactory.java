package io.mic.augment;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.ComponentContext;
import io.mic.spi.PluginConfig;
import java.util.List;

/**
 * {@code feature-noise}: Gaussian noise on dense feature columns, MISSRec's feature augmentation.
 *
 * <p>Parameters: {@code sigma} (default 0.01, in [0, 1000]): standard deviation of the additive
 * noise, in the features' own units; {@code columns} (comma list; default every {@code Dense}
 * column of the batch): the columns to perturb, each of which every batch must have as
 * {@code Dense}.
 */
public final class FeatureNoiseAugmenterFactory implements AugmenterFactory {
    @Override
    public String name() {
        return "feature-noise";
    }

    @Override
    public String description() {
        return "adds Gaussian noise to dense features (MISSRec feature augmentation)";
    }

    @Override
    public Augmenter create(PluginConfig config, ComponentContext context) {
        double sigma = config.getDouble("sigma", 0.01, 0, 1000);
        List<String> columns = null;
        if (config.has("columns")) {
            columns = config.getStringList("columns", List.of());
            if (columns.isEmpty()) {
                throw config.error("columns", "is empty; leave it out to perturb every dense column");
            }
        }
        return new FeatureNoiseAugmenter(sigma, columns);
    }
}
