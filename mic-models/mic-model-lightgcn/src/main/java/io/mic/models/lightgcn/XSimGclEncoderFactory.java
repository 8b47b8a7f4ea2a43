package io.mic.models.lightgcn;

import io.mic.spi.ComponentContext;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.PluginConfig;

/**
 * Encoder {@code xsimgcl}: XSimGCL's noise-perturbed LightGCN propagation as a tower encoder, with its cross-layer
 * contrastive term as the encoder's {@linkplain io.mic.models.tf.tower.TowerEncoder#auxiliaryLoss auxiliary loss}
 * (see {@link LightGcnEncoder}), so that {@code mic} and {@code two-tower} train over the framework's strongest
 * general base: {@code model { plugin: "mic" encoder { name: "xsimgcl" } ... }}. Needs the training split.
 *
 * <p>Parameters (defaults as the {@code xsimgcl} model, RecBole-GNN's XSimGCL.yaml): {@code dim} (64),
 * {@code layers} (2), {@code eps} (0.2), {@code cl_weight} (0.1), {@code temperature} (0.2), {@code cl_layer} (1),
 * {@code normalize} (false: XSimGCL scores raw dot products; use it with a BPR u2i term, {@code u2i_loss: bpr} in
 * {@code mic}, {@code loss: bpr} in {@code two-tower}). The layer-0 L2 of the {@code xsimgcl} model is the host's
 * {@code l2} here (on the output rows).
 */
public final class XSimGclEncoderFactory implements EncoderFactory {
    @Override
    public String name() {
        return "xsimgcl";
    }

    @Override
    public String description() {
        return "XSimGCL encoder: noise-perturbed LightGCN propagation plus its cross-layer contrastive loss, for mic / two-tower";
    }

    @Override
    public Encoder create(PluginConfig config, ComponentContext context) {
        return LightGcnEncoderFactory.create(name(), config, context, 1, false, true);
    }
}
