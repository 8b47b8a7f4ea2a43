package io.mic.retrieval.store;

import java.nio.charset.StandardCharsets;

/**
 * The Redis key schema (docs/retrieval.md): everything under one {@code prefix}, one hash per table
 * and version, one pointer naming the live version.
 *
 * <pre>
 *   {prefix}:current              string  live version, decimal ("1732386000000")
 *   {prefix}:versions             set     versions present (live, previous, one being loaded)
 *   {prefix}:v{version}:meta      hash    users, items, user_dim, item_dim, index, m1, m3, m, loaded_at
 *   {prefix}:v{version}:uu        hash    user id (decimal) -&gt; n x (int32 id, float32 score), little-endian
 *   {prefix}:v{version}:ii        hash    item id (decimal) -&gt; n x (int32 id, float32 score), little-endian
 *   {prefix}:v{version}:recent    hash    user id (decimal) -&gt; n x int32 item id, little-endian, most recent first
 * </pre>
 *
 * <p>The prefix is wrapped in a hash tag ({@code {mic}:...}) so that on Redis Cluster every key of
 * one prefix lands in one slot and pipelines need no cross-slot routing.
 */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String prefix) {
        if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' must be non-empty without braces");
        }
        this.prefix = "{" + prefix + "}";
    }

    String prefix() {
        return prefix;
    }

    byte[] current() {
        return bytes(prefix + ":current");
    }

    byte[] versions() {
        return bytes(prefix + ":versions");
    }

    byte[] meta(long version) {
        return bytes(prefix + ":v" + version + ":meta");
    }

    byte[] userUser(long version) {
        return bytes(prefix + ":v" + version + ":uu");
    }

    byte[] itemItem(long version) {
        return bytes(prefix + ":v" + version + ":ii");
    }

    byte[] recent(long version) {
        return bytes(prefix + ":v" + version + ":recent");
    }

    /** All keys of one version. */
    byte[][] versionKeys(long version) {
        return new byte[][] {meta(version), userUser(version), itemItem(version), recent(version)};
    }

    /** A hash field for an entity id: its decimal digits. */
    static byte[] field(int id) {
        return bytes(Integer.toString(id));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
