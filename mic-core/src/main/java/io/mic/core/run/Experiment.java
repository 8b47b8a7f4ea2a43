package io.mic.core.run;

import io.mic.core.config.LoadedConfig;
import io.mic.core.config.proto.EvaluationConfig;
import io.mic.core.config.proto.ModelConfig;
import io.mic.core.config.proto.PluginSpec;
import io.mic.core.config.proto.RunConfig;
import io.mic.core.config.proto.TrainerConfig;
import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.DatasetStats;
import io.mic.core.eval.ClickEvaluator;
import io.mic.core.eval.ClickProtocol;
import io.mic.core.eval.EvaluationResult;
import io.mic.core.eval.FullRankingEvaluator;
import io.mic.core.eval.Metric;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.Augmenter;
import io.mic.spi.Encoder;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.PluginFactory;
import io.mic.spi.PluginId;
import io.mic.spi.Progress;
import io.mic.spi.Sampler;
import io.mic.spi.TrainerSettings;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job: load, filter and split as the protocol says, then fit and evaluate every
 * configured model with full ranking on the validation and test splits.
 *
 * <p>All plugins are created (and their parameters validated) before any data is loaded, so a
 * typo fails in milliseconds, not after an hour of loading.
 */
public final class Experiment {
    /** Default root seed when the config sets none. */
    public static final long DEFAULT_SEED = 42;

    /**
     * Neighbours per item asked of a model that supplies its own ({@link io.mic.spi.ItemNeighborSource})
     * and stored in the run; {@code mic index} keeps the first M3 of them.
     */
    public static final int ITEM_NEIGHBORS_K = 200;

    private static final Logger LOG = LoggerFactory.getLogger(Experiment.class);
    private static final int[] DEFAULT_KS = {10, 20, 50};

    private final LoadedConfig config;
    private final PluginRegistry registry;
    private final Progress progress;
    private final MetricsSink metrics;
    private DatasetStats lastRaw;
    /** Labels to fit (see {@link #only}), or null for every model. */
    private java.util.Set<String> only;
    private boolean resume;
    private java.nio.file.Path savedModels;
    private SavedModelWriter savedModelWriter;

    public Experiment(LoadedConfig config, PluginRegistry registry, Progress progress, MetricsSink metrics) {
        this.config = config;
        this.registry = registry;
        this.progress = progress;
        this.metrics = metrics;
    }

    /**
     * Result of one model. {@code userVectors}/{@code itemVectors} are the fitted model's vectors
     * ({@link Model#userVectors()}), null for models without vectors. {@code components} are the
     * plugins the model was built from (encoder, augmenters, samplers) as {@code kind name/version},
     * in config order, so a run manifest says exactly what produced its vectors. {@code itemNeighbors}
     * are the model's own similar items ({@link io.mic.spi.ItemNeighborSource}, at most
     * {@link #ITEM_NEIGHBORS_K} per item), null when it supplies none.
     */
    public record ModelResult(String label, PluginId plugin, EvaluationResult valid, EvaluationResult test, double fitSeconds,
            double evalSeconds, Vectors userVectors, Vectors itemVectors, ClickEvaluator.Result click, List<String> components,
            EvaluationResult testUnmasked, EvaluationResult testCold, int[][] itemNeighbors) {
        public ModelResult {
            components = List.copyOf(components);
        }

        /** Without the model's own item neighbours ({@code itemNeighbors} null: serving uses vector kNN). */
        public ModelResult(String label, PluginId plugin, EvaluationResult valid, EvaluationResult test, double fitSeconds,
                double evalSeconds, Vectors userVectors, Vectors itemVectors, ClickEvaluator.Result click, List<String> components,
                EvaluationResult testUnmasked, EvaluationResult testCold) {
            this(label, plugin, valid, test, fitSeconds, evalSeconds, userVectors, itemVectors, click, components, testUnmasked, testCold,
                    null);
        }

        /** Without a cold-item test evaluation ({@code testCold} null). */
        public ModelResult(String label, PluginId plugin, EvaluationResult valid, EvaluationResult test, double fitSeconds,
                double evalSeconds, Vectors userVectors, Vectors itemVectors, ClickEvaluator.Result click, List<String> components,
                EvaluationResult testUnmasked) {
            this(label, plugin, valid, test, fitSeconds, evalSeconds, userVectors, itemVectors, click, components, testUnmasked, null);
        }

        /** Without an unmasked test evaluation ({@code testUnmasked} null). */
        public ModelResult(String label, PluginId plugin, EvaluationResult valid, EvaluationResult test, double fitSeconds,
                double evalSeconds, Vectors userVectors, Vectors itemVectors, ClickEvaluator.Result click, List<String> components) {
            this(label, plugin, valid, test, fitSeconds, evalSeconds, userVectors, itemVectors, click, components, null);
        }

        public ModelResult(String label, PluginId plugin, EvaluationResult valid, EvaluationResult test, double fitSeconds,
                double evalSeconds, Vectors userVectors, Vectors itemVectors) {
            this(label, plugin, valid, test, fitSeconds, evalSeconds, userVectors, itemVectors, null, List.of());
        }

        public ModelResult(String label, PluginId plugin, EvaluationResult valid, EvaluationResult test, double fitSeconds,
                double evalSeconds) {
            this(label, plugin, valid, test, fitSeconds, evalSeconds, null, null, null, List.of());
        }

        /** Whether the model left user and item vectors (two-tower and MIC models do; baselines do not). */
        public boolean hasVectors() {
            return userVectors != null && itemVectors != null;
        }
    }

