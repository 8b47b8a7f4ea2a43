package io.mic.cli;

import io.mic.core.config.LoadedConfig;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.run.Tuner;
import io.mic.spi.MetricsSink;
import io.mic.spi.Progress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Hyper-parameter search on the validation split: the config's {@code tune} section (docs/tuning.md). */
@Command(name = "tune", description = "Search one model's hyper-parameters (the config's tune section) on the validation split; "
        + "resumable, one run directory per trial, a table of trials and the best config.")
final class TuneCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Run config (.textproto) with a tune section.")
    Path config;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset directory (or file), overriding dataset.path in the config.")
    Path data;

    @Option(names = "--output", paramLabel = "DIR", description = "Tune directory (default: <output_dir or ./runs>/tune-<config name>); "
            + "rerunning into it skips the finished trials.")
    Path output;

    @Override
    public Integer call() throws Exception {
        common.apply();
        LoadedConfig lc = ExperimentCommand.load(config);
        var injector = common.injector();
        String od = lc.config().getOutputDir();
        Path root = od.isEmpty() ? Path.of("runs") : lc.resolve(od);
        String name = lc.config().getName().isEmpty() ? "run" : lc.config().getName();
        Path dir = output != null ? output : root.resolve("tune-" + name);
        Tuner.Result r = new Tuner(lc, injector.getInstance(PluginRegistry.class), injector.getInstance(Progress.class),
                injector.getInstance(MetricsSink.class)).run(dir, data);
        PrintStream out = System.out;
        long skipped = r.trials().stream().filter(Tuner.TrialResult::skipped).count();
        out.printf("%d trials (%d finished earlier, skipped), best first, validation %s:%n", r.trials().size(), skipped, r.metric());
        out.print(Files.readString(r.table()));
        out.println("best config: " + r.best());
        out.println("tune directory: " + r.dir());
        return 0;
    }
}
