package io.mic.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a trainable model should train, from the run config's {@code trainer} section with defaults
 * filled in. Immutable.
 *
 * @param epochs                 maximum number of passes over the training interactions
 * @param batchSize              examples per step
 * @param optimizer              {@code adam} or {@code adagrad}
 * @param learningRate           base learning rate
 * @param schedule               {@code constant}, {@code step} or {@code cosine}
 * @param clipNorm               global gradient-norm clip; 0 disables clipping
 * @param earlyStoppingPatience  epochs without a better validation metric before stopping; 0 = never stop early
 * @param earlyStoppingMetric    validation metric driving early stopping and best-epoch restore (e.g. {@code recall@20})
 * @param checkpointDir          where per-epoch checkpoints go; null lets the model pick a private temporary directory
 * @param resume                 continue from the last good checkpoint in {@code checkpointDir}
 * @param threads                CPU threads the model may use
 * @param earlyStoppingMinEpochs a warm-up (0 = none): patience counts from the later of the best epoch and this one, so
 *                               a run lasts at least this many epochs plus the patience; for losses whose validation metric
 *                               first falls before it climbs (XSimGCL's contrastive term); the best epoch is still chosen
 *                               over all epochs
 */
public record TrainerSettings(int epochs, int batchSize, String optimizer, double learningRate, String schedule, double clipNorm,
        int earlyStoppingPatience, String earlyStoppingMetric, Path checkpointDir, boolean resume, int threads, int earlyStoppingMinEpochs) {

    public TrainerSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(earlyStoppingMetric, "earlyStoppingMetric");
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || clipNorm < 0 || earlyStoppingPatience < 0 || threads < 1
                || earlyStoppingMinEpochs < 0) {
            throw new IllegalArgumentException("invalid trainer settings: " + this);
        }
    }

    /** The same settings with no minimum number of epochs before early stopping. */
    public TrainerSettings(int epochs, int batchSize, String optimizer, double learningRate, String schedule, double clipNorm,
            int earlyStoppingPatience, String earlyStoppingMetric, Path checkpointDir, boolean resume, int threads) {
        this(epochs, batchSize, optimizer, learningRate, schedule, clipNorm, earlyStoppingPatience, earlyStoppingMetric, checkpointDir, resume,
                threads, 0);
    }

    /** Defaults: 10 epochs, batch 256, Adam 1e-3, constant schedule, no clipping, no early stopping. */
    public static TrainerSettings defaults() {
        return new TrainerSettings(10, 256, "adam", 1e-3, "constant", 0, 0, "recall@20", null, false,
                Runtime.getRuntime().availableProcessors());
    }
}
