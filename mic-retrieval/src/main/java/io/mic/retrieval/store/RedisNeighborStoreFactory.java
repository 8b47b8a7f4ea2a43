package io.mic.retrieval.store;

import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.NeighborStore;
import io.mic.spi.NeighborStoreFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code redis}: {@link RedisNeighborStore}.
 *
 * <p>Parameters: {@code uri} (default {@code redis://127.0.0.1:6379}); {@code prefix} (key
 * namespace, default {@code mic}); {@code timeout-ms} (socket read timeout and pool wait, default
 * 100); {@code connect-timeout-ms} (default 100); {@code pool-size} (most concurrent connections,
 * default 16); {@code reload} (default true: when Redis has lost the tables, e.g. restarted empty,
 * republish the host's copy of them, the serving artifacts' tables, if the host provides one).
 */
public final class RedisNeighborStoreFactory implements NeighborStoreFactory {
    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String description() {
        return "neighbour/history tables in Redis (versioned key space, atomic switch, pipelined reads)";
    }

    @Override
    public NeighborStore create(PluginConfig config, PluginContext context) {
        String u = config.getString("uri", "redis://127.0.0.1:6379");
        String prefix = config.getString("prefix", "mic");
        int timeout = config.getInt("timeout-ms", 100, 1, 600_000);
        int connectTimeout = config.getInt("connect-timeout-ms", 100, 1, 600_000);
        int poolSize = config.getInt("pool-size", 16, 1, 4096);
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw config.error("uri", "value '" + u + "' is not a URI: " + e.getMessage());
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw config.error("uri", "value '" + u + "' is not redis://host:port[/db]");
        }
        if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
            throw config.error("prefix", "value '" + prefix + "' must be non-empty and contain no braces");
        }
        // the host's copy of the tables (the serving artifacts) is what gets republished if Redis loses them
        io.mic.retrieval.table.NeighborTables source = config.getBoolean("reload", true)
                ? SeededPluginContext.engineResource(context, io.mic.retrieval.table.NeighborTables.class).orElse(null) : null;
        return new RedisNeighborStore(uri, prefix, timeout, connectTimeout, poolSize, source);
    }
}
