package io.mic.retrieval.index;

import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code exact}: brute-force {@link ExactIndex}.
 *
 * <p>Parameters: {@code metric} ({@code ip} | {@code cosine}, default {@code ip}), {@code threads}
 * (threads one search is split over, default 1), {@code block} (rows scored per block, default 256),
 * {@code path} (optional: load an index saved there instead of building one).
 */
public final class ExactIndexFactory implements VectorIndexFactory {
    @Override
    public String name() {
        return ExactIndex.NAME;
    }

    @Override
    public String description() {
        return "brute-force top-k (blocked scan, bounded heap); ip or cosine";
    }

    @Override
    public VectorIndex create(PluginConfig config, PluginContext context) {
        Similarity metric = Similarity.from(config);
        int threads = config.getInt("threads", 1, 1, 256);
        int block = config.getInt("block", 256, 1, 1 << 16);
        Path path = IndexParams.path(config);
        if (path == null) {
            return new ExactIndex(metric, threads, block);
        }
        try {
            ExactIndex idx = ExactIndex.load(path, threads, block);
            if (config.has("metric") && idx.metric() != metric) {
                throw config.error("metric", "is '" + metric.label() + "' but the index at " + path + " was saved with '"
                        + idx.metric().label() + "'");
            }
            return idx;
        } catch (IOException e) {
            throw IndexParams.loadFailed(config, path, e);
        }
    }
}
