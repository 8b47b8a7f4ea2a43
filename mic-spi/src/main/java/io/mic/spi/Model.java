package io.mic.spi;

import java.util.Optional;

/**
 * A recommender that can score every item for a user: baselines (popularity, item-kNN) and
 * trained encoders alike. Full-ranking evaluation and the {@code eval} command run through it.
 *
 * <p>Lifecycle: {@link #fit} once (single-threaded), then {@link #score} from many threads.
 */
public interface Model {

    /** Fits on {@code data.train()}; may read {@code data.valid()} for early stopping (the test part is not handed over). */
    void fit(TrainingData data);

    /**
     * Writes a score for every item into {@code out[0 .. numItems)} for {@code user} (higher is
     * better). Thread-safe after fit. Training items are masked by the evaluator, not here.
     */
    void score(int user, float[] out);

    /**
     * Scores several users at once into {@code out} ({@code users.length x numItems}, row-major).
     * Models with a batched path (matrix products) override it.
     */
    default void score(int[] users, float[] out, int numItems) {
        float[] row = new float[numItems];
        for (int i = 0; i < users.length; i++) {
            score(users[i], row);
            System.arraycopy(row, 0, out, i * numItems, numItems);
        }
    }

    /**
     * Every user's vectors after {@link #fit} ({@code numUsers x userInterests} rows, row = internal
     * user id), for serving artifacts (index, neighbour tables); empty for models without vectors
     * (popularity, item-kNN). The returned object is owned by the model: do not mutate it.
     */
    default Optional<Vectors> userVectors() {
        return Optional.empty();
    }

    /** Every item's vector after {@link #fit} (row = internal item id); empty when {@link #userVectors()} is. */
    default Optional<Vectors> itemVectors() {
        return Optional.empty();
    }
}
