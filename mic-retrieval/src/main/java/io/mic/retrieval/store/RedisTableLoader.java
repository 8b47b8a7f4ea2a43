package io.mic.retrieval.store;

import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableKind;
import io.mic.retrieval.table.TableReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Publishes one version of the serving tables to Redis so that readers switch over atomically:
 *
 * <ol>
 *   <li>register the version in {@code {prefix}:versions} (so a crashed load is cleaned up later)
 *       and drop any leftovers of the same version;
 *   <li>bulk-write the three table hashes and the meta hash of {@code v{version}} with pipelined
 *       {@code HSET}s of {@code fieldsPerCommand} fields, syncing every {@code commandsPerSync}
 *       commands; readers do not look at this key space yet;
 *   <li>{@code SET {prefix}:current version}: the single atomic switch;
 *   <li>{@code UNLINK} every other version's keys (freed in the background by Redis) and remove
 *       them from the version set.
 * </ol>
 *
 * <p>Readers ({@link RedisNeighborStore}) check the pointer and read the data in one
 * {@code MULTI/EXEC}, so they see the old version or the new one whole. Not thread-safe: one
 * loader per prefix at a time (the batch job).
 */
public final class RedisTableLoader {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTableLoader.class);

    private final URI uri;
    private final RedisKeys keys;
    private final int timeoutMs;
    private final int fieldsPerCommand;
    private final int commandsPerSync;

    /**
     * @param timeoutMs        socket timeout for the bulk writes (generous: a sync waits for many commands)
     * @param fieldsPerCommand hash fields per {@code HSET}
     * @param commandsPerSync  pipelined commands between waits for replies
     */
    public RedisTableLoader(URI uri, String prefix, int timeoutMs, int fieldsPerCommand, int commandsPerSync) {
        if (fieldsPerCommand < 1 || commandsPerSync < 1) {
            throw new IllegalArgumentException("fieldsPerCommand and commandsPerSync must be >= 1");
        }
        this.uri = uri;
        this.keys = new RedisKeys(prefix);
        this.timeoutMs = timeoutMs;
        this.fieldsPerCommand = fieldsPerCommand;
        this.commandsPerSync = commandsPerSync;
    }

    /** Defaults: 10 s timeout, 512 fields per HSET, 64 commands per sync. */
    public RedisTableLoader(URI uri, String prefix) {
        this(uri, prefix, 10_000, 512, 64);
    }

    private Jedis connect() {
        HostAndPort hp = JedisURIHelper.getHostAndPort(uri);
        return new Jedis(hp, clientConfig(uri, timeoutMs, timeoutMs));
    }

    /** Connection settings from a {@code redis://[user:password@]host:port[/db]} URI and timeouts. */
    static DefaultJedisClientConfig clientConfig(URI uri, int connectTimeoutMs, int socketTimeoutMs) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().connectionTimeoutMillis(connectTimeoutMs)
                .socketTimeoutMillis(socketTimeoutMs);
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        if (password != null) {
            b.user(user).password(password);
        }
        if (JedisURIHelper.hasDbIndex(uri)) {
            b.database(JedisURIHelper.getDBIndex(uri));
        }
        return b.build();
    }

    /**
     * Loads {@code tables} under version {@code tables.version()}, switches readers to it, and
     * deletes every other version: {@link #begin}, {@link #writeRows} over every row of the three
     * tables, {@link #commit}.
     *
     * @return the versions deleted
     * @throws redis.clients.jedis.exceptions.JedisException when Redis fails; the live version is
     *         then unchanged (the partial new version is removed by the next load)
     */
    public List<Long> publish(NeighborTables tables) {
        long t0 = System.nanoTime();
        begin(tables.version());
        long commands = 0;
        for (TableKind k : TableKind.values()) {
            commands += writeRows(tables.version(), k, tables.table(k), 0, tables.table(k).rows());
        }
        List<Long> deleted = commit(tables);
        LOG.info("redis {}: {} HSET commands in {} ms", keys.prefix(), commands, (System.nanoTime() - t0) / 1_000_000);
        return deleted;
    }

    /**
     * Step 1 of a load, for a loader whose rows are written by several writers (one per partition of
     * a distributed job): registers {@code version} in the version set, so that a crashed load is
     * cleaned up by the next one, and drops any leftovers of the same version (a previous attempt).
     *
     * @throws IllegalStateException when {@code version} is already live
     */
    public void begin(long version) {
        try (Jedis j = connect()) {
            long live = RedisNeighborStore.parseVersion(j.get(keys.current()));
            if (live == version) {
                throw new IllegalStateException("version " + version + " is already live under " + keys.prefix());
            }
            j.sadd(keys.versions(), bytes(Long.toString(version)));
            j.unlink(keys.versionKeys(version));
        }
    }

    /**
     * Step 2: writes rows {@code [from, to)} of table {@code kind} of {@code version} with pipelined
     * {@code HSET}s (empty rows are absent fields). Idempotent: writing a range again (a retried
     * task) sets the same fields to the same values. Readers do not see the version before
     * {@link #commit}. Writers of disjoint ranges may run at the same time, each with its own loader.
     *
     * @return the HSET commands sent
     */
    public long writeRows(long version, TableKind kind, TableReader table, int from, int to) {
        if (from < 0 || to > table.rows() || from > to) {
            throw new IllegalArgumentException("rows " + from + ".." + to + " of a " + table.rows() + "-row " + kind + " table");
        }
        byte[] key = switch (kind) {
            case USER_USER -> keys.userUser(version);
            case ITEM_ITEM -> keys.itemItem(version);
            case RECENT_ITEMS -> keys.recent(version);
        };
        BiFunction<TableReader, Integer, byte[]> encode = kind == TableKind.RECENT_ITEMS ? RedisCodec::encodeIds : RedisCodec::encodeNeighbors;
        try (Jedis j = connect()) {
            return writeTable(j, key, table, from, to, encode);
        }
    }

    /**
     * Step 3: writes the meta hash of {@code tables.version()}, switches readers to it with one
     * {@code SET}, and deletes every other version.
     *
     * @return the versions deleted
     */
    public List<Long> commit(NeighborTables tables) {
        long v = tables.version();
        try (Jedis j = connect()) {
            byte[] vb = bytes(Long.toString(v));
            long live = RedisNeighborStore.parseVersion(j.get(keys.current()));
            Map<byte[], byte[]> meta = new LinkedHashMap<>();
            meta.put(bytes("users"), bytes(Integer.toString(tables.users())));
            meta.put(bytes("items"), bytes(Integer.toString(tables.items())));
            meta.put(bytes("user_dim"), bytes(Integer.toString(tables.userDim())));
            meta.put(bytes("item_dim"), bytes(Integer.toString(tables.itemDim())));
            meta.put(bytes("index"), bytes(tables.index()));
            meta.put(bytes("m1"), bytes(Integer.toString(tables.userUser().width())));
            meta.put(bytes("m3"), bytes(Integer.toString(tables.itemItem().width())));
            meta.put(bytes("m"), bytes(Integer.toString(tables.recent().width())));
            meta.put(bytes("loaded_at"), bytes(Instant.now().toString()));
            j.hset(keys.meta(v), meta);
            j.set(keys.current(), vb);
            List<Long> deleted = new ArrayList<>();
            Set<byte[]> all = j.smembers(keys.versions());
            for (byte[] other : all) {
                long ov = RedisNeighborStore.parseVersion(other);
                if (ov != v) {
                    j.unlink(keys.versionKeys(ov));
                    j.srem(keys.versions(), other);
                    deleted.add(ov);
                }
            }
            LOG.info("redis {}: published version {}, previous live {}, deleted {}", keys.prefix(), v, live, deleted);
            return deleted;
        }
    }

    private long writeTable(Jedis j, byte[] key, TableReader t, int from, int to, BiFunction<TableReader, Integer, byte[]> encode) {
        long commands = 0;
        Pipeline p = j.pipelined();
        Map<byte[], byte[]> batch = new HashMap<>();
        int pending = 0;
        for (int r = from; r < to; r++) {
            if (t.count(r) == 0) {
                continue; // absent field = empty row
            }
            batch.put(RedisKeys.field(r), encode.apply(t, r));
            if (batch.size() == fieldsPerCommand) {
                p.hset(key, batch);
                batch = new HashMap<>();
                commands++;
                if (++pending == commandsPerSync) {
                    p.sync();
                    pending = 0;
                }
            }
        }
        if (!batch.isEmpty()) {
            p.hset(key, batch);
            commands++;
        }
        p.sync();
        p.close();
        return commands;
    }

    /** The live version under this prefix, or -1. */
    public long liveVersion() {
        try (Jedis j = connect()) {
            return RedisNeighborStore.parseVersion(j.get(keys.current()));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
