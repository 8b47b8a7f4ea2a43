package io.mic.cli;

import io.mic.core.config.LoadedConfig;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Evaluates the models of a config and prints the metrics without writing a run directory.
 * Baselines hold no trained state, so they are refit here.
 */
@Command(name = "eval", description = "Evaluate the configured models (full ranking) and print metrics; nothing is written.")
final class EvalCommand extends ExperimentCommand {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Run config (.textproto).")
    Path config;

    @Option(names = "--on", paramLabel = "SPLIT", defaultValue = "test", description = "Which split to report: test or valid (default test).")
    String on;

    @Override
    LoadedConfig config() throws Exception {
        if (!on.equals("test") && !on.equals("valid")) {
            throw new IllegalArgumentException("--on must be test or valid, got '" + on + "'");
        }
        return load(config);
    }

    @Override
    boolean writeRun() {
        return false;
    }

    @Override
    boolean showValidation() {
        return on.equals("valid");
    }
}
