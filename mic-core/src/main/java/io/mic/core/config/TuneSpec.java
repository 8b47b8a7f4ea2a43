package io.mic.core.config;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.mic.core.config.proto.ModelConfig;
import io.mic.core.config.proto.PluginSpec;
import io.mic.core.config.proto.RunConfig;
import io.mic.core.config.proto.TrainerConfig;
import io.mic.core.config.proto.TuneConfig;
import io.mic.core.config.proto.TuneParam;
import io.mic.core.eval.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code tune} section of a run config, validated: the strategy, the metric, and each
 * parameter's target (a model label plus {@code trainer.<field>}, {@code params.<key>} or
 * {@code encoder.params.<key>}) with its candidate values or range. Errors name {@code file:line}
 * and the field path, like the loader's.
 *
 * <p>{@link #trials()} enumerates the grid (first parameter varies slowest) or draws the random
 * trials from the tune seed; {@link #apply} turns one trial's assignment into a run config.
 * Immutable.
 */
public final class TuneSpec {
    /** How trials are chosen. */
    public enum Strategy { GRID, RANDOM }

    /** What one parameter sets. */
    public enum Kind { TRAINER, PARAMS, ENCODER_PARAMS }

    /**
     * One searched parameter.
     *
     * @param target  as written, e.g. {@code lightgcn.trainer.learning_rate}
     * @param kind    which part of the model config it sets
     * @param key     the trainer field or the plugin parameter key
     * @param values  candidate values (empty when a range is given)
     * @param min     range start (random strategy)
     * @param max     range end
     * @param log     draw log-uniformly
     * @param integer round draws to integers
     */
    public record Param(String target, Kind kind, String key, List<String> values, double min, double max, boolean log, boolean integer) {
    }

    /** One trial: its 0-based index and the value of each parameter, in parameter order. */
    public record Trial(int index, List<String> values) {
        /** {@code trial-003}. */
        public String name() {
            return String.format(Locale.ROOT, "trial-%03d", index);
        }
    }

    private final LoadedConfig config;
    private final Strategy strategy;
    private final int trialCount;
    private final long seed;
    private final Metric metric;
    private final int k;
    private final String label;
    private final int modelIndex;
    private final List<Param> params;

    private TuneSpec(LoadedConfig config, Strategy strategy, int trialCount, long seed, Metric metric, int k, String label, int modelIndex,
            List<Param> params) {
        this.config = config;
        this.strategy = strategy;
        this.trialCount = trialCount;
        this.seed = seed;
        this.metric = metric;
        this.k = k;
        this.label = label;
        this.modelIndex = modelIndex;
        this.params = List.copyOf(params);
    }

    /** Whether the config has a {@code tune} section. */
    public static boolean present(LoadedConfig lc) {
        return lc.config().hasTune();
    }

    /**
     * Parses and validates the {@code tune} section.
     *
     * @throws io.mic.spi.ConfigException naming file:line, the field and the bad value
     */
    public static TuneSpec of(LoadedConfig lc) {
        RunConfig c = lc.config();
        if (!c.hasTune()) {
            throw lc.error("tune", "the config has no tune { ... } section; docs/tuning.md shows one");
        }
        TuneConfig t = c.getTune();
        Strategy strategy = switch (t.getStrategy()) {
            case "grid" -> Strategy.GRID;
            case "random" -> Strategy.RANDOM;
            default -> throw lc.error("tune.strategy", "value '" + t.getStrategy() + "' is not grid or random");
        };
        String m = t.getMetric().isEmpty() ? "ndcg@10" : t.getMetric();
        String[] parts = m.split("@");
        Metric metric;
        int k;
        try {
            metric = Metric.parse(parts[0]);
            k = Integer.parseInt(parts[1]);
            if (parts.length != 2 || k < 1) {
                throw new IllegalArgumentException();
            }
        } catch (RuntimeException e) {
            throw lc.error("tune.metric", "value '" + m + "' is not metric@k (e.g. ndcg@10, recall@20)");
        }
        if (t.getParamCount() == 0) {
            throw lc.error("tune", "no param { target: ... } to search");
        }
        List<Param> params = new ArrayList<>();
        String label = null;
        int modelIndex = -1;
        for (int i = 0; i < t.getParamCount(); i++) {
            String path = "tune.param[" + i + "]";
            TuneParam p = t.getParam(i);
            String target = p.getTarget();
            int dot = target.indexOf('.');
            if (dot <= 0) {
                throw lc.error(path + ".target", "value '" + target + "' is not <label>.trainer.<field>, <label>.params.<key> or "
                        + "<label>.encoder.params.<key>");
            }
            String l = target.substring(0, dot);
            String rest = target.substring(dot + 1);
            int idx = indexOf(c, l);
            if (idx < 0) {
                throw lc.error(path + ".target", "no model labelled '" + l + "' (target '" + target + "'); models: " + labels(c));
            }
            if (label != null && !label.equals(l)) {
                throw lc.error(path + ".target", "targets name models '" + label + "' and '" + l + "'; a search tunes one model");
            }
            label = l;
            modelIndex = idx;
            Kind kind;
            String key;
            if (rest.startsWith("trainer.")) {
                kind = Kind.TRAINER;
                key = rest.substring("trainer.".length());
                FieldDescriptor fd = TrainerConfig.getDescriptor().findFieldByName(key);
                if (fd == null) {
                    List<String> names = new ArrayList<>();
                    TrainerConfig.getDescriptor().getFields().forEach(f -> names.add(f.getName()));
                    throw lc.error(path + ".target", "unknown trainer field '" + key + "' in target '" + target + "'; fields: " + names);
                }
            } else if (rest.startsWith("params.") && rest.length() > "params.".length()) {
                kind = Kind.PARAMS;
                key = rest.substring("params.".length());
            } else if (rest.startsWith("encoder.params.") && rest.length() > "encoder.params.".length()) {
                kind = Kind.ENCODER_PARAMS;
                key = rest.substring("encoder.params.".length());
                if (!c.getModel(idx).hasEncoder()) {
                    throw lc.error(path + ".target", "model '" + l + "' has no encoder section (target '" + target + "')");
                }
            } else {
                throw lc.error(path + ".target", "value '" + target + "' does not continue with trainer.<field>, params.<key> or "
                        + "encoder.params.<key> after the label");
            }
            boolean range = p.hasMin() || p.hasMax();
            if (range && p.getValuesCount() > 0) {
                throw lc.error(path, "give either values or min/max, not both");
            }
            if (!range && p.getValuesCount() == 0) {
                throw lc.error(path, "needs values: \"...\" (grid, random) or min and max (random)");
            }
            if (range) {
                if (strategy == Strategy.GRID) {
                    throw lc.error(path, "a grid needs explicit values; min/max ranges are for strategy \"random\"");
                }
                if (!p.hasMin() || !p.hasMax() || !(p.getMin() < p.getMax())) {
                    throw lc.error(path, "a range needs min < max, got min " + p.getMin() + ", max " + p.getMax());
                }
                if (p.getLog() && !(p.getMin() > 0)) {
                    throw lc.error(path + ".min", "a log range needs min > 0, got " + p.getMin());
                }
            } else if (p.getLog() || p.getInteger()) {
                throw lc.error(path, "log and integer apply to min/max ranges, not to values");
            }
            Param param = new Param(target, kind, key, List.copyOf(p.getValuesList()), p.getMin(), p.getMax(), p.getLog(), p.getInteger());
            for (int j = 0; j < p.getValuesCount(); j++) {
                try {
                    set(ModelConfig.newBuilder(c.getModel(idx)), param, p.getValues(j));
                } catch (IllegalArgumentException e) {
                    throw lc.error(path + ".values[" + j + "]", e.getMessage());
                }
            }
            for (Param other : params) {
                if (other.target().equals(target)) {
                    throw lc.error(path + ".target", "target '" + target + "' is searched twice");
                }
            }
            params.add(param);
        }
        long gridSize = 1;
        for (Param p : params) {
            gridSize = Math.min(Integer.MAX_VALUE, gridSize * p.values().size());
        }
        int trials;
        if (strategy == Strategy.RANDOM) {
            if (!t.hasTrials() || t.getTrials() < 1) {
                throw lc.error("tune.trials", "strategy \"random\" needs trials >= 1");
            }
            trials = t.getTrials();
        } else {
            if (t.hasTrials() && t.getTrials() < 1) {
                throw lc.error("tune.trials", "value " + t.getTrials() + " must be >= 1");
            }
            trials = (int) (t.hasTrials() ? Math.min(t.getTrials(), gridSize) : gridSize);
        }
        if (trials > 10_000) {
            throw lc.error("tune", trials + " trials; at most 10000 (set trials to run a prefix of the grid)");
        }
        long s = t.hasSeed() ? t.getSeed() : c.hasSeed() ? c.getSeed() : 42;
        return new TuneSpec(lc, strategy, trials, s, metric, k, label, modelIndex, params);
    }

    private static int indexOf(RunConfig c, String label) {
        for (int i = 0; i < c.getModelCount(); i++) {
            if (labelOf(c.getModel(i)).equals(label)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> labels(RunConfig c) {
        List<String> out = new ArrayList<>();
        for (ModelConfig m : c.getModelList()) {
            out.add(labelOf(m));
        }
        return out;
    }

    static String labelOf(ModelConfig m) {
        return m.getLabel().isEmpty() ? m.getPlugin() : m.getLabel();
    }

    public Strategy strategy() {
        return strategy;
    }

    public Metric metric() {
        return metric;
    }

    public int k() {
        return k;
    }

    /** {@code ndcg@10}. */
    public String metricName() {
        return metric.label() + "@" + k;
    }

    /** Label of the tuned model. */
    public String label() {
        return label;
    }

    public List<Param> params() {
        return params;
    }

    /** The trials in order: the grid (first parameter slowest), or draws from the tune seed. */
    public List<Trial> trials() {
        List<Trial> out = new ArrayList<>(trialCount);
        if (strategy == Strategy.GRID) {
            int[] digit = new int[params.size()];
            for (int t = 0; t < trialCount; t++) {
                List<String> vs = new ArrayList<>(params.size());
                for (int p = 0; p < params.size(); p++) {
                    vs.add(params.get(p).values().get(digit[p]));
                }
                out.add(new Trial(t, List.copyOf(vs)));
                for (int p = params.size() - 1; p >= 0; p--) {
                    if (++digit[p] < params.get(p).values().size()) {
                        break;
                    }
                    digit[p] = 0;
                }
            }
            return out;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int t = 0; t < trialCount; t++) {
            List<String> vs = new ArrayList<>(params.size());
            for (Param p : params) {
                vs.add(draw(p, r));
            }
            out.add(new Trial(t, List.copyOf(vs)));
        }
        return out;
    }

    private static String draw(Param p, SplittableRandom r) {
        if (!p.values().isEmpty()) {
            return p.values().get(r.nextInt(p.values().size()));
        }
        double u = r.nextDouble();
        double x = p.log() ? Math.exp(Math.log(p.min()) + u * (Math.log(p.max()) - Math.log(p.min()))) : p.min() + u * (p.max() - p.min());
        if (p.integer()) {
            return Long.toString(Math.round(x));
        }
        return String.format(Locale.ROOT, "%.4g", x).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1");
    }

    /**
     * The run config of one trial, as {@code mic train} accepts it: the tuned model alone with the
     * trial's values, no tune section, the dataset path absolute (the file lives in the tune
     * directory), no output or checkpoint directory.
     */
    public RunConfig trialConfig(Trial trial) {
        RunConfig.Builder b = withValues(trial).toBuilder();
        ModelConfig m = b.getModel(modelIndex);
        b.clearModel().addModel(m.toBuilder().setTrainer(m.getTrainer().toBuilder().clearCheckpointDir()));
        b.clearOutputDir();
        return b.build();
    }

    /** The whole config (every model) with the trial's values, no tune section, the dataset path absolute. */
    public RunConfig withValues(Trial trial) {
        RunConfig base = config.config();
        RunConfig.Builder b = base.toBuilder().clearTune();
        if (!base.getDataset().getPath().isEmpty()) {
            b.getDatasetBuilder().setPath(config.resolve(base.getDataset().getPath()).toAbsolutePath().toString());
        }
        if (!base.getOutputDir().isEmpty()) {
            b.setOutputDir(config.resolve(base.getOutputDir()).toAbsolutePath().toString());
        }
        ModelConfig.Builder m = b.getModelBuilder(modelIndex);
        for (int p = 0; p < params.size(); p++) {
            set(m, params.get(p), trial.values().get(p));
        }
        return b.build();
    }

    /** The trial's values keyed by target, in parameter order. */
    public Map<String, String> assignment(Trial trial) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int p = 0; p < params.size(); p++) {
            out.put(params.get(p).target(), trial.values().get(p));
        }
        return out;
    }

    private static void set(ModelConfig.Builder m, Param p, String value) {
        switch (p.kind()) {
            case PARAMS -> m.putParams(p.key(), value);
            case ENCODER_PARAMS -> {
                PluginSpec.Builder e = m.getEncoderBuilder();
                e.putParams(p.key(), value);
            }
            case TRAINER -> {
                TrainerConfig.Builder t = m.getTrainerBuilder();
                FieldDescriptor fd = TrainerConfig.getDescriptor().findFieldByName(p.key());
                t.setField(fd, convert(fd, value));
            }
            default -> throw new IllegalStateException();
        }
    }

    private static Object convert(FieldDescriptor fd, String value) {
        String v = value.trim();
        try {
            return switch (fd.getJavaType()) {
                case INT -> Integer.parseInt(v);
                case LONG -> Long.parseLong(v);
                case DOUBLE -> Double.parseDouble(v);
                case FLOAT -> Float.parseFloat(v);
                case BOOLEAN -> switch (v) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("value '" + value + "' of trainer." + fd.getName() + " is not true or false");
                };
                case STRING -> v;
                default -> throw new IllegalArgumentException("trainer." + fd.getName() + " cannot be tuned");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value '" + value + "' of trainer." + fd.getName() + " is not a "
                    + fd.getJavaType().name().toLowerCase(Locale.ROOT));
        }
    }
}
