package io.mic.models.tf.training;

import io.mic.core.eval.Metric;
import io.mic.spi.TrainerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every model's {@code fit} reads the same way from its {@link TrainerSettings}: the
 * early-stopping metric, the learning-rate schedule and the checkpoint directory (a temporary one,
 * deleted afterwards, when the config names none).
 */
public final class FitSettings {
    private static final Logger LOG = LoggerFactory.getLogger(FitSettings.class);

    private FitSettings() {
    }

    /** A metric at a cutoff, e.g. {@code recall@20}. */
    public record MetricAtK(Metric metric, int k) {
    }

    /** {@code settings.earlyStoppingMetric()} parsed; a clear error when it is not {@code metric@k}. */
    public static MetricAtK earlyStopping(TrainerSettings settings) {
        String[] parts = settings.earlyStoppingMetric().split("@");
        try {
            return new MetricAtK(Metric.parse(parts[0]), Integer.parseInt(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("early-stopping metric '" + settings.earlyStoppingMetric() + "' is not metric@k (e.g. recall@20)");
        }
    }

    /** The configured schedule over {@code totalSteps}: constant, step (halved every third), cosine (1% floor, short warm-up). */
    public static LearningRate schedule(TrainerSettings settings, long totalSteps) {
        double lr = settings.learningRate();
        return switch (settings.schedule()) {
            case "constant" -> LearningRate.constant(lr);
            case "step" -> LearningRate.step(lr, Math.max(1, totalSteps / 3), 0.5);
            case "cosine" -> LearningRate.cosine(lr, lr * 0.01, Math.min(100, totalSteps / 20));
            default -> throw new IllegalArgumentException("unknown lr schedule '" + settings.schedule() + "' (constant, step, cosine)");
        };
    }

    /**
     * The {@link Trainer} config every model builds the same way from its settings: epochs, batch,
     * seed, the configured schedule over {@code examples}' steps, clipping, per-epoch checkpoints in
     * {@code checkpoints} (resume per the settings), early stopping on {@code validation} with the
     * settings' patience (0 = never stop) and minimum epochs, restore of the best epoch, and {@code progress}.
     */
    public static Trainer.Config trainer(TrainerSettings settings, long seed, int examples, java.nio.file.Path checkpoints,
            Trainer.Validation validation, io.mic.spi.Progress progress) {
        long total = (long) ((examples + settings.batchSize() - 1) / settings.batchSize()) * settings.epochs();
        return Trainer.Config.of(settings.epochs(), settings.batchSize(), seed, settings.learningRate())
                .withLearningRate(schedule(settings, total))
                .withClipNorm(settings.clipNorm())
                .withCheckpoints(checkpoints, settings.resume())
                .withEarlyStopping(validation, settings.earlyStoppingPatience() == 0 ? Integer.MAX_VALUE : settings.earlyStoppingPatience(), true)
                .withMinEpochs(settings.earlyStoppingMinEpochs())
                .withProgress(progress);
    }

    /**
     * The checkpoint directory of a fit: {@code trainer.checkpoint_dir}, or a temporary directory
     * deleted on {@link #close} when the config names none ({@code resume} then fails: nothing to
     * resume from).
     */
    public static final class CheckpointDir implements AutoCloseable {
        private final Path path;
        private final boolean temporary;

        private CheckpointDir(Path path, boolean temporary) {
            this.path = path;
            this.temporary = temporary;
        }

        public static CheckpointDir of(TrainerSettings settings, String plugin) throws IOException {
            Path dir = settings.checkpointDir();
            if (dir != null) {
                return new CheckpointDir(dir, false);
            }
            if (settings.resume()) {
                throw new IllegalArgumentException(plugin + ": resume needs trainer.checkpoint_dir");
            }
            return new CheckpointDir(Files.createTempDirectory("mic-" + plugin + "-ckpt"), true);
        }

        public Path path() {
            return path;
        }

        @Override
        public void close() {
            if (!temporary) {
                return;
            }
            try (Stream<Path> s = Files.walk(path)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                LOG.warn("could not delete temporary checkpoints {}: {}", path, e.getMessage());
            }
        }
    }
}
