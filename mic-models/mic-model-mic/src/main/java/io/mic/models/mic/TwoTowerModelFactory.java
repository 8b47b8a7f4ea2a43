package io.mic.models.mic;

import io.mic.models.tf.tower.TowerEncoder;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import java.util.List;

/**
 * {@code two-tower}: the base model. Trains the configured encoder ({@code encoder { name: ... }})
 * on (user, item) training pairs with in-batch InfoNCE (logQ-corrected, duplicates of the
 * positive item removed from its negatives) BPR with uniform negatives, or SimpleX's cosine contrastive loss (CCL) with many uniform
 * negatives, under the
 * {@code trainer} settings (epochs, batch, optimizer, schedule, clipping, early stopping on the
 * validation metric, per-epoch checkpoints, resume). Score: dot product of user and item vectors.
 *
 * <p>Parameters (defaults): {@code loss} ({@code auto}: BPR for {@code mf-bpr}, else
 * {@code infonce}); {@code temperature} (0.1, InfoNCE); {@code logq} (true, InfoNCE);
 * {@code l2} (1e-5, BPR); with {@code loss: ccl} (the default for {@code simplex}) also
 * {@code negatives} (100, uniform negatives per example), {@code margin} (0.9) and
 * {@code negative_weight} (10), see {@link CrossChannelLoss#ccl}; {@code exclude_train_items}
 * (true, BPR and CCL: negatives are never the user's
 * training items; a user who has nearly every item gets, after
 * {@link io.mic.core.data.WarmItems#MODEL_MAX_DRAWS} draws, the last draw, counted and logged; false:
 * only the row's positive is redrawn, the behaviour before issue 17); {@code history} ({@code auto}: strictly-before-in-time histories for
 * time-ordered protocols, the user's other training items otherwise; or {@code before} /
 * {@code others}). Augmenters and samplers are rejected: they belong to the {@code mic} model.
 */
public final class TwoTowerModelFactory implements ModelFactory {
    @Override
    public String name() {
        return "two-tower";
    }

    @Override
    public String description() {
        return "two-tower base model: in-batch InfoNCE (logQ) or BPR over any encoder";
    }

    @Override
    public Model create(PluginConfig config, ModelContext context) {
        ModelComponents c = ModelParams.components(config, context);
        TowerEncoder encoder = ModelParams.encoder(config, c);
        if (!c.augmenters().isEmpty() || !c.samplers().isEmpty()) {
            throw config.error("", "model 'two-tower' uses no augmenters or samplers; use model 'mic' for the cross-channel objective");
        }
        Objective.Loss loss = ModelParams.loss(config, encoder);
        double tau = ModelParams.temperature(config);
        boolean logQ = config.getBoolean("logq", true);
        double l2 = config.getDouble("l2", 1e-5, 0, 10);
        boolean exclude = config.getBoolean("exclude_train_items", true);
        var history = ModelParams.history(config);
        Objective obj = new Objective(loss, tau, tau, logQ, 1, 0, 0, 0, false, false, 0, Objective.Score.U2I, tau, 0, history, l2,
                loss == Objective.Loss.CCL ? ModelParams.ccl(config) : null, exclude, false, false);
        return new CrossChannelModel(name(), encoder, obj, List.of(), List.of(), c.trainer(), context.random("trainer").nextLong(),
                ModelParams.progress(context));
    }
}
