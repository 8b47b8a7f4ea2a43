package io.mic.core.config;

import io.mic.core.config.proto.DatasetConfig;
import io.mic.core.config.proto.DatasetFormat;
import io.mic.core.config.proto.ModelConfig;
import io.mic.core.config.proto.Protocol;
import io.mic.core.config.proto.RunConfig;
import io.mic.core.config.proto.SplitConfig;
import io.mic.core.config.proto.SplitKind;
import io.mic.core.config.proto.SyntheticConfig;
import io.mic.core.config.proto.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Semantic checks of a parsed {@link RunConfig}: required sections, value ranges, protocol vs.
 * explicit split conflicts. Each failure names {@code file:line} and the field path. Plugin names
 * and plugin parameters are checked later, against the registry, when plugins are created.
 */
final class RunConfigValidator {
    private static final Set<String> OPTIMIZERS = Set.of("adam", "adagrad");
    private static final Set<String> SCHEDULES = Set.of("constant", "step", "cosine");

    private RunConfigValidator() {
    }

    static void validate(LoadedConfig lc) {
        RunConfig c = lc.config();
        if (!c.getName().isEmpty() && !c.getName().matches("[A-Za-z0-9._-]+")) {
            throw lc.error("name", "value '" + c.getName() + "' may only contain letters, digits, '.', '_' and '-' (it names a directory)");
        }
        dataset(lc, c.getDataset());
        protocol(lc, c);
        if (c.getModelCount() == 0) {
            throw lc.error("model", "at least one model { plugin: \"...\" } block is required (e.g. plugin: \"pop\")");
        }
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < c.getModelCount(); i++) {
            ModelConfig m = c.getModel(i);
            String path = "model[" + i + "]";
            if (m.getPlugin().isEmpty()) {
                throw lc.error(path, "model.plugin is required (e.g. \"pop\", \"item-knn\")");
            }
            String label = m.getLabel().isEmpty() ? m.getPlugin() : m.getLabel();
            if (!labels.add(label)) {
                throw lc.error(path, "two models are labelled '" + label + "'; give each a distinct label");
            }
            if (m.hasTrainer()) {
                trainer(lc, path + ".trainer", m.getTrainer());
            }
        }
        if (c.hasTune()) {
            TuneSpec.of(lc);
        }
        if (c.hasColdItems()) {
            double share = c.getColdItems().getShare();
            if (!(share > 0 && share < 1)) {
                throw lc.error("cold_items.share", "value " + share + " is out of range (0, 1): the share of items held out of training");
            }
            if (c.getProtocol() == Protocol.KG_CLICK) {
                throw lc.error("cold_items", "cold items need a full-ranking protocol, not KG_CLICK");
            }
        }
        var e = c.getEvaluation();
        for (int i = 0; i < e.getKCount(); i++) {
            int k = e.getK(i);
            if (k < 1 || k > 10_000) {
                throw lc.error("evaluation.k[" + i + "]", "value " + k + " is out of range [1, 10000]");
            }
        }
        if (e.hasThreads() && (e.getThreads() < 1 || e.getThreads() > 1024)) {
            throw lc.error("evaluation.threads", "value " + e.getThreads() + " is out of range [1, 1024]");
        }
    }

    private static void dataset(LoadedConfig lc, DatasetConfig d) {
        if (d.getFormat() == DatasetFormat.FORMAT_UNSPECIFIED) {
            throw lc.error("dataset.format", "dataset.format is required; one of " + formats());
        }
        if (d.getFormat() == DatasetFormat.SYNTHETIC) {
            if (!d.getPath().isEmpty()) {
                throw lc.error("dataset.path", "a SYNTHETIC dataset has no path");
            }
            synthetic(lc, d.getSynthetic());
            return;
        }
        if (d.hasSynthetic()) {
            throw lc.error("dataset.synthetic", "synthetic settings given for format " + d.getFormat());
        }
        if (d.getPath().isEmpty()) {
            throw lc.error("dataset", "dataset.path is required for format " + d.getFormat());
        }
        Path p = lc.resolve(d.getPath());
        boolean file = d.getFormat() == DatasetFormat.DELIMITED;
        if (file ? !Files.isRegularFile(p) : !Files.isDirectory(p)) {
            throw lc.error("dataset.path", (file ? "file " : "directory ") + p + " does not exist"
                    + (file ? "" : " (datasets are not bundled: point it at a copy, e.g. ../shared/data/ml-100k)"));
        }
        if (d.getFormat() == DatasetFormat.DELIMITED) {
            var dl = d.getDelimited();
            if (dl.getUserColumn().isEmpty() || dl.getItemColumn().isEmpty()) {
                throw lc.error("dataset.delimited", "user_column and item_column are required for DELIMITED data");
            }
            if (!dl.getSeparator().isEmpty() && !List.of(",", "\t", ";", "|", "::", " ").contains(dl.getSeparator())) {
                throw lc.error("dataset.delimited.separator", "value '" + dl.getSeparator() + "' is not one of , \\t ; | :: (space)");
            }
        } else if (d.hasDelimited()) {
            throw lc.error("dataset.delimited", "delimited settings given for format " + d.getFormat());
        }
    }

    private static String formats() {
        StringBuilder sb = new StringBuilder();
        for (DatasetFormat f : DatasetFormat.values()) {
            if (f != DatasetFormat.FORMAT_UNSPECIFIED && f != DatasetFormat.UNRECOGNIZED) {
                sb.append(sb.length() == 0 ? "" : ", ").append(f.name());
            }
        }
        return sb.toString();
    }

    private static void synthetic(LoadedConfig lc, SyntheticConfig s) {
        if (s.hasUsers()) {
            range(lc, "dataset.synthetic.users", s.getUsers(), 10, 50_000_000);
        }
        if (s.hasItems()) {
            range(lc, "dataset.synthetic.items", s.getItems(), 10, 50_000_000);
        }
        if (s.hasGroups()) {
            range(lc, "dataset.synthetic.groups", s.getGroups(), 1, s.hasItems() ? s.getItems() : 1000);
        }
        if (s.hasInteractionsPerUser()) {
            range(lc, "dataset.synthetic.interactions_per_user", s.getInteractionsPerUser(), 5, 100_000);
        }
        if (s.hasInGroupProbability()) {
            range(lc, "dataset.synthetic.in_group_probability", s.getInGroupProbability(), 0, 1);
        }
        if (s.hasPopularityExponent()) {
            range(lc, "dataset.synthetic.popularity_exponent", s.getPopularityExponent(), 0, 5);
        }
    }

    private static void protocol(LoadedConfig lc, RunConfig c) {
        Protocol p = c.getProtocol();
        if (p == Protocol.PROTOCOL_UNSPECIFIED) {
            throw lc.error("protocol", "protocol is required: RECBOLE_GENERAL, RECBOLE_DEFAULT, LEAVE_ONE_OUT, GIVEN_SPLIT, CUSTOM or KG_CLICK");
        }
        if (p != Protocol.CUSTOM) {
            if (c.hasFilter()) {
                throw lc.error("filter", "protocol " + p + " fixes filtering; remove `filter` or use protocol: CUSTOM");
            }
            if (c.hasSplit()) {
                throw lc.error("split", "protocol " + p + " fixes the split; remove `split` or use protocol: CUSTOM");
            }
            if (p == Protocol.GIVEN_SPLIT && c.getDataset().getFormat() != DatasetFormat.UNISREC) {
                throw lc.error("protocol", "GIVEN_SPLIT needs data that ships a split (format UNISREC), not " + c.getDataset().getFormat());
            }
            return;
        }
        if (!c.hasSplit() || c.getSplit().getKind() == SplitKind.SPLIT_UNSPECIFIED) {
            throw lc.error("split", "protocol CUSTOM needs split { kind: LEAVE_LAST_OUT | TIME_RATIO | RANDOM_RATIO | GIVEN }");
        }
        SplitConfig s = c.getSplit();
        boolean ratio = s.getKind() == SplitKind.TIME_RATIO || s.getKind() == SplitKind.RANDOM_RATIO;
        if (!ratio && s.getRatiosCount() > 0) {
            throw lc.error("split.ratios", "ratios apply only to TIME_RATIO and RANDOM_RATIO splits");
        }
        if (ratio && s.getRatiosCount() > 0) {
            if (s.getRatiosCount() != 3) {
                throw lc.error("split.ratios", "give exactly 3 ratios (train, valid, test), got " + s.getRatiosCount());
            }
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                double r = s.getRatios(i);
                if (!(r > 0 && r < 1)) {
                    throw lc.error("split.ratios[" + i + "]", "value " + r + " must be in (0, 1)");
                }
                sum += r;
            }
            if (Math.abs(sum - 1) > 1e-6) {
                throw lc.error("split.ratios", "ratios sum to " + sum + ", not 1");
            }
        }
        var f = c.getFilter();
        if (f.hasMinUserInteractions()) {
            range(lc, "filter.min_user_interactions", f.getMinUserInteractions(), 0, 1_000_000);
        }
        if (f.hasMinItemInteractions()) {
            range(lc, "filter.min_item_interactions", f.getMinItemInteractions(), 0, 1_000_000);
        }
        if (f.hasMinRating() && !Double.isFinite(f.getMinRating())) {
            throw lc.error("filter.min_rating", "value " + f.getMinRating() + " is not finite");
        }
    }

    private static void trainer(LoadedConfig lc, String path, TrainerConfig t) {
        if (t.hasEpochs()) {
            range(lc, path + ".epochs", t.getEpochs(), 1, 100_000);
        }
        if (t.hasBatchSize()) {
            range(lc, path + ".batch_size", t.getBatchSize(), 1, 1 << 20);
        }
        if (!t.getOptimizer().isEmpty() && !OPTIMIZERS.contains(t.getOptimizer())) {
            throw lc.error(path + ".optimizer", "value '" + t.getOptimizer() + "' is not one of " + OPTIMIZERS);
        }
        if (!t.getLrSchedule().isEmpty() && !SCHEDULES.contains(t.getLrSchedule())) {
            throw lc.error(path + ".lr_schedule", "value '" + t.getLrSchedule() + "' is not one of " + SCHEDULES);
        }
        if (t.hasLearningRate()) {
            range(lc, path + ".learning_rate", t.getLearningRate(), 1e-9, 100);
        }
        if (t.hasClipNorm()) {
            range(lc, path + ".clip_norm", t.getClipNorm(), 0, 1e6);
        }
        if (t.hasEarlyStoppingPatience()) {
            range(lc, path + ".early_stopping_patience", t.getEarlyStoppingPatience(), 0, 10_000);
        }
        if (t.hasEarlyStoppingMinEpochs()) {
            range(lc, path + ".early_stopping_min_epochs", t.getEarlyStoppingMinEpochs(), 0, 100_000);
        }
        if (t.hasThreads()) {
            range(lc, path + ".threads", t.getThreads(), 1, 1024);
        }
        if (!t.getEarlyStoppingMetric().isEmpty()) {
            earlyStoppingMetric(lc, path + ".early_stopping_metric", t.getEarlyStoppingMetric());
        }
    }

    /** {@code metric@k}, e.g. {@code ndcg@10} or {@code recall@20}: checked here so a typo fails at load with file:line, not after data loading. */
    private static void earlyStoppingMetric(LoadedConfig lc, String path, String v) {
        String[] parts = v.split("@", -1);
        if (parts.length != 2) {
            throw lc.error(path, "value '" + v + "' is not metric@k (e.g. ndcg@10, recall@20)");
        }
        try {
            io.mic.core.eval.Metric.parse(parts[0]);
        } catch (IllegalArgumentException e) {
            throw lc.error(path, "value '" + v + "': " + e.getMessage());
        }
        int k;
        try {
            k = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw lc.error(path, "value '" + v + "': cutoff '" + parts[1] + "' is not an integer (e.g. ndcg@10)");
        }
        if (k < 1) {
            throw lc.error(path, "value '" + v + "': cutoff must be >= 1");
        }
    }

    private static void range(LoadedConfig lc, String path, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw lc.error(path, "value " + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v))
                    + " is out of range [" + fmt(min) + ", " + fmt(max) + "]");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
