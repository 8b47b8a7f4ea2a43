package io.mic.cli;

import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.run.Experiment;
import io.mic.retrieval.serve.Recommender;
import io.mic.retrieval.serve.RecommenderSettings;
import io.mic.retrieval.serve.Recommenders;
import io.mic.retrieval.serve.RunInputs;
import io.mic.retrieval.serve.ServingArtifacts;
import io.mic.spi.MetricsSink;
import java.io.InputStream;
import java.io.PrintStream;
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

    /**
     * The serving half on the model just trained: item index + neighbour/history tables from its
     * vectors (the {@code mic index} job), then the Recommender (U2I + I2I + U2U, mic-unified) for
     * three users, with each item's channel provenance.
     */
    @Override
    void afterRun(LoadedConfig lc, Experiment.Result r, Path dir, PluginRegistry registry) throws Exception {
        RunDirectory rd = RunDirectory.open(dir);
        if (rd.manifest().getVectorsCount() == 0) {
            return;
        }
        String label = rd.model(null);
        PrintStream out = System.out;
        IndexJob.Loaded l = new IndexJob.Loaded(rd, rd.config(), r.split(), RunInputs.history(r.split()));
        ServingArtifacts a = IndexJob.build(l, label, registry, 50, 50, Runtime.getRuntime().availableProcessors());
        out.println();
        IndexCommand.print(a);
        try (Recommender rec = Recommenders.open(RecommenderSettings.defaults(a.dir()), registry, MetricsSink.NOOP)) {
            for (int u : new int[] {0, 1, 2}) {
                out.println();
                RecommendCommand.print(out, label, rec, rec.recommend(u, 5));
            }
        }
        out.println();
        out.println("next: ./mic recommend --run " + dir + " --user " + r.split().dataset().users().external(0) + "   |   ./mic serve --run "
                + dir + "   |   ./mic eval-channels --run " + dir);
    }
}
