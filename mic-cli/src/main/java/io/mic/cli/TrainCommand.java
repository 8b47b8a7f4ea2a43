package io.mic.cli;

import io.mic.core.config.LoadedConfig;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Fits every model of a config, evaluates it and writes a run directory. */
@Command(name = "train", description = "Fit the configured models, evaluate them (full ranking) and write a run directory.")
final class TrainCommand extends ExperimentCommand {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Run config (.textproto).")
    Path config;

    @Option(names = "--resume", description = "Continue training from the last good checkpoints (trainer.checkpoint_dir).")
    boolean resume;

    @Option(names = "--saved-model", paramLabel = "DIR", description = "Also export each tower model as a TensorFlow SavedModel "
            + "(signatures serving_user / serving_item, docs/export.md) to DIR/<label>/1, right after its fit.")
    Path savedModel;

    @Override
    Path savedModels() {
        return savedModel;
    }

    @Override
    boolean resume() {
        return resume;
    }

    @Override
    LoadedConfig config() throws Exception {
        return load(config);
    }

    @Override
    boolean writeRun() {
        return true;
    }
}
