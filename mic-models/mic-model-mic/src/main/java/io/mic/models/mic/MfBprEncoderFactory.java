package io.mic.models.mic;

import io.mic.spi.ComponentContext;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.PluginConfig;
import java.util.List;

/**
 * {@code mf-bpr}: matrix factorisation, a user id embedding and an item id embedding and nothing
 * else; the {@code two-tower} model trains it with BPR by default. Parameters: {@code dim}
 * (default 64, in [1, 4096]); {@code normalize} (default false: scores are raw dot products); {@code init}
 * ({@code xavier-normal}, default, or {@code normal-inv-sqrt-dim}: see {@link EncoderParams#init}).
 */
public final class MfBprEncoderFactory implements EncoderFactory {
    @Override
    public String name() {
        return "mf-bpr";
    }

    @Override
    public String description() {
        return "matrix factorisation: id embeddings only (trained with BPR by two-tower)";
    }

    @Override
    public Encoder create(PluginConfig config, ComponentContext context) {
        int dim = EncoderParams.dim(config, "dim", 64);
        boolean normalize = config.getBoolean("normalize", false);
        TowerSpec user = new TowerSpec(true, List.of(), 0, 0, new int[0]);
        TowerSpec item = new TowerSpec(true, List.of(), 0, 0, new int[0]);
        return new FeatureTowerEncoder(name(), context.schema(), user, item, dim, dim, dim, normalize, EncoderParams.init(config),
                context.random("init").nextLong());
    }
}
