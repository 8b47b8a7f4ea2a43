package io.mic.augment;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.ComponentContext;
import io.mic.spi.FeatureBatch;
import io.mic.spi.PluginConfig;

/**
 * {@code sequence-reorder}: CL4SRec's reorder of a sequence column.
 *
 * <p>Parameters: {@code beta} (default 0.2, in [0, 1]): the shuffled share of each row, a random
 * contiguous window of {@code floor(beta · n)} ids (windows shorter than 2 change nothing);
 * {@code column} (default {@code history}): the multi-valued column, which every batch must have.
 */
public final class SequenceReorderAugmenterFactory implements AugmenterFactory {
    @Override
    public String name() {
        return "sequence-reorder";
    }

    @Override
    public String description() {
        return "shuffles a random contiguous window of a sequence (CL4SRec reorder)";
    }

    @Override
    public Augmenter create(PluginConfig config, ComponentContext context) {
        double beta = config.getDouble("beta", 0.2, 0, 1);
        String column = config.getString("column", FeatureBatch.HISTORY);
        if (column.isBlank()) {
            throw config.error("column", "is empty");
        }
        return new SequenceReorderAugmenter(column, beta);
    }
}
