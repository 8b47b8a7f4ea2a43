package io.mic.core.data;

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
public record DataSplit(Dataset dataset, InteractionMatrix train, InteractionMatrix valid, InteractionMatrix test, String protocol) {
    public DataSplit {
        Objects.requireNonNull(dataset);
        Objects.requireNonNull(train);
        Objects.requireNonNull(valid);
        Objects.requireNonNull(test);
        Objects.requireNonNull(protocol);
    }
}
