package io.mic.models.mic;

import io.mic.core.feature.HistoryMode;
import io.mic.models.tf.tower.TowerEncoder;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.PluginConfig;
import io.mic.spi.Progress;

/** Parsing shared by the {@code two-tower} and {@code mic} factories. */
final class ModelParams {
    private ModelParams() {
    }

    static ModelComponents components(PluginConfig config, ModelContext context) {
        return context.components();
    }

    static TowerEncoder encoder(PluginConfig config, ModelComponents c) {
        var e = c.encoder().orElseThrow(() -> config.error("", "model '" + config.plugin()
                + "' needs an encoder section, e.g. encoder { name: \"dssm\" } (encoders of this module: mf-bpr, dssm, youtube-dnn, simplex)"));
        if (!(e instanceof TowerEncoder t)) {
            throw config.error("", "model '" + config.plugin() + "' trains encoders built on the TensorFlow runtime (mf-bpr, dssm, "
                    + "youtube-dnn, simplex); encoder " + e.getClass().getName() + " is not one");
        }
        return t;
    }

    static Objective.Loss loss(PluginConfig config, TowerEncoder encoder) {
        String v = config.getChoice("loss", "auto", "auto", "infonce", "bpr", "ccl");
        if (v.equals("auto")) {
            return switch (encoder.name()) {
                case "mf-bpr" -> Objective.Loss.BPR;
                case "simplex" -> Objective.Loss.CCL;
                default -> Objective.Loss.INFONCE;
            };
        }
        return Objective.Loss.valueOf(v.toUpperCase(java.util.Locale.ROOT));
    }

    /** The CCL settings; read only for {@code loss: ccl}, so they are unknown keys under any other loss. */
    static Objective.Ccl ccl(PluginConfig config) {
        int negatives = config.getInt("negatives", 100, 1, 4096);
        double margin = config.getDouble("margin", 0.9, -1, 1);
        double weight = config.getDouble("negative_weight", 10, 0, 1e6);
        return new Objective.Ccl(negatives, margin, weight);
    }

    static HistoryMode history(PluginConfig config) {
        String v = config.getChoice("history", "auto", "auto", "before", "others");
        return v.equals("auto") ? null : HistoryMode.parse(v);
    }

    static double temperature(PluginConfig config) {
        double t = config.getDouble("temperature", 0.1, 0, 100);
        if (!(t > 0)) {
            throw config.error("temperature", "must be > 0");
        }
        return t;
    }

    static Progress progress(ModelContext context) {
        return context.progress();
    }
}
