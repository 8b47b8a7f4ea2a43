package io.mic.models.re4;

import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.Progress;

/**
 * {@code re4}: the Re4 multi-interest model, and ComiRec-SA as its configuration with
 * {@code lambda_cl = lambda_att = lambda_ct = 0}. Trains under the run's {@code trainer} settings;
 * it builds its own encoder, so the model takes no {@code encoder}, {@code augmenter} or
 * {@code sampler} sections.
 *
 * <p>Parameters (defaults): {@code interests} K (4, ≥ 1); {@code dim} (64); {@code attention_dim}
 * (64); {@code history_length} N_x (50); {@code temperature} (0.1) and {@code logq} (true) of L_rec;
 * {@code normalize} (true: cosine scores); {@code lambda_cl}, {@code lambda_att}, {@code lambda_ct}
 * (0.1 each, ≥ 0; 0 switches a term off); {@code cl_temperature} (0.1); {@code recon_dim} d_b (16); {@code recon_attention_dim} d_c (16);
 * {@code history} ({@code auto}, {@code before}, {@code others}). See {@link Re4Settings}.
 */
public final class Re4ModelFactory implements ModelFactory {
    @Override
    public String name() {
        return "re4";
    }

    @Override
    public String description() {
        return "Re4 multi-interest model (ComiRec-SA forward flow + re-contrast/re-attend/re-construct; all lambdas 0 = ComiRec-SA)";
    }

    @Override
    public Model create(PluginConfig config, ModelContext context) {
        ModelComponents c = context.components();
        if (c.encoder().isPresent() || !c.augmenters().isEmpty() || !c.samplers().isEmpty()) {
            throw config.error("", "model 're4' builds its own encoder (set interests, dim, ... as model params): remove its encoder, "
                    + "augmenter and sampler sections");
        }
        Re4Settings s = Re4Settings.parse(config);
        Re4Encoder encoder = new Re4Encoder(s, context.schema().numItems(), context.random("init").nextLong());
        return new Re4Model(config.plugin(), encoder, c.trainer(), context.random("trainer").nextLong(),
                context.progress());
    }
}
