package io.mic.retrieval.channel;

import io.mic.spi.ConfigException;
import io.mic.spi.PluginConfig;
import java.util.Optional;

/** Shared helpers of the channel factories. */
final class ChannelParams {
    /** Largest quota or fan-out a channel accepts. */
    static final int MAX = 100_000;

    private ChannelParams() {
    }

    /** {@code service} (the context's {@code type}), or an error naming the channel and the missing service. */
    static <S> S require(PluginConfig config, Optional<S> service, Class<S> type, String what) {
        return service.orElseThrow(() -> missing(config, type, what));
    }

    private static ConfigException missing(PluginConfig config, Class<?> type, String what) {
        return config.error("", "channel '" + config.plugin() + "' needs the host service " + type.getName() + " (" + what
                + "), which the host did not provide");
    }
}
