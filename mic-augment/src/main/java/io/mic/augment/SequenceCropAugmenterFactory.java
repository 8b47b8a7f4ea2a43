package io.mic.augment;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.ComponentContext;
import io.mic.spi.FeatureBatch;
import io.mic.spi.PluginConfig;

/**
 * {@code sequence-crop}: CL4SRec's crop of a sequence column.
 *
 * <p>Parameters: {@code eta} (default 0.6, in (0, 1]): the kept share of each row, a random
 * contiguous window of {@code max(1, floor(eta · n))} ids, rows of length ≤ 1 unchanged;
 * {@code column} (default {@code history}): the multi-valued column to crop, which every batch
 * must have.
 */
public final class SequenceCropAugmenterFactory implements AugmenterFactory {
    @Override
    public String name() {
        return "sequence-crop";
    }

    @Override
    public String description() {
        return "keeps a random contiguous window of a sequence (CL4SRec crop)";
    }

    @Override
    public Augmenter create(PluginConfig config, ComponentContext context) {
        double eta = config.getDouble("eta", 0.6, 0, 1);
        if (eta == 0) {
            throw config.error("eta", "value 0 is out of range (0, 1]: a crop must keep something");
        }
        String column = config.getString("column", FeatureBatch.HISTORY);
        if (column.isBlank()) {
            throw config.error("column", "is empty");
        }
        return new SequenceCropAugmenter(column, eta);
    }
}
