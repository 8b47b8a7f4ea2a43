package io.mic.models.tf.training;

import io.mic.core.io.AtomicFiles;
import io.mic.models.tf.ChecksummedFile;
import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.NonFiniteException;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.StepResult;
import io.mic.models.tf.tables.EmbeddingRows;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.spi.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop shared by every model: epochs of seeded shuffled batches through
 * {@link StepGraph#train} (sparse tables and dense parameters, each with its own
 * {@link Optimizer}), a learning-rate schedule, global-norm clipping, early stopping on a
 * validation metric, a checkpoint after every epoch and resume from the newest good one.
 *
 * <p>Determinism: the order of epoch {@code e} is a Fisher-Yates shuffle seeded by
 * {@code (seed, e)}; the {@code rng} handed to {@link TrainStep#feed} for global step {@code s} is
 * seeded by {@code (seed, s)}. So the RNG state of a run is (seed, epoch, step) and a resumed run
 * takes exactly the steps an uninterrupted one would.
 *
 * <p>Checkpoints: {@code <dir>/ckpt-<epoch>} (see {@link Checkpoint}), the newest named in
 * {@code <dir>/LATEST}; the last {@code keep} are kept, plus the best by validation metric.
 * NaN/Inf in the loss or a gradient stops the run with a {@link NonFiniteException} naming the step
 * and tensor; no parameter of that step was updated and no checkpoint is written, so the last good
 * checkpoint stays the newest.
 *
 * <p>Single-threaded: one {@code fit} at a time, on the caller's thread.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final String LATEST = "LATEST";

    /** Validation hook: a metric where higher is better (e.g. Recall@20 on the validation split). */
    @FunctionalInterface
    public interface Validation {
        double evaluate(int epoch);
    }

    /**
     * Settings of a run.
     *
     * @param epochs          maximum epochs
     * @param batchSize       examples per step (the last batch of an epoch may be smaller)
     * @param seed            the run's seed
     * @param learningRate    schedule over global steps
     * @param clipNorm        global-norm clip, {@code <= 0} for none
     * @param checkpointDir   where checkpoints go, or null for none
     * @param resume          start from the newest good checkpoint in {@code checkpointDir} if any
     * @param keep            checkpoints kept besides the best (at least 1)
     * @param validation      called after each epoch, or null
     * @param patience        epochs without improvement before stopping (with a validation hook)
     * @param minEpochs       a warm-up of this many epochs (0: none): patience counts from the later of the best epoch and
     *                        this one, so the run lasts at least {@code minEpochs + patience} epochs; the best epoch is
     *                        still chosen over all epochs
     * @param restoreBest     at the end, restore the parameters of the best epoch (needs checkpoints)
     * @param progress        progress sink (one task per epoch)
     */
    public record Config(int epochs, int batchSize, long seed, LearningRate learningRate, double clipNorm, Path checkpointDir,
            boolean resume, int keep, Validation validation, int patience, int minEpochs, boolean restoreBest, Progress progress) {
        public Config {
            if (epochs < 1 || batchSize < 1 || keep < 1 || patience < 1) {
                throw new IllegalArgumentException("epochs, batchSize, keep and patience must be >= 1");
            }
            if (minEpochs < 0) {
                throw new IllegalArgumentException("minEpochs must be >= 0, got " + minEpochs);
            }
            Objects.requireNonNull(learningRate, "learningRate");
            Objects.requireNonNull(progress, "progress");
            if ((resume || restoreBest) && checkpointDir == null) {
                throw new IllegalArgumentException("resume and restoreBest need a checkpointDir");
            }
        }

        /** Defaults: constant lr, no clipping, no checkpoints, no validation. */
        public static Config of(int epochs, int batchSize, long seed, double lr) {
            return new Config(epochs, batchSize, seed, LearningRate.constant(lr), 0, null, false, 2, null, 1, 0, false, Progress.NOOP);
        }

        public Config withLearningRate(LearningRate s) {
            return new Config(epochs, batchSize, seed, s, clipNorm, checkpointDir, resume, keep, validation, patience, minEpochs, restoreBest, progress);
        }

        public Config withClipNorm(double c) {
            return new Config(epochs, batchSize, seed, learningRate, c, checkpointDir, resume, keep, validation, patience, minEpochs, restoreBest, progress);
        }

        public Config withCheckpoints(Path dir, boolean resumeFromIt) {
            return new Config(epochs, batchSize, seed, learningRate, clipNorm, dir, resumeFromIt, keep, validation, patience, minEpochs, restoreBest, progress);
        }

        public Config withEarlyStopping(Validation v, int pat, boolean restore) {
            return new Config(epochs, batchSize, seed, learningRate, clipNorm, checkpointDir, resume, keep, v, pat, minEpochs, restore, progress);
        }

        /** Patience counts from epoch {@code e} at the earliest (for losses whose validation metric first falls, e.g. XSimGCL's). */
        public Config withMinEpochs(int e) {
            return new Config(epochs, batchSize, seed, learningRate, clipNorm, checkpointDir, resume, keep, validation, patience, e, restoreBest, progress);
        }

        public Config withProgress(Progress p) {
            return new Config(epochs, batchSize, seed, learningRate, clipNorm, checkpointDir, resume, keep, validation, patience, minEpochs, restoreBest, p);
        }

        public Config withEpochs(int e) {
            return new Config(e, batchSize, seed, learningRate, clipNorm, checkpointDir, resume, keep, validation, patience, minEpochs, restoreBest, progress);
        }
    }

    /**
     * Outcome of {@link #fit}.
     *
     * @param epochs       epochs completed (including those before a resume)
     * @param steps        global steps taken
     * @param epochLoss    mean loss of each epoch run by this call and before (from checkpoints: NaN)
     * @param bestMetric   best validation metric (NaN without validation)
     * @param bestEpoch    epoch (1-based) of the best metric, 0 if none
     * @param stoppedEarly whether patience ran out
     * @param resumedFrom  epoch restored from a checkpoint, 0 if started fresh
     */
    public record Report(int epochs, long steps, List<Double> epochLoss, double bestMetric, int bestEpoch, boolean stoppedEarly,
            int resumedFrom) {
    }

    private final Config config;

    public Trainer(Config config) {
        this.config = config;
    }

    /** Trains {@code model} per the config; see the class comment. */
    public Report fit(TrainStep model) {
        StepGraph graph = model.graph();
        List<EmbeddingTable> tables = new ArrayList<>();
        for (EmbeddingRows r : graph.tables()) {
            if (r instanceof EmbeddingTable t) { // other stores are frozen inputs: neither trained nor checkpointed
                tables.add(t);
            }
        }
        List<DenseParam> params = graph.params();
        int n = model.examples();
        if (n <= 0) {
            throw new IllegalArgumentException("model has no training examples");
        }
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        long totalSteps = (long) batches * config.epochs();

        int epoch = 0;
        long step = 0;
        double best = Double.NaN;
        int bestEpoch = 0;
        int bad = 0;
        boolean stopped = false;
        int resumedFrom = 0;
        List<Double> losses = new ArrayList<>();
        if (config.resume()) {
            Map<String, String> m = restoreLatest(tables, params);
            if (m != null) {
                if (Long.parseLong(m.get("seed")) != config.seed()) {
                    throw new IllegalStateException("checkpoint was written with seed " + m.get("seed") + ", this run has " + config.seed());
                }
                epoch = Integer.parseInt(m.get("epoch"));
                step = Long.parseLong(m.get("step"));
                best = Double.longBitsToDouble(Long.parseUnsignedLong(m.get("best_metric_bits"), 16));
                bestEpoch = Integer.parseInt(m.get("best_epoch"));
                bad = Integer.parseInt(m.get("bad_epochs"));
                stopped = Boolean.parseBoolean(m.get("stopped"));
                resumedFrom = epoch;
                for (int e = 0; e < epoch; e++) {
                    losses.add(Double.NaN);
                }
                LOG.info("resumed from epoch {} (step {})", epoch, step);
            }
        }

        Feeds feeds = graph.newFeeds();
        int[] order = new int[n];
        while (epoch < config.epochs() && !stopped) {
            shuffle(order, config.seed(), epoch);
            config.progress().start("epoch " + (epoch + 1) + "/" + config.epochs(), batches);
            double lossSum = 0;
            long examplesSeen = 0;
            long t0 = System.nanoTime();
            long lastMsg = t0;
            try {
                for (int b = 0; b < batches; b++) {
                    int from = b * config.batchSize();
                    int to = Math.min(n, from + config.batchSize());
                    feeds.clear();
                    model.feed(feeds, order, from, to, new SplittableRandom(Initializer.mix(config.seed() * 0x632BE59BD9B4E019L + step)));
                    float lr = (float) config.learningRate().at(step, totalSteps);
                    StepResult r;
                    try {
                        r = graph.train(feeds, lr, config.clipNorm(), step);
                    } catch (NonFiniteException e) {
                        LOG.error("stopping: {}; the last good checkpoint is {}", e.getMessage(), latestName());
                        throw e;
                    }
                    step++;
                    lossSum += r.loss() * (to - from);
                    examplesSeen += to - from;
                    config.progress().step(1);
                    long now = System.nanoTime();
                    if (now - lastMsg > 500_000_000L || b == batches - 1) {
                        double exPerS = examplesSeen / ((now - t0) / 1e9);
                        config.progress().message(String.format("loss=%.4f ex/s=%.0f lr=%.3g", lossSum / examplesSeen, exPerS, lr));
                        lastMsg = now;
                    }
                }
            } finally {
                config.progress().done();
            }
            epoch++;
            double epochLoss = lossSum / examplesSeen;
            losses.add(epochLoss);
            double metric = Double.NaN;
            boolean improved = false;
            if (config.validation() != null) {
                metric = config.validation().evaluate(epoch);
                if (Double.isNaN(best) || metric > best) {
                    best = metric;
                    bestEpoch = epoch;
                    bad = 0;
                    improved = true;
                } else if (++bad >= config.patience() && epoch - config.minEpochs() >= config.patience()) {
                    stopped = true;
                }
            }
            LOG.info("epoch {}/{}: loss {} steps {} {} {}", epoch, config.epochs(), String.format("%.5f", epochLoss), step,
                    config.validation() != null ? String.format("valid %.5f (best %.5f @%d)", metric, best, bestEpoch) : "",
                    stopped ? "early stop" : "");
            if (config.checkpointDir() != null) {
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("epoch", Integer.toString(epoch));
                meta.put("step", Long.toString(step));
                meta.put("seed", Long.toString(config.seed()));
                meta.put("best_metric_bits", Long.toHexString(Double.doubleToLongBits(best)));
                meta.put("best_epoch", Integer.toString(bestEpoch));
                meta.put("bad_epochs", Integer.toString(bad));
                meta.put("stopped", Boolean.toString(stopped));
                meta.put("epoch_loss", Double.toString(epochLoss));
                writeCheckpoint(epoch, tables, params, meta, improved ? epoch : bestEpoch);
            }
        }
        if (config.restoreBest() && bestEpoch > 0 && bestEpoch != epoch) {
            Path dir = config.checkpointDir().resolve(name(bestEpoch));
            try {
                Checkpoint.restore(dir, tables, params);
                LOG.info("restored the best epoch {} from {}", bestEpoch, dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restore the best checkpoint " + dir, e);
            }
        }
        return new Report(epoch, step, Collections.unmodifiableList(losses), best, bestEpoch, stopped, resumedFrom);
    }

    public static void shuffle(int[] order, long seed, int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(Initializer.mix(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1))));
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    static String name(int epoch) {
        return String.format("ckpt-%06d", epoch);
    }

    private String latestName() {
        if (config.checkpointDir() == null) {
            return "(none: checkpoints are off)";
        }
        try {
            Path latest = config.checkpointDir().resolve(LATEST);
            return Files.exists(latest) ? config.checkpointDir().resolve(Files.readString(latest).trim()).toString() : "(none yet)";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private void writeCheckpoint(int epoch, List<EmbeddingTable> tables, List<DenseParam> params, Map<String, String> meta, int bestEpoch) {
        Path root = config.checkpointDir();
        Path dir = root.resolve(name(epoch));
        try {
            if (Files.exists(dir)) {
                // a crashed earlier attempt at this epoch that never became LATEST
                AtomicFiles.deleteTree(dir);
            }
            Checkpoint.save(dir, tables, params, meta);
            Path tmp = root.resolve(LATEST + ".tmp");
            Files.writeString(tmp, name(epoch) + "\n");
            ChecksummedFile.moveAtomically(tmp, root.resolve(LATEST));
            prune(root, epoch, bestEpoch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir, e);
        }
    }

    private void prune(Path root, int newest, int bestEpoch) throws IOException {
        List<Integer> epochs = listEpochs(root);
        for (int e : epochs) {
            if (e <= newest - config.keep() && e != bestEpoch) {
                AtomicFiles.deleteTree(root.resolve(name(e)));
            }
        }
    }

    private static List<Integer> listEpochs(Path root) throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                String f = p.getFileName().toString();
                if (f.matches("ckpt-\\d{6}") && Files.isDirectory(p)) {
                    out.add(Integer.parseInt(f.substring(5)));
                }
            }
        }
        out.sort(Collections.reverseOrder());
        return out;
    }

    /** Restores the newest checkpoint that verifies (LATEST first, then older ones); null when none. */
    private Map<String, String> restoreLatest(List<EmbeddingTable> tables, List<DenseParam> params) {
        Path root = config.checkpointDir();
        try {
            List<Path> candidates = new ArrayList<>();
            Path latest = root.resolve(LATEST);
            if (Files.exists(latest)) {
                candidates.add(root.resolve(Files.readString(latest).trim()));
            }
            for (int e : listEpochs(root)) {
                Path p = root.resolve(name(e));
                if (!candidates.contains(p)) {
                    candidates.add(p);
                }
            }
            for (Path c : candidates) {
                try {
                    Checkpoint.verify(c);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping checkpoint {}: {}", c, e.getMessage());
                    continue;
                }
                LOG.info("restoring {}", c);
                return Checkpoint.restore(c, tables, params);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + root, e);
        }
    }
}
