package io.mic.retrieval.store;

import io.mic.core.spi.NeighborStore;
import io.mic.core.spi.Neighbors;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.util.JedisURIHelper;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@code redis} store: reads the tables a {@link RedisTableLoader} published (key schema in
 * {@link RedisKeys} and docs/retrieval.md) through Jedis' {@link RedisClient}: a pool of blocking
 * connections.
 *
 * <p>Each read is one network round trip: {@code MULTI; GET current; HMGET table field...; EXEC}.
 * The transaction makes the version check and the data read atomic, so a read racing a reload gets
 * the old table or the new one entirely, never a mix or a half-written table, even though the
 * loader deletes the old version right after switching. If the live version differs from the one
 * this store last saw, the read is repeated once against the new version.
 *
 * <p>Failures: connecting, reading or waiting for a pooled connection longer than the configured
 * timeouts throws {@link StoreUnavailableException}; idle pooled connections are then dropped so the
 * next call reconnects, which is how the store recovers when the server comes back. Thread-safe
 * (one pooled connection per concurrent call); returned arrays are new and owned by the caller.
 */
public final class RedisNeighborStore implements NeighborStore, NeighborBatchReader {
    private static final Logger LOG = LoggerFactory.getLogger(RedisNeighborStore.class);
    private static final int MAX_VERSION_RETRIES = 3;

    private final RedisClient client;
    private final RedisKeys keys;
    private final String where;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean warnedEmpty = new AtomicBoolean();
    private volatile long version = -1;

    /**
     * Connects lazily to {@code uri} ({@code redis://[user:password@]host:port[/db]}).
     *
     * @param timeoutMs        socket read timeout and longest wait for a pooled connection
     * @param connectTimeoutMs TCP connect timeout
     * @param poolSize         most concurrent connections
     */
    public RedisNeighborStore(URI uri, String prefix, int timeoutMs, int connectTimeoutMs, int poolSize) {
        this.keys = new RedisKeys(prefix);
        GenericObjectPoolConfig<Connection> pc = new GenericObjectPoolConfig<>();
        pc.setMaxTotal(poolSize);
        pc.setMaxIdle(poolSize);
        pc.setMinIdle(0);
        pc.setMaxWait(Duration.ofMillis(timeoutMs));
        pc.setBlockWhenExhausted(true);
        pc.setJmxEnabled(false);
        this.client = RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(RedisTableLoader.clientConfig(uri, connectTimeoutMs, timeoutMs)).poolConfig(pc).build();
        this.where = uri.getHost() + ":" + uri.getPort() + " " + keys.prefix();
    }

    /** The version the last successful read was served from (-1 before the first). */
    public long servedVersion() {
        return version;
    }

    @Override
    public Neighbors neighbors(Table table, int id, int limit) {
        return neighbors(table, new int[] {id}, 1, limit)[0];
    }

    @Override
    public int[] recentItems(int user, int limit) {
        return recentItems(new int[] {user}, 1, limit)[0];
    }

    @Override
    public Neighbors[] neighbors(Table table, int[] ids, int count, int limit) {
        Neighbors[] out = new Neighbors[count];
        List<byte[]> values = read(table == Table.USER_USER ? Kind.USER_USER : Kind.ITEM_ITEM, ids, count);
        for (int i = 0; i < count; i++) {
            out[i] = values == null ? Neighbors.EMPTY : RedisCodec.decodeNeighbors(values.get(i), limit);
        }
        return out;
    }

    @Override
    public int[][] recentItems(int[] users, int count, int limit) {
        int[][] out = new int[count][];
        List<byte[]> values = read(Kind.RECENT, users, count);
        for (int i = 0; i < count; i++) {
            out[i] = values == null ? new int[0] : RedisCodec.decodeIds(values.get(i), limit);
        }
        return out;
    }

    private enum Kind { USER_USER, ITEM_ITEM, RECENT }

    private byte[] tableKey(Kind kind, long v) {
        return switch (kind) {
            case USER_USER -> keys.userUser(v);
            case ITEM_ITEM -> keys.itemItem(v);
            case RECENT -> keys.recent(v);
        };
    }

    /** Values of {@code ids[0..count)} in one table of the live version; null when nothing is published. */
    private List<byte[]> read(Kind kind, int[] ids, int count) {
        if (count == 0) {
            return List.of();
        }
        byte[][] fields = new byte[count][];
        for (int i = 0; i < count; i++) {
            fields[i] = RedisKeys.field(ids[i]);
        }
        try {
            long v = version;
            for (int attempt = 0; attempt < MAX_VERSION_RETRIES; attempt++) {
                Response<byte[]> cur;
                Response<List<byte[]>> vals;
                try (AbstractTransaction tx = client.multi()) {
                    cur = tx.get(keys.current());
                    vals = v < 0 ? null : tx.hmget(tableKey(kind, v), fields);
                    tx.exec();
                }
                long live = parseVersion(cur.get());
                recovered();
                if (live < 0) {
                    if (warnedEmpty.compareAndSet(false, true)) {
                        LOG.warn("redis store {}: no table version published yet; serving empty tables", where);
                    }
                    return null;
                }
                if (live == v && vals != null) {
                    return vals.get();
                }
                version = v = live;
            }
            throw new NeighborStore.StoreUnavailableException("redis store " + where + ": live version kept changing during a read",
                    null);
        } catch (JedisException e) {
            if (e instanceof JedisConnectionException || e.getCause() instanceof java.io.IOException) {
                client.getPool().clear(); // idle connections share the failure; reconnect on the next call
            }
            if (down.compareAndSet(false, true)) {
                LOG.warn("redis store {} unavailable: {}", where, e.toString());
            }
            throw new NeighborStore.StoreUnavailableException("redis store " + where + " unavailable: " + e.getMessage(), e);
        }
    }

    private void recovered() {
        if (down.compareAndSet(true, false)) {
            LOG.info("redis store {} reachable again", where);
        }
    }

    static long parseVersion(byte[] b) {
        if (b == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(b, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new JedisException("pointer key holds '" + new String(b, StandardCharsets.US_ASCII) + "', not a version", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
