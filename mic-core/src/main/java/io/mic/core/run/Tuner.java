package io.mic.core.run;

import com.google.protobuf.TextFormat;
import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import io.mic.core.config.TuneSpec;
import io.mic.core.config.proto.RunConfig;
import io.mic.core.data.DataSplit;
import io.mic.core.eval.FullRankingEvaluator;
import io.mic.core.io.AtomicFiles;
import io.mic.core.io.StagedDirectory;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mic tune}: runs the trials of a config's {@link TuneSpec} on the validation split only
 * (the test split is never evaluated) and writes, under the tune directory:
 * <ul>
 *   <li>{@code trial-NNN/} per trial: {@code config.textproto} (a config {@code mic train} accepts)
 *       and {@code result.tsv} (the validation metric, fit seconds), staged and renamed into place
 *       when the trial finished, so a directory that exists is a finished trial;</li>
 *   <li>{@code trials.tsv} and {@code trials.md}: every trial, best first;</li>
 *   <li>{@code best.textproto}: the whole config (every model) with the best trial's values.</li>
 * </ul>
 * A rerun skips the finished trials (their config must match; a changed search needs a new
 * directory). The data is loaded and split once; every trial trains with the run seed on that split.
 *
 * <p>Single-threaded: one {@link #run} at a time.
 */
public final class Tuner {
    private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);
    static final String CONFIG = "config.textproto";
    static final String RESULT = "result.tsv";

    /**
     * One finished trial.
     *
     * @param trial      index and values
     * @param assignment value per target
     * @param value      the validation metric
     * @param fitSeconds training time
     * @param skipped    true when found finished on disk (resume)
     */
    public record TrialResult(TuneSpec.Trial trial, Map<String, String> assignment, double value, double fitSeconds, boolean skipped) {
    }

    /** Every trial, best first, and the files written. */
    public record Result(Path dir, String metric, List<TrialResult> trials, Path best, Path table) {
    }

    private final LoadedConfig config;
    private final PluginRegistry registry;
    private final Progress progress;
    private final MetricsSink metrics;

    public Tuner(LoadedConfig config, PluginRegistry registry, Progress progress, MetricsSink metrics) {
        this.config = config;
        this.registry = registry;
        this.progress = progress;
        this.metrics = metrics;
    }

    /** Runs (or resumes) the search into {@code dir}; {@code data} overrides {@code dataset.path} when non-null. */
    public Result run(Path dir, Path data) throws IOException {
        TuneSpec spec = TuneSpec.of(config);
        Experiment base = new Experiment(config, registry, Progress.NOOP, metrics);
        base.checkPlugins();
        Path dataPath = base.datasetPath(data);
        Files.createDirectories(dir);
        List<TuneSpec.Trial> trials = spec.trials();
        LOG.info("tune {}: {} {} trials of {} on validation {}", config.sourceName(), trials.size(), spec.strategy().name().toLowerCase(Locale.ROOT),
                spec.label(), spec.metricName());
        List<TrialResult> results = new ArrayList<>();
        DataSplit split = null;
        FullRankingEvaluator evaluator = null;
        progress.start("tune " + spec.label(), trials.size());
        try {
            for (TuneSpec.Trial t : trials) {
                String text = trialText(spec, t, dataPath);
                Path td = dir.resolve(t.name());
                TrialResult r;
                if (Files.isDirectory(td)) {
                    r = finished(spec, t, td, text);
                    LOG.info("{}: finished earlier, {} = {} (skipped)", t.name(), spec.metricName(), fmt(r.value()));
                } else {
                    if (split == null) {
                        split = base.loadAndSplit(data);
                        evaluator = new FullRankingEvaluator(split, List.of(spec.metric()), new int[] {spec.k()},
                                Runtime.getRuntime().availableProcessors());
                    }
                    r = runTrial(spec, t, td, text, split, evaluator);
                }
                results.add(r);
                progress.step(1);
                TrialResult best = best(results);
                progress.message(String.format(Locale.ROOT, "best %s %s (%s)", spec.metricName(), fmt(best.value()), best.trial().name()));
            }
        } finally {
            progress.done();
        }
        List<TrialResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(TrialResult::value).reversed().thenComparingInt(r -> r.trial().index()));
        Path table = writeTables(dir, spec, sorted);
        Path best = dir.resolve("best.textproto");
        RunConfig bestConfig = withData(spec.withValues(sorted.get(0).trial()), dataPath);
        AtomicFiles.writeString(best, "# " + config.sourceName() + " with the best of " + sorted.size() + " trials of `mic tune` ("
                + sorted.get(0).trial().name() + ", validation " + spec.metricName() + " " + fmt(sorted.get(0).value()) + ")\n"
                + TextFormat.printer().printToString(bestConfig));
        return new Result(dir, spec.metricName(), List.copyOf(sorted), best, table);
    }

    private static TrialResult best(List<TrialResult> rs) {
        TrialResult b = rs.get(0);
        for (TrialResult r : rs) {
            if (r.value() > b.value()) {
                b = r;
            }
        }
        return b;
    }

    private String trialText(TuneSpec spec, TuneSpec.Trial t, Path dataPath) {
        StringBuilder sb = new StringBuilder("# ").append(t.name()).append(" of `mic tune -c ").append(config.sourceName()).append("`:");
        spec.assignment(t).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        sb.append('\n');
        return sb.append(TextFormat.printer().printToString(withData(spec.trialConfig(t), dataPath))).toString();
    }

    private static RunConfig withData(RunConfig c, Path dataPath) {
        if (dataPath == null) {
            return c;
        }
        RunConfig.Builder b = c.toBuilder();
        b.getDatasetBuilder().setPath(dataPath.toString());
        return b.build();
    }

    private TrialResult finished(TuneSpec spec, TuneSpec.Trial t, Path td, String text) throws IOException {
        Path cf = td.resolve(CONFIG);
        Path rf = td.resolve(RESULT);
        if (!Files.isRegularFile(cf) || !Files.isRegularFile(rf)) {
            throw new IllegalStateException(td + " is not a finished trial (no " + CONFIG + " or " + RESULT + "); delete it to rerun the trial");
        }
        if (!Files.readString(cf).equals(text)) {
            throw new IllegalStateException(td + " was run with another config than this search's " + t.name() + " "
                    + spec.assignment(t) + "; tune into a new directory (--output) or delete it");
        }
        double value = Double.NaN;
        double fit = Double.NaN;
        for (String line : Files.readAllLines(rf)) {
            String[] kv = line.split("\t");
            if (kv.length == 2 && kv[0].equals("value")) {
                value = Double.parseDouble(kv[1]);
            } else if (kv.length == 2 && kv[0].equals("fit_seconds")) {
                fit = Double.parseDouble(kv[1]);
            }
        }
        if (Double.isNaN(value)) {
            throw new IllegalStateException(rf + ": no value line; delete " + td + " to rerun the trial");
        }
        return new TrialResult(t, spec.assignment(t), value, fit, true);
    }

    private TrialResult runTrial(TuneSpec spec, TuneSpec.Trial t, Path td, String text, DataSplit split, FullRankingEvaluator evaluator)
            throws IOException {
        LOG.info("{}: {}", t.name(), spec.assignment(t));
        LoadedConfig lc = RunConfigLoader.parse(text, td.resolve(CONFIG).toString(), td.getParent());
        Experiment exp = new Experiment(lc, registry, new TrialProgress(t.name(), progress), metrics);
        long t0 = System.nanoTime();
        Model m = exp.fitModel(0, split);
        double fit = (System.nanoTime() - t0) / 1e9;
        double value = evaluator.evaluate(m, FullRankingEvaluator.Target.VALID, Progress.NOOP).get(spec.metric(), spec.k());
        LOG.info("{}: validation {} = {} (fit {} s)", t.name(), spec.metricName(), fmt(value), String.format(Locale.ROOT, "%.1f", fit));
        try (StagedDirectory st = StagedDirectory.create(td)) {
            Files.writeString(st.path().resolve(CONFIG), text);
            Files.writeString(st.path().resolve(RESULT), "metric\t" + spec.metricName() + "\nvalue\t" + value + "\nfit_seconds\t" + fit + "\n");
            st.commit(false);
        }
        return new TrialResult(t, spec.assignment(t), value, fit, false);
    }

    private static Path writeTables(Path dir, TuneSpec spec, List<TrialResult> sorted) throws IOException {
        StringBuilder tsv = new StringBuilder("rank\ttrial");
        StringBuilder md = new StringBuilder("| rank | trial |");
        for (TuneSpec.Param p : spec.params()) {
            tsv.append('\t').append(p.target());
            md.append(' ').append(p.target()).append(" |");
        }
        tsv.append("\tvalid_").append(spec.metricName()).append("\tfit_seconds\n");
        md.append(" valid ").append(spec.metricName()).append(" | fit s |\n|---|---|");
        md.append("---|".repeat(spec.params().size())).append("---|---|\n");
        int rank = 1;
        for (TrialResult r : sorted) {
            tsv.append(rank).append('\t').append(r.trial().name());
            md.append("| ").append(rank).append(" | ").append(r.trial().name()).append(" |");
            for (String v : r.trial().values()) {
                tsv.append('\t').append(v);
                md.append(' ').append(v).append(" |");
            }
            String fit = Double.isNaN(r.fitSeconds()) ? "" : String.format(Locale.ROOT, "%.1f", r.fitSeconds());
            tsv.append('\t').append(fmt(r.value())).append('\t').append(fit).append('\n');
            md.append(' ').append(fmt(r.value())).append(" | ").append(fit).append(" |\n");
            rank++;
        }
        AtomicFiles.writeString(dir.resolve("trials.tsv"), tsv.toString());
        Path mdFile = dir.resolve("trials.md");
        AtomicFiles.writeString(mdFile, md.toString());
        return mdFile;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5f", v);
    }

    /** A trial's training reports its progress as messages on the search's bar, which it does not replace. */
    private record TrialProgress(String trial, Progress outer) implements Progress {
        @Override
        public void start(String task, long total) {
            outer.message(trial + " " + task);
        }

        @Override
        public void step(long delta) {
        }

        @Override
        public void message(String text) {
            outer.message(trial + " " + text);
        }

        @Override
        public void done() {
        }
    }
}
