package io.mic.cli;

import com.google.inject.Injector;
import io.mic.core.config.LoadedConfig;
import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.FieldData;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.run.Experiment;
import io.mic.retrieval.serve.Recommendation;
import io.mic.retrieval.serve.Recommender;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.Progress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Top-N recommendations for one user. With {@code --run}: from a trained run's serving artifacts
 * ({@code mic index}) through the Recommender (channels, merge, rerank), printing each item's
 * channel provenance. With {@code -c}: the full-scan path, which fits the configured model on the
 * protocol's training split first (slow for trained models) and excludes train and validation items.
 */
@Command(name = "recommend", description = "Print top-N recommendations for one user (external id): from a run's serving artifacts "
        + "(--run, with channel provenance) or by fitting a configured model (-c, full scan).")
final class RecommendCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ServingOptions serving;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Run config (.textproto): fit, then full scan.")
    Path config;

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory with serving artifacts (mic index).")
    Path run;

    @Option(names = "--user", required = true, paramLabel = "ID", description = "External user id as in the dataset.")
    String user;

    @Option(names = "-n", defaultValue = "10", paramLabel = "N", description = "Number of items (default 10).")
    int n;

    @Option(names = "--model", paramLabel = "LABEL", description = "Model label (default: the first model of the config).")
    String model;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset directory, overriding dataset.path.")
    Path data;

    @Override
    public Integer call() throws Exception {
        common.apply();
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("-n must be in [1, 10000], got " + n);
        }
        if ((config == null) == (run == null)) {
            throw new IllegalArgumentException("give exactly one of --run DIR (serving artifacts) and -c FILE (fit, then full scan)");
        }
        if (run != null) {
            RunDirectory rd = RunDirectory.open(run);
            rd.verify();
            String label = rd.model(model);
            try (Recommender rec = serving.open(rd, label, common.registry())) {
                print(System.out, label, rec, rec.recommend(user, n));
            }
            return 0;
        }
        LoadedConfig lc = ExperimentCommand.load(config);
        Injector injector = common.injector();
        Experiment exp = new Experiment(lc, injector.getInstance(PluginRegistry.class), injector.getInstance(Progress.class),
                injector.getInstance(MetricsSink.class));
        exp.checkPlugins();
        int index = exp.modelIndex(model);
        DataSplit split = exp.loadAndSplit(data);
        Dataset ds = split.dataset();
        int u = ds.users().get(user);
        if (u < 0) {
            throw new IllegalArgumentException("unknown user id '" + user + "' in dataset " + ds.name() + " (after the protocol's filtering; "
                    + ds.numUsers() + " users, e.g. '" + ds.users().external(0) + "')");
        }
        Model m = exp.fitModel(index, split);
        float[] scores = new float[ds.numItems()];
        m.score(u, scores);
        exclude(scores, split.train(), u);
        exclude(scores, split.valid(), u);
        Optional<FieldData> title = ds.itemField("title").or(() -> ds.itemField("text"));
        System.out.printf("top %d for user %s (%d training interactions):%n", n, user, split.train().count(u));
        boolean[] taken = new boolean[scores.length];
        for (int r = 1; r <= Math.min(n, scores.length); r++) {
            int best = -1;
            for (int i = 0; i < scores.length; i++) {
                if (!taken[i] && scores[i] != Float.NEGATIVE_INFINITY && (best < 0 || scores[i] > scores[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            System.out.printf("%3d. %-12s %10.4f%s%n", r, ds.items().external(best), scores[best], titleOf(title, best));
        }
        return 0;
    }

    /** Prints an answer with provenance: rank, item, final score, then each recalling channel and its own score. */
    static void print(PrintStream out, String label, Recommender rec, Recommendation r) {
        out.printf("top %d for user %s from %s (channels %s)%s:%n", r.items().size(), r.user(), label, String.join(", ", rec.channels()),
                r.degraded() ? " [DEGRADED: " + String.join(", ", r.unavailable()) + " unavailable]" : "");
        int rank = 1;
        for (Recommendation.Item it : r.items()) {
            StringBuilder prov = new StringBuilder();
            for (var e : it.channels().entrySet()) {
                prov.append(prov.length() == 0 ? "" : "  ").append(e.getKey()).append('=').append(String.format("%.4f", e.getValue()));
            }
            out.printf("%3d. %-12s %8.4f   %s%n", rank++, it.id(), it.score(), prov);
        }
    }

    private static String titleOf(Optional<FieldData> title, int item) {
        if (title.isPresent() && title.get() instanceof FieldData.Text t) {
            String s = t.values()[item];
            return "  " + (s.length() > 70 ? s.substring(0, 67) + "..." : s);
        }
        return "";
    }

    private static void exclude(float[] scores, InteractionMatrix m, int u) {
        int[] items = m.items();
        for (int k = m.start(u); k < m.end(u); k++) {
            scores[items[k]] = Float.NEGATIVE_INFINITY;
        }
    }
}
