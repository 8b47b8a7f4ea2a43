package io.mic.models.mic;

import io.mic.models.tf.tower.TowerEncoder;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.Sampler;

/**
 * {@code mic}: the MIC paper's model-agnostic cross-channel objective over any encoder of this
 * module. Views: the original batch (u, v) and an augmented one (ũ, ṽ) made by the configured
 * input-stage augmenters (e.g. {@code field-mask}) and an optional {@code embedding-dropout}.
 * Loss: {@code w_u2i L_u2i + w_u2u L_u2u + w_i2i L_i2i + w_bce L_bce}, where
 * <ul>
 *   <li>L_u2i: InfoNCE of u against the batch's items (v, and ṽ with {@code view_negatives: all}),
 *       logQ-corrected, plus k-means hard item negatives (and kNN item positives with
 *       {@code knn_u2i});</li>
 *   <li>L_u2u: InfoNCE of u with positive ũ, against the other rows' ũ and u (the 2(N-1) views),
 *       plus kNN user positives and k-means hard user negatives;</li>
 *   <li>L_i2i: the same for v and ṽ with kNN item positives and k-means hard item negatives;</li>
 *   <li>L_bce: BCE of sigma(u.v/tau) on the labelled positive (label 0 for ratings below
 *       {@code low_rating}) and on sampled negatives (popularity-negative / in-batch-negative).</li>
 * </ul>
 * Score ({@code score: combined}): the 1:1:1 mean of the u2i, u2u and i2i probabilities (see
 * {@link ScoreTable}); {@code score: u2i}: the dot product alone.
 *
 * <p>Parameters (defaults): {@code w_u2i} (1), {@code w_u2u} (0.1), {@code w_i2i} (0.1),
 * {@code w_bce} (0; needs a negative sampler or {@code low_rating}), {@code temperature} (0.1, of u2i and BCE), {@code aux_temperature} (= {@code temperature}, of u2u and i2i),
 * {@code logq} (true), {@code view_negatives} ({@code all} or {@code original}), {@code knn_u2i}
 * (false), {@code low_rating} (0 = off), {@code score} ({@code combined}, {@code u2i}, or one channel: {@code u2u}, {@code i2i}), {@code score_temperature} (= {@code temperature}:
 * tau of the channel distributions of the combined score),
 * {@code score_history} (20: the user history M the i2i and u2u channels read), {@code history} ({@code auto}).
 *
 * <p>{@code u2i_loss} ({@code infonce}, the paper's) may instead keep the base model's own pairwise loss as the u2i
 * term — {@code bpr} (one uniform negative outside the user's training items per row, {@code l2} 1e-5 on the batch
 * rows) or {@code ccl} (SimpleX's cosine contrastive loss: {@code negatives}, {@code margin},
 * {@code negative_weight}) — weighted by {@code w_u2i}, with u2u / i2i / BCE added as weighted extras. Then
 * {@code logq} has no effect, {@code knn_u2i} and {@code low_rating} are refused, {@code exclude_train_items} (true)
 * applies to the pairwise negatives, and {@code aux_normalize} (true) makes the u2u / i2i / BCE terms and the u2u /
 * i2i score channels read L2-normalised vectors (for encoders whose towers are raw, e.g. {@code lightgcn} with
 * {@code normalize: false}, trained by BPR on dot products as LightGCN is).
 */
public final class MicModelFactory implements ModelFactory {
    @Override
    public String name() {
        return "mic";
    }

    @Override
    public String description() {
        return "MIC: u2i + u2u + i2i contrastive objective over augmented views, any encoder; 1:1:1 channel score";
    }

    @Override
    public Model create(PluginConfig config, ModelContext context) {
        ModelComponents c = ModelParams.components(config, context);
        TowerEncoder encoder = ModelParams.encoder(config, c);
        for (int j = 0; j < c.samplers().size(); j++) {
            Sampler s = c.samplers().get(j);
            if (s.role().isEmpty()) {
                throw config.error("sampler[" + j + "]", "sampler " + s + " (" + s.getClass().getName() + ") declares no role(): model 'mic' "
                        + "routes each sampler's ids by its declared target, sign and per_row; override Sampler.role() in that plugin, "
                        + "or remove this sampler section");
            }
        }
        double wU2i = config.getDouble("w_u2i", 1, 0, 1000);
        double wU2u = config.getDouble("w_u2u", 0.1, 0, 1000);
        double wI2i = config.getDouble("w_i2i", 0.1, 0, 1000);
        double wBce = config.getDouble("w_bce", 0, 0, 1000);
        double tau = ModelParams.temperature(config);
        double auxTau = config.getDouble("aux_temperature", tau, 1e-6, 100);
        boolean logQ = config.getBoolean("logq", true);
        boolean allViews = config.getChoice("view_negatives", "all", "all", "original").equals("all");
        boolean knnU2i = config.getBoolean("knn_u2i", false);
        double lowRating = config.getDouble("low_rating", 0, 0, 1e9);
        Objective.Score score = Objective.Score.valueOf(
                config.getChoice("score", "combined", "combined", "u2i", "u2u", "i2i").toUpperCase(java.util.Locale.ROOT));
        double scoreTau = config.getDouble("score_temperature", tau, 1e-6, 100);
        int scoreHistory = config.getInt("score_history", 20, 1, 10000);
        var history = ModelParams.history(config);
        if (wU2i + wU2u + wI2i + wBce == 0) {
            throw config.error("w_u2i", "every loss weight is 0");
        }
        if (wBce > 0 && lowRating == 0 && c.samplers().stream().noneMatch(s -> s.refreshEvery() == 0)) {
            throw config.error("w_bce", "the BCE term needs negatives: add a sampler { name: \"popularity-negative\" } or set low_rating");
        }
        Objective.Loss u2iLoss = Objective.Loss.valueOf(
                config.getChoice("u2i_loss", "infonce", "infonce", "bpr", "ccl").toUpperCase(java.util.Locale.ROOT));
        double l2 = 0;
        Objective.Ccl ccl = null;
        boolean exclude = true;
        boolean auxUnit = false;
        if (u2iLoss != Objective.Loss.INFONCE) {
            if (knnU2i) {
                throw config.error("knn_u2i", "extends the InfoNCE u2i positives; with u2i_loss: " + u2iLoss.name().toLowerCase(java.util.Locale.ROOT)
                        + " the u2i term has one positive per row (drop knn_u2i or use u2i_loss: infonce)");
            }
            if (lowRating > 0) {
                throw config.error("low_rating", "weights the InfoNCE u2i rows; with u2i_loss: "
                        + u2iLoss.name().toLowerCase(java.util.Locale.ROOT) + " it is not supported");
            }
            l2 = u2iLoss == Objective.Loss.BPR ? config.getDouble("l2", 1e-5, 0, 10) : 0;
            ccl = u2iLoss == Objective.Loss.CCL ? ModelParams.ccl(config) : null;
            exclude = config.getBoolean("exclude_train_items", true);
            auxUnit = config.getBoolean("aux_normalize", true);
        }
        Objective obj = new Objective(u2iLoss, tau, auxTau, logQ, wU2i, wU2u, wI2i, wBce, allViews, knnU2i, lowRating, score,
                scoreTau, scoreHistory, history, l2, ccl, exclude, true, auxUnit);
        return new CrossChannelModel(name(), encoder, obj, c.augmenters(), c.samplers(), c.trainer(), context.random("trainer").nextLong(),
                ModelParams.progress(context));
    }
}
