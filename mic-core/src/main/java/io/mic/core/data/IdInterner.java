package io.mic.core.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Assigns dense ids to external ids in first-seen order, reading them straight from a byte buffer;
 * a known id costs no allocation, so per-row loader loops stay allocation-free.
 *
 * <p>External ids that are canonical decimal integers (no sign, no leading zero) below
 * {@link #DIRECT_LIMIT} take an array lookup; every other id goes through an open-addressing table
 * keyed by the id's bytes. Both paths agree because a canonical integer's text and its value
 * determine each other, so "42" can never be interned twice. Externals are decoded with the
 * charset given at construction, once per distinct id. Not thread-safe.
 */
final class IdInterner {
    /** Largest id + 1 served by the array (16 MiB of ints at most). */
    static final int DIRECT_LIMIT = 1 << 22;

    private final Charset charset;
    private int[] direct = new int[1024]; // external int -> id + 1, 0 = unseen
    private int[] table = new int[1024]; // open addressing over byte keys: id + 1, 0 = empty
    private int keyed; // entries in table
    private byte[] arena = new byte[1 << 12]; // key bytes of table entries
    private int arenaSize;
    private int[] keyStart = new int[1024]; // by id; only meaningful for table entries
    private int[] keyLength = new int[1024];
    private String[] externals = new String[1024];
    private int size;

    IdInterner(Charset charset) {
        this.charset = charset;
    }

    int size() {
        return size;
    }

    String external(int id) {
        return externals[id];
    }

    /** The id of bytes {@code [from, to)}, assigning the next one when new. */
    int intern(byte[] b, int from, int to) {
        int v = canonicalInt(b, from, to);
        if (v >= 0) {
            int id = v < direct.length ? direct[v] - 1 : -1;
            if (id >= 0) {
                return id;
            }
            if (v >= direct.length) {
                direct = Arrays.copyOf(direct, (int) Math.min(DIRECT_LIMIT, Math.max(v + 1L, direct.length * 2L)));
            }
            id = add(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            direct[v] = id + 1;
            return id;
        }
        int h = hash(b, from, to);
        int mask = table.length - 1;
        for (int slot = h & mask;; slot = (slot + 1) & mask) {
            int e = table[slot] - 1;
            if (e < 0) {
                int id = add(new String(b, from, to - from, charset));
                storeKey(id, b, from, to);
                table[slot] = id + 1;
                if (++keyed * 2 > table.length) {
                    rehash();
                }
                return id;
            }
            if (sameKey(e, b, from, to)) {
                return e;
            }
        }
    }

    /** The id of bytes {@code [from, to)}, or -1 when not interned. */
    int find(byte[] b, int from, int to) {
        int v = canonicalInt(b, from, to);
        if (v >= 0) {
            return v < direct.length ? direct[v] - 1 : -1;
        }
        int mask = table.length - 1;
        for (int slot = hash(b, from, to) & mask;; slot = (slot + 1) & mask) {
            int e = table[slot] - 1;
            if (e < 0) {
                return -1;
            }
            if (sameKey(e, b, from, to)) {
                return e;
            }
        }
    }

    private int add(String s) {
        if (size == externals.length) {
            int n = size * 2;
            externals = Arrays.copyOf(externals, n);
            keyStart = Arrays.copyOf(keyStart, n);
            keyLength = Arrays.copyOf(keyLength, n);
        }
        externals[size] = s;
        return size++;
    }

    private void storeKey(int id, byte[] b, int from, int to) {
        int len = to - from;
        if (arenaSize + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + len));
        }
        System.arraycopy(b, from, arena, arenaSize, len);
        keyStart[id] = arenaSize;
        keyLength[id] = len;
        arenaSize += len;
    }

    private boolean sameKey(int id, byte[] b, int from, int to) {
        int len = to - from;
        return keyLength[id] == len && Arrays.equals(arena, keyStart[id], keyStart[id] + len, b, from, to);
    }

    private void rehash() {
        int[] old = table;
        table = new int[old.length * 2];
        int mask = table.length - 1;
        for (int e : old) {
            if (e != 0) {
                int id = e - 1;
                int slot = hash(arena, keyStart[id], keyStart[id] + keyLength[id]) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = e;
            }
        }
    }

    /** FNV-1a with a final avalanche, so that ids differing in their last bytes spread over the table. */
    private static int hash(byte[] b, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }

    /** All externals in id order, as an {@link IdMap}. */
    IdMap toIdMap() {
        return IdMap.of(Arrays.asList(Arrays.copyOf(externals, size)));
    }

    /** The value of a canonical decimal integer below {@link #DIRECT_LIMIT}, else -1. */
    private static int canonicalInt(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 1 || n > 7 || (n > 1 && b[from] == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v < DIRECT_LIMIT ? v : -1;
    }
}
