package com.example.micplugin;

import io.mic.spi.PluginConfig;
import io.mic.spi.Reranker;
import io.mic.spi.RerankerContext;
import io.mic.spi.RerankerFactory;

/** Ranks by merged score plus {@code boost} for every extra channel that recalled the item. */
public final class ChannelBoostRerankerFactory implements RerankerFactory {
    @Override
    public String name() {
        return "example-channel-boost";
    }

    @Override
    public String description() {
        return "score + boost x (channels - 1), top n";
    }

    @Override
    public Reranker create(PluginConfig config, RerankerContext context) {
        float boost = config.getFloat("boost", 0.5f, 0f, 100f);
        return (query, candidates, out) -> {
            out.clear();
            boolean[] taken = new boolean[candidates.size()];
            for (int rank = 0; rank < query.n(); rank++) {
                int best = -1;
                float bestScore = 0;
                for (int i = 0; i < candidates.size(); i++) {
                    float s = candidates.score(i) + boost * (candidates.channelCount(i) - 1);
                    if (!taken[i] && !query.excluded(candidates.item(i)) && (best < 0 || s > bestScore)) {
                        best = i;
                        bestScore = s;
                    }
                }
                if (best < 0) {
                    return;
                }
                taken[best] = true;
                out.setScore(out.copyFrom(candidates, best), bestScore);
            }
        };
    }
}
