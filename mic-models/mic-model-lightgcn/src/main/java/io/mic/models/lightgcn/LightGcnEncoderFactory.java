package io.mic.models.lightgcn;

import io.mic.core.data.DataSplit;
import io.mic.spi.ComponentContext;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.PluginConfig;

/**
 * Encoder {@code lightgcn}: LightGCN's propagated id embeddings as a tower encoder (see
 * {@link LightGcnEncoder}), so that {@code mic} (and {@code two-tower}) can train over the strongest
 * general base: {@code model { plugin: "mic" encoder { name: "lightgcn" } ... }}. Needs the training
 * split ({@link ComponentContext#trainingData()}) to build the graph.
 *
 * <p>Parameters (defaults): {@code dim} (64), {@code layers} (2, the ml-100k-tuned K of the
 * {@code lightgcn} model), {@code normalize} (true: towers output unit vectors, what the
 * temperature-scaled InfoNCE losses of {@code mic} / {@code two-tower} expect; false gives
 * LightGCN's raw dot products, e.g. for {@code two-tower} with {@code loss: bpr}).
 */
public final class LightGcnEncoderFactory implements EncoderFactory {
    @Override
    public String name() {
        return "lightgcn";
    }

    @Override
    public String description() {
        return "LightGCN encoder: ids propagated over the normalised user-item graph, for mic / two-tower";
    }

    @Override
    public Encoder create(PluginConfig config, ComponentContext context) {
        return create(name(), config, context, 0, true, false);
    }

    /**
     * The encoder of {@code lightgcn} and {@code xsimgcl}: reads {@code dim} (64), {@code layers} (2, at least
     * {@code minLayers}), {@code normalize} (default {@code normalizeByDefault}) and, when {@code contrastive}, XSimGCL's
     * parameters ({@link LightGcnModel.Contrast#of}); propagates over the host's training split.
     */
    static LightGcnEncoder create(String name, PluginConfig config, ComponentContext context, int minLayers, boolean normalizeByDefault,
            boolean contrastive) {
        int dim = config.getInt("dim", 64, 1, 4096);
        int layers = config.getInt("layers", 2, minLayers, 8);
        boolean normalize = config.getBoolean("normalize", normalizeByDefault);
        LightGcnModel.Contrast contrast = contrastive ? LightGcnModel.Contrast.of(config, layers) : null;
        DataSplit split = context.trainingData().map(DataSplit::of).orElseThrow(() -> config.error("",
                "encoder '" + name + "' propagates over the training graph and needs the training data, which this host did not provide"));
        return new LightGcnEncoder(name, split.train(), dim, layers, normalize, contrast, context.random("init").nextLong());
    }
}
