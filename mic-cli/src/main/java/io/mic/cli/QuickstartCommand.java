package io.mic.cli;

import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * The embedded default: synthetic data, baselines, full-ranking metrics and a run directory, with
 * nothing to download and no server to start. Runs the bundled copy of configs/quickstart.textproto.
 */
@Command(name = "quickstart", description = "Run the embedded default end to end on generated data (no downloads, no servers).")
final class QuickstartCommand extends ExperimentCommand {
    static final String RESOURCE = "/io/mic/cli/quickstart.textproto";

    @Override
    LoadedConfig config() throws Exception {
        try (InputStream in = QuickstartCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled " + RESOURCE + " missing from the CLI jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return RunConfigLoader.parse(text, "quickstart.textproto (bundled)", Path.of("."));
        }
    }

    @Override
    boolean writeRun() {
        return true;
    }
}
