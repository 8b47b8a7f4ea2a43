package io.mic.testkit.reference;

import io.mic.spi.Candidates;
import io.mic.spi.PluginConfig;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.RetrievalChannelContext;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.VectorIndex;

/** Reference channel for the kit's own tests: the user's vector against the host's item index, excluded items skipped; {@code label} is required. */
public final class U2iChannelFactory implements RetrievalChannelFactory {
    @Override
    public String name() {
        return "kit-ref-u2i";
    }

    @Override
    public String description() {
        return "user vector -> item index (mic-testkit reference)";
    }

    @Override
    public RetrievalChannel create(PluginConfig config, RetrievalChannelContext context) {
        int quota = config.getInt("quota", 20, 1, 10_000);
        String label = config.requireString("label");
        VectorIndex index = context.itemIndex().orElseThrow(() -> config.error("", "the host provides no item index"));
        return new RetrievalChannel() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public int quota() {
                return quota;
            }

            @Override
            public void retrieve(Query query, int channel, Candidates out) {
                if (query.userVector() == null) {
                    return;
                }
                int k = Math.min(index.size(), quota + query.exclude().length);
                int[] ids = new int[k];
                float[] scores = new float[k];
                int n = index.search(query.userVector(), 0, k, ids, scores);
                int added = 0;
                for (int i = 0; i < n && added < quota; i++) {
                    if (!query.excluded(ids[i])) {
                        out.add(ids[i], channel, scores[i]);
                        added++;
                    }
                }
            }
        };
    }
}
