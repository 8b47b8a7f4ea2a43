package io.mic.retrieval.channel;

import io.mic.spi.PluginConfig;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.RetrievalChannelContext;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.VectorIndex;

/**
 * {@code multi-interest}: {@link MultiInterestChannel}. Parameters: {@code k} (candidates emitted,
 * default 100), {@code per_interest} (candidates each interest retrieves before the merge, default
 * {@code k}: ComiRec's rule). Needs the host's {@link VectorIndex} service: the index over item vectors.
 */
public final class MultiInterestChannelFactory implements RetrievalChannelFactory {
    /** Largest quota accepted. */
    private static final int MAX = 100_000;

    @Override
    public String name() {
        return "multi-interest";
    }

    @Override
    public String description() {
        return "K interest vectors -> item index top-N each, merged by max score (ComiRec), top K";
    }

    @Override
    public RetrievalChannel create(PluginConfig config, RetrievalChannelContext context) {
        int k = config.getInt("k", 100, 0, MAX);
        int perInterest = config.getInt("per_interest", Math.max(1, k), 1, MAX);
        VectorIndex index = context.itemIndex().orElseThrow(() -> config.error("",
                "channel 'multi-interest' needs the host service " + VectorIndex.class.getName()
                        + " (the item vector index), which the host did not provide"));
        return new MultiInterestChannel(index, k, perInterest);
    }
}