    /**
     * Result of the whole run. {@code datasetPath} is the absolute path the data was read from,
     * null for generated data.
     */
    public record Result(String name, long seed, DatasetStats raw, DatasetStats filtered, DataSplit split, List<ModelResult> models,
            Path datasetPath) {
        public Result(String name, long seed, DatasetStats raw, DatasetStats filtered, DataSplit split, List<ModelResult> models) {
            this(name, seed, raw, filtered, split, models, null);
        }
    }

    public long seed() {
        RunConfig c = config.config();
        return c.hasSeed() ? c.getSeed() : DEFAULT_SEED;
    }

    /** Checks every model's plugin name against the registry (before any data is loaded). */
    public void checkPlugins() {
        RunConfig c = config.config();
        for (int i = 0; i < c.getModelCount(); i++) {
            registry.factory(PluginKind.MODEL, c.getModel(i).getPlugin(), config.locate("model[" + i + "].plugin"));
        }
    }

    /** Refuses a split whose training or test part is empty: its metrics would be NaN, not a result. */
    private void requireNonEmpty(DataSplit split) {
        String part = split.train().nnz() == 0 ? "training" : split.test().nnz() == 0 ? "test" : null;
        if (part != null) {
            throw config.error("protocol", "the " + part + " split of " + split.protocol() + " is empty (" + DatasetStats.of(split.dataset())
                    + "; train " + split.train().nnz() + ", valid " + split.valid().nnz() + ", test " + split.test().nnz()
                    + "): too little data for this protocol; use more data or relax the filters");
        }
    }

    /** Loads the dataset ({@code datasetPath} overrides {@code dataset.path} when non-null), filters and splits it. */
    public DataSplit loadAndSplit(Path datasetPath) throws IOException {
        long t0 = System.nanoTime();
        Dataset ds = DatasetSource.load(config, seed(), datasetPath);
        lastRaw = DatasetStats.of(ds);
        LOG.info("loaded {} in {} ms", lastRaw, (System.nanoTime() - t0) / 1_000_000);
        DataSplit split = Protocols.split(config, ds, seed());
        requireNonEmpty(split);
        LOG.info("protocol {}: {}; train {} valid {} test {}", split.protocol(), DatasetStats.of(split.dataset()), split.train().nnz(),
                split.valid().nnz(), split.test().nnz());
        if (split.coldItems().length > 0) {
            LOG.info("cold items: {} of {} items held out of train and valid", split.coldItems().length, split.train().numItems());
        }
        return split;
    }

    /** Index of the model labelled {@code label} (or whose plugin is {@code label}); null picks the first. */
    public int modelIndex(String label) {
        RunConfig c = config.config();
        if (label == null) {
            return 0;
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < c.getModelCount(); i++) {
            String l = label(c.getModel(i));
            if (l.equals(label)) {
                return i;
            }
            labels.add(l);
        }
        throw new IllegalArgumentException("no model labelled '" + label + "' in " + config.sourceName() + "; models: " + labels);
    }

    /** Creates model {@code index} of the config (validating its parameters) and fits it on {@code split}. */
    public Model fitModel(int index, DataSplit split) {
        ModelConfig mc = config.config().getModel(index);
        String path = "model[" + index + "]";
        SeededPluginContext ctx = context(split).scoped(label(mc));
        ModelComponents components = components(path, mc, ctx);
        PluginConfig pc = config.pluginConfig(path, mc.getPlugin(), mc);
        Model model = registry.create(PluginKind.MODEL, pc, ctx.withComponents(components), config.locate(path));
        model.fit(split);
        return model;
    }

