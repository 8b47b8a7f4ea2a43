package io.mic.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --run DIR [--model LABEL]}: the run and model the serving and export commands work on. */
final class RunModelOptions {
    @Option(names = "--run", required = true, paramLabel = "DIR",
            description = "Run directory written by train/quickstart (the serving commands need `mic index` first).")
    Path run;

    @Option(names = "--model", paramLabel = "LABEL", description = "Model label (default: the first model with vectors).")
    String model;

    /** The run directory and the chosen model's label. */
    record Target(RunDirectory run, String label) {
    }

    /**
     * Opens the run and resolves the model.
     *
     * @throws IllegalArgumentException naming the directory or the labels available
     */
    Target open() {
        RunDirectory rd = RunDirectory.open(run);
        rd.verify();
        return new Target(rd, rd.model(model));
    }
}
