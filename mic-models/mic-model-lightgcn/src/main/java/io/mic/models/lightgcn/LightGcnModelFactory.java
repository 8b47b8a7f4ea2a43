package io.mic.models.lightgcn;

import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;

/**
 * {@code lightgcn}: LightGCN (He et al., SIGIR'20) on the TensorFlow runtime's trainer, see
 * {@link LightGcnModel}. Needs no encoder, augmenter or sampler sections; trains under the model's
 * {@code trainer} section (RecBole's defaults: Adam, lr 0.001, batch 2048, early stopping).
 *
 * <p>Parameters (defaults): {@code dim} (64) width of the embeddings; {@code layers} (3)
 * propagation layers K, 0 gives matrix factorisation with BPR; {@code l2} (1e-4) weight of the
 * layer-0 L2 term {@code l2/2 · mean over the batch of |e_u|² + |e_i|² + |e_j|²};
 * {@code negative_retries} (100) redraws of a negative that is one of the user's training items
 * before the last draw is kept (only a user who has trained on nearly every item hits the cap).
 */
public final class LightGcnModelFactory implements ModelFactory {
    @Override
    public String name() {
        return "lightgcn";
    }

    @Override
    public String description() {
        return "LightGCN: embeddings propagated over the normalised user-item graph, BPR with unseen negatives";
    }

    @Override
    public Model create(PluginConfig config, ModelContext context) {
        int dim = config.getInt("dim", 64, 1, 4096);
        int layers = config.getInt("layers", 3, 0, 8);
        double l2 = config.getDouble("l2", 1e-4, 0, 10);
        int retries = config.getInt("negative_retries", 100, 0, 1_000_000);
        return new LightGcnModel(name(), dim, layers, l2, retries, trainer(name(), config, context), context.random("trainer").nextLong(),
                context.progress());
    }

    /** The model's {@code trainer} section; refuses encoder, augmenter and sampler sections (the model holds its own embeddings). */
    static TrainerSettings trainer(String plugin, PluginConfig config, ModelContext context) {
        ModelComponents c = context.components();
        if (c.encoder().isPresent() || !c.augmenters().isEmpty() || !c.samplers().isEmpty()) {
            throw config.error("", "model '" + plugin + "' holds its own embeddings: remove its encoder, augmenter and sampler sections");
        }
        TrainerSettings trainer = c.trainer();
        try {
            io.mic.models.tf.Optimizer.named(trainer.optimizer());
        } catch (IllegalArgumentException e) {
            throw config.error("", e.getMessage());
        }
        return trainer;
    }
}
