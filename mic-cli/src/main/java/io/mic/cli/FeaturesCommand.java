package io.mic.cli;

import io.mic.core.config.LoadedConfig;
import io.mic.core.data.Dataset;
import io.mic.core.features.CachedTextFeatures;
import io.mic.core.features.FeatureFile;
import io.mic.core.features.ItemFeatures;
import io.mic.core.features.ItemTexts;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.core.run.DatasetSource;
import io.mic.core.run.Experiment;
import io.mic.spi.ItemFeatureSource;
import io.mic.spi.MetricsSink;
import io.mic.spi.PluginConfig;
import io.mic.spi.Schema;
import io.mic.spi.Vectors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Computes item features of a config's dataset with an item-feature source and writes them as a
 * feature file keyed by external item id (docs/features.md). Text encoders read each item's text
 * ({@link ItemTexts}); {@code minilm} goes through a text cache keyed by the SHA-256 of each text, so
 * a dataset is encoded once.
 */
@Command(name = "features", description = "Compute item features (minilm, hashed n-grams, or a feature file) for a config's dataset.")
final class FeaturesCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Run config (.textproto).")
    Path config;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset directory, overriding dataset.path.")
    Path data;

    @Option(names = "--source", defaultValue = "minilm", paramLabel = "NAME",
            description = "minilm (all-MiniLM-L6-v2, 384-d), hashed (TF-IDF hashed n-grams, --dim), file (--in FILE), or any item-features plugin. Default: ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--out", paramLabel = "FILE", description = "Feature file to write (.micf binary, .tsv text). Default: CACHE_DIR/<dataset>-<source>.micf.")
    Path out;

    @Option(names = "--cache-dir", defaultValue = "cache/features", paramLabel = "DIR", description = "Text cache and default output directory. Default: ${DEFAULT-VALUE}.")
    Path cacheDir;

    @Option(names = "--in", paramLabel = "FILE", description = "With --source file: the precomputed feature file to read (checked against its .sha256).")
    Path in;

    @Option(names = "--dim", defaultValue = "128", description = "With --source hashed: output width. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Option(names = "--threads", defaultValue = "1", description = "With --source minilm: model threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Override
    public Integer call() throws Exception {
        common.apply();
        LoadedConfig lc = ExperimentCommand.load(config);
        long seed = lc.config().hasSeed() ? lc.config().getSeed() : Experiment.DEFAULT_SEED;
        Dataset ds = DatasetSource.load(lc, seed, data);
        String name = source.equals("hashed") ? "hashed-ngram" : source;
        Map<String, String> params = new LinkedHashMap<>();
        switch (name) {
            case "minilm" -> {
                params.put("cache", cacheDir.resolve("minilm-" + 384 + ".micf").toString());
                params.put("threads", Integer.toString(threads));
            }
            case "hashed-ngram" -> params.put("dim", Integer.toString(dim));
            case "file" -> {
                if (in == null) {
                    throw new IllegalArgumentException("--source file needs --in FILE (the precomputed feature file)");
                }
                params.put("path", in.toString());
            }
            default -> {
            }
        }
        PluginRegistry registry = common.registry();
        SeededPluginContext ctx = SeededPluginContext.of(Schema.of(ds.numUsers(), ds.numItems()), seed, MetricsSink.NOOP);
        ItemFeatureSource src = registry.create(PluginKind.ITEM_FEATURES, PluginConfig.of(name, params), ctx, "mic features --source " + source);
        String[] ids = ItemTexts.ids(ds);
        String[] texts = ItemTexts.of(ds);
        long t0 = System.nanoTime();
        Vectors v = src.features(ids, texts, common.progress());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path target = out != null ? out : cacheDir.resolve(ds.name() + "-" + source + ".micf");
        FeatureFile.write(target, new ItemFeatures(ids, v.values(), v.dim()));
        String encoded = src instanceof CachedTextFeatures c
                ? String.format(", %d distinct texts encoded, the other %d items' texts were cached or repeated (cache %s)", c.lastEncoded(),
                        ids.length - c.lastEncoded(), c.cacheFile())
                : "";
        System.out.printf("%s: %d items x %d (%s) in %.1f s%s%n", target, ids.length, v.dim(), name, seconds, encoded);
        return 0;
    }
}
