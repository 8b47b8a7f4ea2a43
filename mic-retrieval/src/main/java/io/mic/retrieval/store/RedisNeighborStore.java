package io.mic.retrieval.store;

import io.mic.retrieval.table.NeighborTables;
import io.mic.spi.NeighborStore;
import io.mic.spi.Neighbors;
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
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

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
 * next call reconnects, which is how the store recovers when the server comes back.
 *
 * <p>Lost tables: when the pointer key is missing (a server restarted empty, a flush, nothing
 * published yet) or the live version's meta hash is gone (evicted), reads throw
 * {@link StoreUnavailableException} rather than answer from empty tables, so callers report a
 * degraded answer instead of a silently different one. When the store was given the tables it
 * serves ({@code source}, the serving artifacts' own copy), it republishes them in the background
 * (one reload at a time, at most one attempt per {@link #RELOAD_RETRY_MS}) and answers again, with
 * the same version, once that is done. {@link #problem()} reports the same state for health checks.
 *
 * <p>Thread-safe (one pooled connection per concurrent call); returned arrays are new and owned by
 * the caller.
 */
public final class RedisNeighborStore implements NeighborStore, NeighborBatchReader, StoreHealth {
    private static final Logger LOG = LoggerFactory.getLogger(RedisNeighborStore.class);
    private static final int MAX_VERSION_RETRIES = 3;

    private final RedisClient client;
    private final RedisKeys keys;
    private final String where;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean warnedLost = new AtomicBoolean();
    private final AtomicBoolean reloading = new AtomicBoolean();
    private final URI uri;
    private final NeighborTables source;
    private volatile long lastReloadAttempt = Long.MIN_VALUE / 2;
    private volatile long version = -1;

    /** Least time between two attempts to republish lost tables. */
    static final long RELOAD_RETRY_MS = 500;

    /**
     * Connects lazily to {@code uri} ({@code redis://[user:password@]host:port[/db]}).
     *
     * @param timeoutMs        socket read timeout and longest wait for a pooled connection
     * @param connectTimeoutMs TCP connect timeout
     * @param poolSize         most concurrent connections
     */
    public RedisNeighborStore(URI uri, String prefix, int timeoutMs, int connectTimeoutMs, int poolSize) {
        this(uri, prefix, timeoutMs, connectTimeoutMs, poolSize, null);
    }

    /**
     * The same, republishing {@code source} (may be null: then lost tables are only reported) when
     * Redis has lost the tables.
     */
    public RedisNeighborStore(URI uri, String prefix, int timeoutMs, int connectTimeoutMs, int poolSize, NeighborTables source) {
        this.uri = uri;
        this.source = source;
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

    /** Values of {@code ids[0..count)} in one table of the live version. */
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
                Response<Boolean> meta;
                Response<List<byte[]>> vals;
                try (AbstractTransaction tx = client.multi()) {
                    cur = tx.get(keys.current());
                    meta = v < 0 ? null : tx.exists(keys.meta(v));
                    vals = v < 0 ? null : tx.hmget(tableKey(kind, v), fields);
                    tx.exec();
                }
                long live = parseVersion(cur.get());
                recovered();
                if (live < 0 || (live == v && !meta.get())) {
                    throw lost(live < 0 ? "holds no table version (pointer " + new String(keys.current(), StandardCharsets.US_ASCII)
                            + " missing: restarted empty, flushed, or never loaded)" : "lost the tables of version " + live);
                }
                if (live == v && vals != null) {
                    warnedLost.set(false);
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

    /** Reports lost tables (once per loss in the log), starts a reload when it can, and returns the error to throw. */
    private NeighborStore.StoreUnavailableException lost(String what) {
        String msg = "redis store " + where + " " + what + (source == null ? ""
                : "; reloading version " + source.version() + " from the serving artifacts");
        if (warnedLost.compareAndSet(false, true)) {
            LOG.warn(msg);
        }
        reloadInBackground();
        return new NeighborStore.StoreUnavailableException(msg, null);
    }

    private void reloadInBackground() {
        long now = System.currentTimeMillis();
        if (source == null || now - lastReloadAttempt < RELOAD_RETRY_MS || !reloading.compareAndSet(false, true)) {
            return;
        }
        lastReloadAttempt = now;
        Thread t = new Thread(() -> {
            try {
                RedisTableLoader loader = new RedisTableLoader(uri, keys.prefix().substring(1, keys.prefix().length() - 1));
                if (loader.liveVersion() < 0) {
                    loader.publish(source);
                    LOG.info("redis store {}: reloaded version {} from the serving artifacts", where, source.version());
                }
            } catch (RuntimeException e) {
                LOG.warn("redis store {}: reloading version {} failed ({}); will try again", where, source.version(), e.toString());
            } finally {
                reloading.set(false);
            }
        }, "mic-redis-reload");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Why this store cannot answer right now (unreachable, tables lost, reloading), or null when it
     * can: one round trip, also starting a reload of lost tables.
     */
    @Override
    public String problem() {
        try {
            long live;
            boolean meta;
            try (AbstractTransaction tx = client.multi()) {
                Response<byte[]> cur = tx.get(keys.current());
                long v = version;
                Response<Boolean> m = v < 0 ? null : tx.exists(keys.meta(v));
                tx.exec();
                live = parseVersion(cur.get());
                meta = m == null || live != v || m.get();
            }
            if (live < 0 || !meta) {
                return lost(live < 0 ? "holds no table version" : "lost the tables of version " + live).getMessage();
            }
            return null;
        } catch (JedisException e) {
            return "redis store " + where + " unavailable: " + e.getMessage();
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
