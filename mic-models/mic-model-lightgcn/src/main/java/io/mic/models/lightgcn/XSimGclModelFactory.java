package io.mic.models.lightgcn;

import io.mic.spi.Model;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;

/**
 * {@code xsimgcl}: XSimGCL (Yu et al., "XSimGCL: Towards Extremely Simple Graph Contrastive Learning for
 * Recommendation", TKDE'23): LightGCN whose layers add sign-aligned uniform noise, trained with BPR plus
 * a cross-layer InfoNCE between the final and one layer's embeddings (see {@link LightGcnModel} and
 * {@link PerturbedPropagation}). Needs no encoder, augmenter or sampler sections; trains under the
 * model's {@code trainer} section.
 *
 * <p>Parameters (defaults = RecBole-GNN's XSimGCL.yaml, also its tuned ml-1m setting): {@code dim} (64);
 * {@code layers} (2) propagation layers K; {@code l2} (1e-4) weight of the layer-0 L2 term, as in
 * {@code lightgcn}; {@code eps} (0.2) L2 norm of each row's noise per layer; {@code cl_weight} (0.1) the
 * papers' lambda; {@code temperature} (0.2); {@code cl_layer} (1) the layer l* whose embeddings are
 * contrasted with the final ones, {@code 1..layers}; {@code negative_retries} (100) as in {@code lightgcn}.
 */
public final class XSimGclModelFactory implements ModelFactory {
    @Override
    public String name() {
        return "xsimgcl";
    }

    @Override
    public String description() {
        return "XSimGCL: LightGCN with noise-perturbed layers, BPR plus cross-layer contrastive loss";
    }

    @Override
    public Model create(PluginConfig config, ModelContext context) {
        int dim = config.getInt("dim", 64, 1, 4096);
        int layers = config.getInt("layers", 2, 1, 8);
        double l2 = config.getDouble("l2", 1e-4, 0, 10);
        LightGcnModel.Contrast contrast = LightGcnModel.Contrast.of(config, layers);
        int retries = config.getInt("negative_retries", 100, 0, 1_000_000);
        return new LightGcnModel(name(), dim, layers, l2, retries, contrast,
                LightGcnModelFactory.trainer(name(), config, context), context.random("trainer").nextLong(), context.progress());
    }
}
