package io.mic.models.mic;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Splitter;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.core.eval.EvaluationResult;
import io.mic.core.eval.FullRankingEvaluator;
import io.mic.core.eval.Metric;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.Augmenter;
import io.mic.spi.Encoder;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.PluginConfig;
import io.mic.spi.Progress;
import io.mic.spi.Sampler;
import io.mic.spi.TrainerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small synthetic data and plugin construction through the real registry, as the training job does it. */
final class Fixture {
    static final PluginRegistry REGISTRY = PluginRegistry.discover();

    final DataSplit split;
    final long seed;

    Fixture(DataSplit split, long seed) {
        this.split = split;
        this.seed = seed;
    }

    /** 800 users, 400 items, 6 planted groups, ~25 interactions per user, leave-one-out. */
    static Fixture small(long seed) {
        return new Fixture(Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(800, 400, 6, 25, 0.8, 0.8), seed)), seed);
    }

    SeededPluginContext context() {
        return SeededPluginContext.of(split.dataset().schema(), seed, MetricsSink.NOOP).withTrainingData(split)
                .withProgress(Progress.NOOP);
    }

    /** A named plugin spec: name + params. */
    record Spec(String name, Map<String, String> params) {
        static Spec of(String name, String... kv) {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put(kv[i], kv[i + 1]);
            }
            return new Spec(name, m);
        }
    }

    static TrainerSettings trainer(int epochs, int batch, double lr, Path ckpt, boolean resume) {
        return new TrainerSettings(epochs, batch, "adam", lr, "constant", 0, 0, "recall@20", ckpt, resume, 2);
    }

    Encoder encoder(Spec e) {
        return REGISTRY.create(PluginKind.ENCODER, PluginConfig.of(e.name(), e.params()), context().scoped("encoder"), "test");
    }

    Model model(String plugin, Map<String, String> params, Spec encoder, List<Spec> augmenters, List<Spec> samplers, TrainerSettings t) {
        return model(plugin, plugin, params, encoder, augmenters, samplers, t);
    }

    /** As {@link #model(String, Map, Spec, List, List, TrainerSettings)} with the random streams of {@code scope}'s context. */
    Model model(String plugin, String scope, Map<String, String> params, Spec encoder, List<Spec> augmenters, List<Spec> samplers,
            TrainerSettings t) {
        SeededPluginContext ctx = context().scoped(scope);
        List<Augmenter> augs = new ArrayList<>();
        for (Spec a : augmenters) {
            augs.add(REGISTRY.create(PluginKind.AUGMENTER, PluginConfig.of(a.name(), a.params()), ctx.scoped("aug"), "test"));
        }
        List<Sampler> samps = new ArrayList<>();
        for (Spec s : samplers) {
            samps.add(REGISTRY.create(PluginKind.SAMPLER, PluginConfig.of(s.name(), s.params()), ctx.scoped("sampler"), "test"));
        }
        Optional<Encoder> enc = encoder == null ? Optional.empty() : Optional.of(encoder(encoder));
        ModelComponents c = new ModelComponents(enc, augs, samps, t);
        return REGISTRY.create(PluginKind.MODEL, PluginConfig.of(plugin, params), ctx.withComponents(c), "test");
    }

    EvaluationResult test(Model m) {
        return new FullRankingEvaluator(split, List.of(Metric.RECALL, Metric.NDCG), new int[] {10, 20}, 2)
                .evaluate(m, FullRankingEvaluator.Target.TEST, Progress.NOOP);
    }

    Model pop() {
        return model("pop", Map.of(), null, List.of(), List.of(), TrainerSettings.defaults());
    }
}
