package io.mic.testkit.reference;

import io.mic.spi.Candidates;
import io.mic.spi.PluginConfig;
import io.mic.spi.Query;
import io.mic.spi.Reranker;
import io.mic.spi.RerankerContext;
import io.mic.spi.RerankerFactory;

/** Reference reranker for the kit's own tests: the top n by merged score (ties to the lower item), plus a bonus per extra channel. */
public final class ScoreRerankerFactory implements RerankerFactory {
    @Override
    public String name() {
        return "kit-ref-score";
    }

    @Override
    public String description() {
        return "top n by merged score (mic-testkit reference)";
    }

    @Override
    public Reranker create(PluginConfig config, RerankerContext context) {
        float bonus = config.getFloat("channel_bonus", 0f, 0f, 10f);
        return (Query query, Candidates candidates, Candidates out) -> {
            out.clear();
            int n = candidates.size();
            boolean[] taken = new boolean[n];
            for (int rank = 0; rank < query.n(); rank++) {
                int best = -1;
                float bestScore = 0;
                for (int i = 0; i < n; i++) {
                    if (taken[i] || query.excluded(candidates.item(i))) {
                        continue;
                    }
                    float s = candidates.score(i) + bonus * (candidates.channelCount(i) - 1);
                    if (best < 0 || s > bestScore || (s == bestScore && candidates.item(i) < candidates.item(best))) {
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
