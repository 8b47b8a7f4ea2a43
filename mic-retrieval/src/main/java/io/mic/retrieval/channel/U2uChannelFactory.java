package io.mic.retrieval.channel;

import io.mic.spi.NeighborStore;
import io.mic.spi.PluginConfig;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.RetrievalChannelContext;
import io.mic.spi.RetrievalChannelFactory;

/**
 * {@code u2u}: {@link U2uChannel}. Parameters {@code m1} (similar users, default 10), {@code m2}
 * (recent items per similar user, default 10), {@code k3} (candidates, default 100). Needs the
 * host's {@link NeighborStore} service.
 */
public final class U2uChannelFactory implements RetrievalChannelFactory {
    @Override
    public String name() {
        return "u2u";
    }

    @Override
    public String description() {
        return "M1 similar users x their M2 recent items -> up to K3";
    }

    @Override
    public RetrievalChannel create(PluginConfig config, RetrievalChannelContext context) {
        int m1 = config.getInt("m1", 10, 0, ChannelParams.MAX);
        int m2 = config.getInt("m2", 10, 0, ChannelParams.MAX);
        int k3 = config.getInt("k3", 100, 0, ChannelParams.MAX);
        NeighborStore store = ChannelParams.require(config, context.neighborStore(), NeighborStore.class, "user neighbours and recent items");
        return new U2uChannel(store, m1, m2, k3);
    }
}
