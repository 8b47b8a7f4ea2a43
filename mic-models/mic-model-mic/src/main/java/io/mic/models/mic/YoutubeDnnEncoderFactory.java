package io.mic.models.mic;

import io.mic.spi.ComponentContext;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.PluginConfig;

/**
 * {@code youtube-dnn}: user tower = mean-pooled embeddings of the user's last L items + profile
 * fields (+ optionally the user id) → MLP; item tower = the item id embedding (the softmax weights
 * of the YouTube paper), optionally with item fields and recent users through a linear layer (or an
 * MLP). The history shares the item tower's id table. Both L2-normalised by default.
 *
 * <p>Parameters (defaults): {@code dim} (64) output width, also the id embedding width;
 * {@code field_dim} (16); {@code history_length} (50, in [1, 1000]); {@code hidden} ({@code 128})
 * user-tower hidden widths; {@code user_fields} ({@code all}); {@code user_id} (false);
 * {@code item_fields} ({@code none}); {@code item_hidden} ({@code none}); {@code recent_users}
 * (0); {@code normalize} (true); {@code init} ({@code xavier-normal}; or {@code normal-inv-sqrt-dim}).
 */
public final class YoutubeDnnEncoderFactory implements EncoderFactory {
    @Override
    public String name() {
        return "youtube-dnn";
    }

    @Override
    public String description() {
        return "YouTubeDNN: mean-pooled history + profile -> MLP; item id embedding";
    }

    @Override
    public Encoder create(PluginConfig config, ComponentContext context) {
        int dim = EncoderParams.dim(config, "dim", 64);
        int fieldDim = EncoderParams.dim(config, "field_dim", 16);
        int history = config.getInt("history_length", 50, 1, 1000);
        int[] hidden = EncoderParams.hidden(config, "hidden", "128");
        var userFields = EncoderParams.fields(config, "user_fields", context.schema().userFields(), true);
        boolean userId = config.getBoolean("user_id", false);
        var itemFields = EncoderParams.fields(config, "item_fields", context.schema().itemFields(), false);
        int[] itemHidden = EncoderParams.hidden(config, "item_hidden", "none");
        int recent = config.getInt("recent_users", 0, 0, 1000);
        boolean normalize = config.getBoolean("normalize", true);
        TowerSpec user = new TowerSpec(userId, userFields, history, 0, hidden);
        TowerSpec item = new TowerSpec(true, itemFields, 0, recent, itemHidden);
        return new FeatureTowerEncoder(name(), context.schema(), user, item, dim, fieldDim, dim, normalize,
                EncoderParams.init(config), context.random("init").nextLong());
    }
}
