package io.mic.retrieval.channel;

import io.mic.spi.PluginConfig;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.RetrievalChannelContext;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.VectorIndex;

/**
 * {@code u2i}: {@link U2iChannel}. Parameter {@code k1} (candidates, default 100). Needs the host's
 * {@link VectorIndex} service: the index over item vectors.
 */
public final class U2iChannelFactory implements RetrievalChannelFactory {
    @Override
    public String name() {
        return "u2i";
    }

    @Override
    public String description() {
        return "user vector(s) -> item index top K1 (multi-interest: max over interests)";
    }

    @Override
    public RetrievalChannel create(PluginConfig config, RetrievalChannelContext context) {
        int k1 = config.getInt("k1", 100, 0, ChannelParams.MAX);
        VectorIndex index = ChannelParams.require(config, context.itemIndex(), VectorIndex.class, "the item vector index");
        return new U2iChannel(index, k1);
    }
}
