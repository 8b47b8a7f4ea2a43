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
 */
public record DataSplit(Dataset dataset, InteractionMatrix train, InteractionMatrix valid, InteractionMatrix test, String protocol)
        implements TrainingData {
    public DataSplit {
        Objects.requireNonNull(dataset);
        Objects.requireNonNull(train);
        Objects.requireNonNull(valid);
        Objects.requireNonNull(test);
        Objects.requireNonNull(protocol);
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
