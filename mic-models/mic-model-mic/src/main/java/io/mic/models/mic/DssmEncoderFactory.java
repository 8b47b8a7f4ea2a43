package io.mic.models.mic;

import io.mic.spi.ComponentContext;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.PluginConfig;

/**
 * {@code dssm}: user tower = id + profile fields (gender, age, occupation ...) → MLP; item tower =
 * id + categorical fields (genres, year, category ...) [+ mean-pooled recent users] → MLP; both
 * L2-normalised.
 *
 * <p>Parameters (defaults): {@code dim} (64) output width; {@code id_dim} (32) and
 * {@code field_dim} (16) embedding widths; {@code hidden} ({@code 128}; comma list or
 * {@code none}) hidden ReLU widths of both towers; {@code user_fields} / {@code item_fields}
 * ({@code all}; comma list or {@code none}); {@code recent_users} (0 = off; else the item tower
 * mean-pools the ids of the item's last R training users, as in the MIC paper);
 * {@code init} ({@code xavier-normal}; or {@code normal-inv-sqrt-dim}) of the embedding tables;
 * {@code normalize} (true).
 */
public final class DssmEncoderFactory implements EncoderFactory {
    @Override
    public String name() {
        return "dssm";
    }

    @Override
    public String description() {
        return "DSSM two-tower: id + profile/item fields -> MLP per tower";
    }

    @Override
    public Encoder create(PluginConfig config, ComponentContext context) {
        int dim = EncoderParams.dim(config, "dim", 64);
        int idDim = EncoderParams.dim(config, "id_dim", 32);
        int fieldDim = EncoderParams.dim(config, "field_dim", 16);
        int[] hidden = EncoderParams.hidden(config, "hidden", "128");
        var userFields = EncoderParams.fields(config, "user_fields", context.schema().userFields(), true);
        var itemFields = EncoderParams.fields(config, "item_fields", context.schema().itemFields(), true);
        int recent = config.getInt("recent_users", 0, 0, 1000);
        boolean normalize = config.getBoolean("normalize", true);
        TowerSpec user = new TowerSpec(true, userFields, 0, 0, hidden);
        TowerSpec item = new TowerSpec(true, itemFields, 0, recent, hidden);
        return new FeatureTowerEncoder(name(), context.schema(), user, item, idDim, fieldDim, dim, normalize,
                EncoderParams.init(config), context.random("init").nextLong());
    }
}
