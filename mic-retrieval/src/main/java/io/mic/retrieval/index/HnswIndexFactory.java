package io.mic.retrieval.index;

import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code hnsw}: approximate {@link HnswIndex} on jvector.
 *
 * <p>Parameters (defaults reach recall@10 &ge; 0.95 on clustered data, docs/ann-comparison.md):
 * {@code metric} ({@code ip} | {@code cosine}, default {@code ip}); {@code degree} (max neighbours
 * per node, default {@value #DEFAULT_DEGREE}, like HNSW {@code M = 16}); {@code beam-width}
 * (construction beam, HNSW's efConstruction, default {@value #DEFAULT_BEAM}); {@code ef} (search
 * beam, default {@value #DEFAULT_EF}; a search for k &gt; ef uses k); {@code alpha} (diversity
 * pruning, default 1.2); {@code overflow} (degree overflow while building, default 1.2);
 * {@code hierarchy} (upper layers, default true); {@code refine} (a second pass over the finished
 * graph that improves recall at a given ef, about a third of the build time, default true); {@code build-threads} (default: available
 * processors); {@code builder} ({@code mic}, the default: {@link HnswBuilder}; or {@code jvector}:
 * jvector's builder, to which alpha, overflow, hierarchy and refine apply); {@code path} (optional: load an index saved there instead of building one).
 */
public final class HnswIndexFactory implements VectorIndexFactory {
    static final int DEFAULT_DEGREE = 32;
    static final int DEFAULT_BEAM = 100;
    static final int DEFAULT_EF = 40;

    @Override
    public String name() {
        return HnswIndex.NAME;
    }

    @Override
    public String description() {
        return "approximate top-k over an HNSW graph; ip or cosine";
    }

    private static HnswIndex.Builder builder(PluginConfig config) {
        return HnswIndex.Builder.of(config.getChoice("builder", HnswIndex.Builder.MIC.label(), "mic", "jvector"));
    }

    @Override
    public VectorIndex create(PluginConfig config, PluginContext context) {
        Similarity metric = Similarity.from(config);
        HnswIndex.Params p = new HnswIndex.Params(metric,
                config.getInt("degree", DEFAULT_DEGREE, 2, 512),
                config.getInt("beam-width", DEFAULT_BEAM, 1, 4096),
                config.getInt("ef", DEFAULT_EF, 1, 1 << 16),
                config.getFloat("alpha", 1.2f, 1f, 4f),
                config.getFloat("overflow", 1.2f, 1f, 4f),
                config.getBoolean("hierarchy", true),
                config.getBoolean("refine", true),
                config.getInt("build-threads", Runtime.getRuntime().availableProcessors(), 1, 1024),
                builder(config));
        Path path = IndexParams.path(config);
        if (path == null) {
            return new HnswIndex(p);
        }
        try {
            HnswIndex idx = HnswIndex.load(path, p);
            if (config.has("metric") && idx.params().metric() != metric) {
                throw config.error("metric", "is '" + metric.label() + "' but the index at " + path + " was saved with '"
                        + idx.params().metric().label() + "'");
            }
            return idx;
        } catch (IOException e) {
            throw IndexParams.loadFailed(config, path, e);
        }
    }
}
