package io.mic.augment;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.ComponentContext;
import io.mic.spi.PluginConfig;

/**
 * {@code embedding-dropout}: inverted dropout on looked-up embeddings, the MIC paper's second
 * augmentation. Stage {@link Augmenter.Stage#EMBEDDING}: {@code augment} returns the batch
 * unchanged and the model applies {@link Augmenter#embeddingMask} in its graph.
 *
 * <p>Parameters: {@code p} (default 0.1, in [0, 1)): probability of zeroing each element; kept
 * elements are scaled by {@code 1/(1-p)}.
 */
public final class EmbeddingDropoutAugmenterFactory implements AugmenterFactory {
    @Override
    public String name() {
        return "embedding-dropout";
    }

    @Override
    public String description() {
        return "inverted dropout masks for looked-up embeddings (an in-graph stage)";
    }

    @Override
    public Augmenter create(PluginConfig config, ComponentContext context) {
        double p = config.getDouble("p", 0.1, 0, 1);
        if (p == 1) {
            throw config.error("p", "value 1 is out of range [0, 1): dropping every element leaves nothing to rescale");
        }
        return new EmbeddingDropoutAugmenter(p);
    }
}
