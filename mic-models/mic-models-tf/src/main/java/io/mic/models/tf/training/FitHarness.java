package io.mic.models.tf.training;

import io.mic.core.data.DataSplit;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.eval.FullRankingEvaluator;
import io.mic.core.eval.Metric;
import io.mic.core.feature.FeatureBuilder;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.export.ExportSignature;
import io.mic.models.tf.export.SavedModelExporter;
import io.mic.models.tf.ops.LogQ;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import io.mic.spi.Model;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's {@code fit}, the part every TensorFlow model does the same way: the optimizer the
 * trainer settings name and the encoder's parameters created with it, the checkpoint directory
 * (a temporary one unless configured) and resume from its newest good checkpoint, the
 * {@link Trainer} run (schedule, clipping, per-epoch checkpoints, early stopping with the best
 * epoch restored), validation as <em>snapshot then score</em> (the model publishes vectors from
 * its current parameters, then the validation split is ranked through its {@link Model#score}),
 * a final snapshot of the restored best epoch, and the label of a SavedModel export.
 *
 * <p>The model supplies how its parameters are created (the encoder's {@code prepare}) and a
 * {@link Fit}: its training graph and feeding ({@link Session}), its snapshot. Determinism and resume are the {@link Trainer}'s: a run resumed
 * from epoch k's checkpoint takes the steps an uninterrupted run takes; {@link Fit#open} gets the
 * global step it continues from, for state a model keys on the step (sampler refresh schedules).
 *
 * <p>One instance per model; {@link #fit} on the caller's thread, once at a time.
 */
public final class FitHarness {
    private static final Logger LOG = LoggerFactory.getLogger(FitHarness.class);

    /** What a model gives the harness. Called on the fitting thread only. */
    public interface Fit {
        /**
         * Builds the training graph and its feeding. {@code startStep} is the global step the run
         * continues from: 0 for a fresh run, the checkpoint's step when resuming (the trainer then
         * restores the parameters, after this call).
         */
        Session open(long startStep);

        /** Publishes vectors computed from the current parameters; {@link Model#score} uses them from now on. */
        void snapshot();

        /** Words appended to the log line of an epoch's validation, after {@link #snapshot}; "" for none. */
        default String epochNote(Validation validation) {
            return "";
        }

        /** Words appended to the log line of the run's result, after the final {@link #snapshot}; "" for none. */
        default String summaryNote() {
            return "";
        }

        /** Called once after the final snapshot (diagnostics, logging). */
        default void finished(Trainer.Report report, Validation validation) {
        }
    }

    /** A model's training graph and feeding for one fit; closed when training ends. */
    public interface Session extends TrainStep, AutoCloseable {
        @Override
        void close();
    }

    /** The early-stopping metric on the validation split, for the model or any other scorer (diagnostics). */
    public static final class Validation {
        private final FullRankingEvaluator evaluator;
        private final Metric metric;
        private final int k;
        private final String label;

        Validation(DataSplit split, TrainerSettings settings) {
            FitSettings.MetricAtK es = FitSettings.earlyStopping(settings);
            this.metric = es.metric();
            this.k = es.k();
            this.label = settings.earlyStoppingMetric();
            this.evaluator = new FullRankingEvaluator(split, List.of(metric), new int[] {k}, settings.threads());
        }

        /** The metric of {@code scorer} ranking the validation split. */
        public double of(Model scorer) {
            return evaluator.evaluate(scorer, FullRankingEvaluator.Target.VALID, Progress.NOOP).get(metric, k);
        }

        /** As the config writes it, e.g. {@code recall@20}. */
        public String label() {
            return label;
        }
    }

    private final String plugin;
    private final TrainerSettings settings;
    private final long seed;
    private final Progress progress;
    private Trainer.Report report;

    /**
     * @param plugin   the model's name in logs, errors and the temporary checkpoint directory
     * @param seed     the run's seed (batch order and per-step randomness, see {@link Trainer})
     */
    public FitHarness(String plugin, TrainerSettings settings, long seed, Progress progress) {
        this.plugin = plugin;
        this.settings = settings;
        this.seed = seed;
        this.progress = progress;
    }

    public TrainerSettings settings() {
        return settings;
    }

    public long seed() {
        return seed;
    }

    /** The trainer's report of the last {@link #fit}; null before. */
    public Trainer.Report report() {
        return report;
    }

    /**
     * Trains {@code fit} on {@code split}, validating {@code model} (whose scores come from the
     * last {@link Fit#snapshot}) after every epoch; ends with the best epoch's parameters
     * restored and snapshotted. {@code prepare} creates the parameters with the optimizer the
     * settings name (idempotent for the same optimizer, as encoders' {@code prepare} are). Returns
     * the trainer's report (also {@link #report()}).
     */
    public Trainer.Report fit(DataSplit split, Model model, Consumer<Optimizer> prepare, Fit fit) {
        prepare.accept(Optimizers.parse(settings.optimizer()));
        Validation validation = new Validation(split, settings);
        try (FitSettings.CheckpointDir ckpt = FitSettings.CheckpointDir.of(settings, plugin)) {
            Path dir = ckpt.path();
            long startStep = settings.resume() ? latestStep(dir) : 0;
            Trainer.Report r;
            try (Session session = fit.open(startStep)) {
                Trainer.Config cfg = FitSettings.trainer(settings, seed, session.examples(), dir, epoch -> {
                    fit.snapshot();
                    double v = validation.of(model);
                    LOG.info("{} epoch {}: valid {} = {}{}", plugin, epoch, validation.label(), String.format("%.5f", v),
                            fit.epochNote(validation));
                    return v;
                }, progress);
                r = new Trainer(cfg).fit(session);
            }
            report = r;
            fit.snapshot();
            LOG.info("{}: {} epochs, best valid {} {} at epoch {}{}", plugin, r.epochs(), validation.label(),
                    String.format("%.5f", r.bestMetric()), r.bestEpoch(), fit.summaryNote());
            fit.finished(r, validation);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The global step of the newest checkpoint in {@code dir}; 0 when none is readable (the trainer then logs why it starts fresh). */
    static long latestStep(Path dir) {
        Path latest = dir.resolve("LATEST");
        if (!Files.exists(latest)) {
            return 0;
        }
        try {
            return Long.parseLong(Checkpoint.readManifest(dir.resolve(Files.readString(latest).trim())).get("step"));
        } catch (IOException | RuntimeException e) {
            return 0; // the trainer falls back to an older checkpoint or a fresh start and logs why
        }
    }

    /**
     * Writes {@code signatures} as a SavedModel under {@code dir}, labelled with the best epoch of
     * the last {@link #fit} ({@code trained} when the report is unknown).
     */
    public void export(Path dir, String name, List<ExportSignature> signatures) throws IOException {
        SavedModelExporter.create(name, report == null ? "trained" : "epoch-" + report.bestEpoch()).export(dir, signatures);
    }

    /** The logQ correction of in-batch negatives from the training split's item counts (sampling probability ∝ count^0.5). */
    public static LogQ itemLogQ(InteractionMatrix train) {
        int[] counts = train.itemCounts();
        long[] lc = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            lc[i] = counts[i];
        }
        return LogQ.fromCounts(lc, 0.5);
    }

    /**
     * The training examples of {@code fb} whose user history is not empty, in example order (the
     * examples of sequence models: an interaction with nothing before it has nothing to encode).
     */
    public static int[] examplesWithHistory(FeatureBuilder fb) {
        int n = fb.numExamples();
        int[] keep = new int[n];
        int w = 0;
        int chunk = 4096;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            int[] ex = range(to - from);
            for (int i = 0; i < ex.length; i++) {
                ex[i] += from;
            }
            Column.MultiIds h = (Column.MultiIds) fb.exampleUsers(ex).column(FeatureBatch.HISTORY);
            for (int r = 0; r < ex.length; r++) {
                if (h.length(r) > 0) {
                    keep[w++] = ex[r];
                }
            }
        }
        return Arrays.copyOf(keep, w);
    }

    /** {@code 0, 1, ..., n - 1}. */
    public static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
