package io.mic.spi;

/**
 * What a {@link Model} fits on: the training interactions, the validation interactions (for early
 * stopping only) and the dataset's schema. The test interactions are deliberately not part of this
 * view, so a model cannot peek at what it is evaluated on.
 *
 * <p>Read-only and owned by the host; valid for the duration of {@link Model#fit}.
 */
public interface TrainingData {

    /** Sizes and user/item fields of the dataset. */
    Schema schema();

    /** What the model fits on. */
    Interactions train();

    /** What early stopping and tuning evaluate on (disjoint from {@link #train()}). */
    Interactions valid();

    /** Name of the split protocol that produced the data (for reports). */
    String protocol();
}
