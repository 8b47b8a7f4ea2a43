package io.mic.rerank;

import io.mic.spi.ItemCatalog;
import io.mic.spi.PluginConfig;
import io.mic.spi.Reranker;
import io.mic.spi.RerankerContext;
import io.mic.spi.RerankerFactory;

/**
 * {@code mic-unified}: {@link UnifiedReranker}.
 *
 * <p>Parameters: {@code w-sim} (default 1), {@code w-count} (default 0.5), {@code w-div} (default
 * 0.2), {@code similarity} ({@code max-normalized} | {@code merged}, default
 * {@code max-normalized}), {@code normalize-diversity} (default false: the raw count of other
 * candidates with a different category, as in the paper). Needs the host's {@link ItemCatalog}
 * service unless {@code w-div = 0}.
 */
public final class UnifiedRerankerFactory implements RerankerFactory {
    @Override
    public String name() {
        return "mic-unified";
    }

    @Override
    public String description() {
        return "MIC unified rerank: w_sim*similarity + w_count*channels + w_div*diversity, top N";
    }

    @Override
    public Reranker create(PluginConfig config, RerankerContext context) {
        float wSim = config.getFloat("w-sim", 1f, -1e6f, 1e6f);
        float wCount = config.getFloat("w-count", 0.5f, -1e6f, 1e6f);
        float wDiv = config.getFloat("w-div", 0.2f, -1e6f, 1e6f);
        Relevance sim = Relevance.from(config);
        boolean normalize = config.getBoolean("normalize-diversity", false);
        ItemCatalog catalog = context.catalog().orElse(null);
        if (catalog == null && wDiv != 0f) {
            throw config.error("w-div", "is " + wDiv + " but the host provides no " + ItemCatalog.class.getName()
                    + " service (item categories); provide one or set w-div = 0");
        }
        return new UnifiedReranker(wSim, wCount, wDiv, normalize, sim, catalog);
    }
}
