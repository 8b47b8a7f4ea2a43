package io.mic.rerank;

import io.mic.spi.PluginConfig;
import io.mic.spi.Reranker;
import io.mic.spi.RerankerContext;
import io.mic.spi.RerankerFactory;
import io.mic.spi.Vectors;

/**
 * {@code mmr}: {@link MmrReranker}.
 *
 * <p>Parameters: {@code lambda} (relevance weight in [0, 1], default 0.7), {@code similarity}
 * ({@code max-normalized} | {@code merged}, default {@code max-normalized}). Needs the host's
 * {@link Vectors} service holding the <em>item</em> vectors (one row per item id,
 * {@code interests = 1}).
 */
public final class MmrRerankerFactory implements RerankerFactory {
    @Override
    public String name() {
        return "mmr";
    }

    @Override
    public String description() {
        return "maximal marginal relevance over item-vector cosines (lambda trade-off), top N";
    }

    @Override
    public Reranker create(PluginConfig config, RerankerContext context) {
        float lambda = config.getFloat("lambda", 0.7f, 0f, 1f);
        Relevance sim = Relevance.from(config);
        Vectors items = context.itemVectors().orElseThrow(() -> config.error("", "reranker 'mmr' needs the item vectors "
                + "(RerankerContext.itemVectors(), one row per item), which the host did not provide"));
        if (items.interests() != 1) {
            throw config.error("", "the host's item vectors have " + items.interests()
                    + " rows per entity; mmr needs item vectors with one row per item");
        }
        return new MmrReranker(lambda, sim, items);
    }
}
