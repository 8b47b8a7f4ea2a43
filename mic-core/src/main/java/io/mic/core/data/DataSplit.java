package io.mic.core.data;

import io.mic.spi.Schema;
import io.mic.spi.TrainingData;
import java.util.Objects;

/**
 * A dataset divided into train, validation and test interactions (same user and item id spaces).
 *
 * @param dataset  the (filtered) dataset the split came from
 * @param train    what models fit on
 * @param valid    what tuning and early stopping evaluate on (train masked)
 * @param test     what reported numbers evaluate on (train and valid masked)
 * @param protocol name of the protocol that produced the split, for reports
 * @param coldItems items held out of training entirely ({@link Splitter#holdOutItems}): ascending, distinct;
 *                  train and valid hold none of their interactions, test keeps them; empty when no item is held out
 */
public record DataSplit(Dataset dataset, InteractionMatrix train, InteractionMatrix valid, InteractionMatrix test, String protocol,
        int[] coldItems) implements TrainingData {
    public DataSplit {
        Objects.requireNonNull(dataset);
        Objects.requireNonNull(train);
        Objects.requireNonNull(valid);
        Objects.requireNonNull(test);
        Objects.requireNonNull(protocol);
        coldItems = coldItems == null ? new int[0] : coldItems.clone();
        for (int i = 0; i < coldItems.length; i++) {
            if (coldItems[i] < 0 || coldItems[i] >= train.numItems() || (i > 0 && coldItems[i] <= coldItems[i - 1])) {
                throw new IllegalArgumentException("cold items must be distinct item ids in [0, " + train.numItems() + ") in ascending order");
            }
        }
    }

    /** A split with no cold items. */
    public DataSplit(Dataset dataset, InteractionMatrix train, InteractionMatrix valid, InteractionMatrix test, String protocol) {
        this(dataset, train, valid, test, protocol, null);
    }

    /** The held-out (cold) items, ascending (a copy; empty when none). */
    @Override
    public int[] coldItems() {
        return coldItems.clone();
    }

    /** The dataset's schema. */
    @Override
    public Schema schema() {
        return dataset.schema();
    }

    /**
     * The engine's split behind {@code data}: in-repo models that use engine helpers (feature
     * builders, the fit harness) take the host's {@code DataSplit}; fails for any other view.
     */
    public static DataSplit of(TrainingData data) {
        if (data instanceof DataSplit split) {
            return split;
        }
        throw new IllegalArgumentException("this model runs inside the MIC engine and needs its DataSplit, got "
                + data.getClass().getName());
    }
}