    /** Creates the encoder, augmenters and samplers a model's config names, each validated against the registry. */
    private ModelComponents components(String path, ModelConfig mc, SeededPluginContext ctx) {
        Optional<Encoder> encoder = Optional.empty();
        if (mc.hasEncoder()) {
            encoder = Optional.of(create(PluginKind.ENCODER, path + ".encoder", mc.getEncoder(), ctx.scoped("encoder")));
        }
        List<Augmenter> augmenters = new ArrayList<>();
        for (int j = 0; j < mc.getAugmenterCount(); j++) {
            augmenters.add(create(PluginKind.AUGMENTER, path + ".augmenter[" + j + "]", mc.getAugmenter(j), ctx.scoped("augmenter" + j)));
        }
        List<Sampler> samplers = new ArrayList<>();
        for (int j = 0; j < mc.getSamplerCount(); j++) {
            samplers.add(create(PluginKind.SAMPLER, path + ".sampler[" + j + "]", mc.getSampler(j), ctx.scoped("sampler" + j)));
        }
        return new ModelComponents(encoder, augmenters, samplers, trainerSettings(path + ".trainer", mc.getTrainer()));
    }

    /** {@code kind name/version} of the encoder, augmenters and samplers {@code mc} names, in config order. */
    private List<String> componentIds(ModelConfig mc) {
        List<String> ids = new ArrayList<>();
        if (mc.hasEncoder()) {
            ids.add(componentId(PluginKind.ENCODER, mc.getEncoder()));
        }
        for (PluginSpec a : mc.getAugmenterList()) {
            ids.add(componentId(PluginKind.AUGMENTER, a));
        }
        for (PluginSpec s : mc.getSamplerList()) {
            ids.add(componentId(PluginKind.SAMPLER, s));
        }
        return ids;
    }

    private String componentId(PluginKind<?> kind, PluginSpec spec) {
        return kind.label() + " " + PluginRegistry.idOf(registry.factory(kind, spec.getName()));
    }

    private <T, C extends PluginContext, F extends PluginFactory<T, C>> T create(PluginKind<F> kind, String path, PluginSpec spec, C ctx) {
        if (spec.getName().isEmpty()) {
            throw config.error(path, kind.label() + " name is required, e.g. " + kind.label() + " { name: \"...\" }; available: "
                    + registry.names(kind));
        }
        return registry.create(kind, config.pluginConfig(path, spec.getName(), spec), ctx, config.locate(path + ".name"));
    }

    private TrainerSettings trainerSettings(String path, TrainerConfig t) {
        TrainerSettings d = TrainerSettings.defaults();
        Path checkpoints = t.getCheckpointDir().isEmpty() ? d.checkpointDir() : config.resolve(t.getCheckpointDir());
        return new TrainerSettings(
                t.hasEpochs() ? t.getEpochs() : d.epochs(),
                t.hasBatchSize() ? t.getBatchSize() : d.batchSize(),
                t.getOptimizer().isEmpty() ? d.optimizer() : t.getOptimizer(),
                t.hasLearningRate() ? t.getLearningRate() : d.learningRate(),
                t.getLrSchedule().isEmpty() ? d.schedule() : t.getLrSchedule(),
                t.hasClipNorm() ? t.getClipNorm() : d.clipNorm(),
                t.hasEarlyStoppingPatience() ? t.getEarlyStoppingPatience() : d.earlyStoppingPatience(),
                t.getEarlyStoppingMetric().isEmpty() ? d.earlyStoppingMetric() : t.getEarlyStoppingMetric(),
                checkpoints, resume, t.hasThreads() ? t.getThreads() : d.threads(),
                t.hasEarlyStoppingMinEpochs() ? t.getEarlyStoppingMinEpochs() : d.earlyStoppingMinEpochs());
    }

    /**
     * Export each trained model that has a serving graph as {@code dir/<label>/1} (the TF Serving
     * layout), right after its fit, with {@code writer} (the TF runtime's, which knows which models
     * have one); null dir (default): none.
     */
    public Experiment savedModels(java.nio.file.Path dir, SavedModelWriter writer) {
        this.savedModels = dir;
        this.savedModelWriter = writer;
        return this;
    }

    /** Writes a trained model's serving graph into a new directory; false when the model has none. */
    @FunctionalInterface
    public interface SavedModelWriter {
        boolean write(Model model, java.nio.file.Path dir) throws java.io.IOException;
    }

