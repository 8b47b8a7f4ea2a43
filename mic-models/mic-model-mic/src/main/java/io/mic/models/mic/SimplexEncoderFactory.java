package io.mic.models.mic;

import io.mic.spi.ComponentContext;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.PluginConfig;
import java.util.List;

/**
 * {@code simplex}: the encoder of SimpleX (Mao et al., CIKM 2021). Item vector: the item's id
 * embedding. User vector: the behaviour aggregation {@code g * e_u + (1 - g) * V * mean(e_h)} of the
 * user's id embedding and the mean of its history items' embeddings (the item id table) mapped by
 * a learned {@code dim x dim} matrix V; both L2-normalised, so scores are cosines. The
 * {@code two-tower} model trains it with the cosine contrastive loss ({@code loss: auto} = ccl).
 *
 * <p>Parameters (defaults): {@code dim} (64) embedding and output width; {@code gate} (0.5, in
 * [0, 1]: g); {@code history_length} (50, in [1, 1000]: the most recent training items pooled;
 * for random splits the user's other training items); {@code init} ({@code xavier-normal}; or
 * {@code normal-inv-sqrt-dim}); {@code normalize} (true).
 */
public final class SimplexEncoderFactory implements EncoderFactory {
    @Override
    public String name() {
        return "simplex";
    }

    @Override
    public String description() {
        return "SimpleX: id embeddings, user = g*e_u + (1-g)*V*mean(history); cosine scores (trained with CCL by two-tower)";
    }

    @Override
    public Encoder create(PluginConfig config, ComponentContext context) {
        int dim = EncoderParams.dim(config, "dim", 64);
        double gate = config.getDouble("gate", 0.5, 0, 1);
        int history = config.getInt("history_length", 50, 1, 1000);
        boolean normalize = config.getBoolean("normalize", true);
        TowerSpec user = new TowerSpec(true, List.of(), history, 0, new int[0], gate);
        TowerSpec item = new TowerSpec(true, List.of(), 0, 0, new int[0]);
        return new FeatureTowerEncoder(name(), context.schema(), user, item, dim, dim, dim, normalize, EncoderParams.init(config),
                context.random("init").nextLong());
    }
}
