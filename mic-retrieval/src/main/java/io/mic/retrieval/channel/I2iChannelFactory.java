package io.mic.retrieval.channel;

import io.mic.spi.NeighborStore;
import io.mic.spi.PluginConfig;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.RetrievalChannelContext;
import io.mic.spi.RetrievalChannelFactory;

/**
 * {@code i2i}: {@link I2iChannel}. Parameters {@code m} (recent items, default 10), {@code m3}
 * (similar items per recent item, default 10), {@code k2} (candidates, default 100). Needs the
 * host's {@link NeighborStore} service.
 */
public final class I2iChannelFactory implements RetrievalChannelFactory {
    @Override
    public String name() {
        return "i2i";
    }

    @Override
    public String description() {
        return "M recent items x M3 similar items -> up to K2";
    }

    @Override
    public RetrievalChannel create(PluginConfig config, RetrievalChannelContext context) {
        int m = config.getInt("m", 10, 0, ChannelParams.MAX);
        int m3 = config.getInt("m3", 10, 0, ChannelParams.MAX);
        int k2 = config.getInt("k2", 100, 0, ChannelParams.MAX);
        NeighborStore store = ChannelParams.require(config, context.neighborStore(), NeighborStore.class, "recent items and item neighbours");
        return new I2iChannel(store, m, m3, k2);
    }
}