    /**
     * Fit and evaluate only the models with these labels (the CLI's {@code --models}); the others stay in the config
     * as bases of these. Null or empty: every model. An unknown label is an error listing the config's labels.
     */
    public Experiment only(List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            this.only = null;
            return this;
        }
        java.util.Set<String> set = new java.util.LinkedHashSet<>();
        for (String l : labels) {
            modelIndex(l);
            set.add(l);
        }
        this.only = set;
        return this;
    }

    /** Continue training from the last good checkpoints (the CLI's {@code --resume}). */
    public Experiment resume(boolean value) {
        this.resume = value;
        return this;
    }

    private SeededPluginContext context(DataSplit split) {
        return SeededPluginContext.of(split.dataset().schema(), seed(), metrics)
                .withProgress(progress)
                .withTrainingData(split)
                .withEngineResource(PluginRegistry.class, registry);
    }

    private static String label(ModelConfig mc) {
        return mc.getLabel().isEmpty() ? mc.getPlugin() : mc.getLabel();
    }

    /** The absolute path the data is read from ({@code override} first, else {@code dataset.path}), null for generated data. */
    public Path datasetPath(Path override) {
        String p = config.config().getDataset().getPath();
        Path path = override != null ? override : p.isEmpty() ? null : config.resolve(p);
        return path == null ? null : path.toAbsolutePath().normalize();
    }

    /** Runs the job; {@code datasetPath} overrides {@code dataset.path} when non-null. */
    public Result run(Path datasetPath) throws IOException {
        RunConfig c = config.config();
        checkPlugins();
        DataSplit split = loadAndSplit(datasetPath);
        DatasetStats raw = lastRaw;
        DatasetStats filtered = DatasetStats.of(split.dataset());

        EvaluationConfig ec = c.getEvaluation();
        int[] ks = ec.getKCount() == 0 ? DEFAULT_KS : ec.getKList().stream().mapToInt(Integer::intValue).toArray();
        List<Metric> ms = new ArrayList<>();
        for (int i = 0; i < ec.getMetricCount(); i++) {
            try {
                ms.add(Metric.parse(ec.getMetric(i)));
            } catch (IllegalArgumentException e) {
                throw config.error("evaluation.metric[" + i + "]", e.getMessage());
            }
        }
        if (ms.isEmpty()) {
            ms = List.of(Metric.values());
        }
        int threads = ec.hasThreads() ? ec.getThreads() : Runtime.getRuntime().availableProcessors();
        FullRankingEvaluator evaluator = new FullRankingEvaluator(split, ms, ks, threads);
        ClickEvaluator clicks = ClickProtocol.NAME.equals(split.protocol()) ? new ClickEvaluator(split, seed()) : null;

        List<ModelResult> results = new ArrayList<>();
        for (int i = 0; i < c.getModelCount(); i++) {
            ModelConfig mc = c.getModel(i);
            if (only != null && !only.contains(label(mc))) {
                continue;
            }
            ModelFactory f = registry.factory(PluginKind.MODEL, mc.getPlugin(), config.locate("model[" + i + "].plugin"));
            long f0 = System.nanoTime();
            Model model = fitModel(i, split);
            double fitSeconds = (System.nanoTime() - f0) / 1e9;
            if (savedModels != null) {
                java.nio.file.Path out = savedModels.resolve(label(mc)).resolve("1");
                try {
                    LOG.info("{}: {}", label(mc), savedModelWriter.write(model, out) ? "SavedModel written to " + out : "no SavedModel (not a tower model)");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(label(mc) + ": SavedModel export to " + out, e);
                }
            }
            long e0 = System.nanoTime();
            EvaluationResult valid = evaluator.evaluate(model, FullRankingEvaluator.Target.VALID, progress);
            EvaluationResult test = evaluator.evaluate(model, FullRankingEvaluator.Target.TEST, progress);
            EvaluationResult testUnmasked = ec.getUnmaskedTest() ? evaluator.evaluate(model, FullRankingEvaluator.Target.TEST_UNMASKED, progress) : null;
            EvaluationResult testCold = evaluator.hasColdItems() ? evaluator.evaluate(model, FullRankingEvaluator.Target.TEST_COLD, progress) : null;
            if (testCold != null) {
                LOG.info("{}: test on cold items ({} users): {}", label(mc), testCold.users(), testCold);
            }
            ClickEvaluator.Result click = clicks == null ? null : clicks.evaluate(model);
            if (click != null) {
                LOG.info("{}: click prediction {}", label(mc), click);
            }
            double evalSeconds = (System.nanoTime() - e0) / 1e9;
            LOG.info("{}: fit {} s, eval {} s", label(mc), String.format("%.2f", fitSeconds), String.format("%.2f", evalSeconds));
            results.add(new ModelResult(label(mc), PluginRegistry.idOf(f), valid, test, fitSeconds, evalSeconds,
                    model.userVectors().orElse(null), model.itemVectors().orElse(null), click, componentIds(mc), testUnmasked, testCold,
                    model instanceof io.mic.spi.ItemNeighborSource ns ? ns.itemNeighbors(ITEM_NEIGHBORS_K) : null));
        }
        String name = c.getName().isEmpty() ? "run" : c.getName();
        return new Result(name, seed(), raw, filtered, split, List.copyOf(results), datasetPath(datasetPath));
    }
}
