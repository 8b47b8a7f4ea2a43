package io.mic.cli;

import com.google.inject.Injector;
import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import io.mic.core.eval.EvaluationResult;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.run.Experiment;
import io.mic.core.run.RunWriter;
import io.mic.models.tf.SavedModelExportable;
import io.mic.spi.MetricsSink;
import io.mic.spi.Progress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shared body of the commands that run the main job from a config. */
abstract class ExperimentCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset directory (or file), overriding dataset.path in the config.")
    Path data;

    @Option(names = "--output", paramLabel = "DIR", description = "Where run directories go (default: output_dir in the config, else ./runs).")
    Path output;

    @Option(names = "--models", paramLabel = "LABEL", split = ",", description = "Fit and evaluate only these models of the config "
            + "(comma-separated labels); the others may still serve as their `base`. Default: every model.")
    List<String> models;

    /** The loaded config; subclasses pick the file. */
    abstract LoadedConfig config() throws Exception;

    /** Whether to write a run directory. */
    abstract boolean writeRun();

    /** Whether trainable models continue from their last checkpoints. */
    boolean resume() {
        return false;
    }

    /** Where to export each trained model's SavedModel ({@code <dir>/<label>/1}); null: nowhere. */
    Path savedModels() {
        return null;
    }

    /** Whether to print validation (instead of test) numbers. */
    boolean showValidation() {
        return false;
    }

    @Override
    public Integer call() throws Exception {
        common.apply();
        LoadedConfig lc = config();
        Injector injector = common.injector();
        Progress progress = injector.getInstance(Progress.class);
        Experiment exp = new Experiment(lc, injector.getInstance(PluginRegistry.class), progress, injector.getInstance(MetricsSink.class));
        Experiment.Result r = exp.only(models).resume(resume()).savedModels(savedModels(), SavedModelExportable::exportIfSupported).run(data);
        progress.done();
        PrintStream out = System.out;
        out.printf("dataset %s (%s): %d users, %d items, %d interactions; train %d, valid %d, test %d%n", r.filtered().name(),
                r.split().protocol(), r.filtered().users(), r.filtered().items(), r.filtered().interactions(), r.split().train().nnz(),
                r.split().valid().nnz(), r.split().test().nnz());
        List<String> labels = new ArrayList<>();
        List<EvaluationResult> results = new ArrayList<>();
        for (Experiment.ModelResult m : r.models()) {
            labels.add(m.label());
            results.add(showValidation() ? m.valid() : m.test());
        }
        out.println((showValidation() ? "validation" : "test") + " metrics, full ranking over all items:");
        out.print(EvaluationResult.formatTable(labels, results));
        if (writeRun()) {
            String od = lc.config().getOutputDir();
            Path root = output != null ? output : od.isEmpty() ? Path.of("runs") : lc.resolve(od);
            Path dir = RunWriter.write(root, lc, r);
            out.println("run directory: " + dir);
            afterRun(lc, r, dir, injector.getInstance(PluginRegistry.class));
        }
        return 0;
    }

    /** Hook after the run directory is written (quickstart builds and shows the serving path). */
    void afterRun(LoadedConfig lc, Experiment.Result r, Path dir, PluginRegistry registry) throws Exception {
    }

    static LoadedConfig load(Path file) throws Exception {
        return RunConfigLoader.load(file);
    }
}
