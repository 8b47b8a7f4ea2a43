package io.mic.core.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Assigns dense ids to external ids in first-seen order, reading them straight from a byte buffer.
 *
 * <p>External ids that are canonical decimal integers (no sign, no leading zero) below
 * {@link #DIRECT_LIMIT} take an array lookup and allocate nothing once seen; every other id goes
 * through a string hash map. Both paths agree because a canonical integer string and its value
 * determine each other, so "42" can never be interned twice. Not thread-safe.
 */
final class IdInterner {
    /** Largest id + 1 served by the array (16 MiB of ints at most). */
    static final int DIRECT_LIMIT = 1 << 22;

    private int[] direct = new int[1024]; // external int -> id + 1, 0 = unseen
    private final HashMap<String, Integer> byString = new HashMap<>();
    private String[] externals = new String[1024];
    private int size;

    int size() {
        return size;
    }

    String external(int id) {
        return externals[id];
    }

    /** The id of bytes {@code [from, to)}, assigning the next one when new. */
    int intern(byte[] b, int from, int to, Charset cs) {
        int v = canonicalInt(b, from, to);
        if (v >= 0) {
            int id = v < direct.length ? direct[v] - 1 : -1;
            if (id >= 0) {
                return id;
            }
            return addDirect(v, new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        }
        return internString(new String(b, from, to - from, cs));
    }

    /** The id of bytes {@code [from, to)}, or -1 when not interned. */
    int find(byte[] b, int from, int to, Charset cs) {
        int v = canonicalInt(b, from, to);
        if (v >= 0) {
            return v < direct.length ? direct[v] - 1 : -1;
        }
        Integer id = byString.get(new String(b, from, to - from, cs));
        return id == null ? -1 : id;
    }

    /** The id of {@code s}, assigning the next one when new. */
    int internString(String s) {
        int v = canonicalInt(s);
        if (v >= 0) {
            int id = v < direct.length ? direct[v] - 1 : -1;
            return id >= 0 ? id : addDirect(v, s);
        }
        Integer id = byString.get(s);
        if (id != null) {
            return id;
        }
        int nid = add(s);
        byString.put(s, nid);
        return nid;
    }

    /** The id of {@code s}, or -1. */
    int findString(String s) {
        int v = canonicalInt(s);
        if (v >= 0) {
            return v < direct.length ? direct[v] - 1 : -1;
        }
        Integer id = byString.get(s);
        return id == null ? -1 : id;
    }

    private int addDirect(int v, String s) {
        if (v >= direct.length) {
            direct = Arrays.copyOf(direct, (int) Math.min(DIRECT_LIMIT, Math.max(v + 1L, direct.length * 2L)));
        }
        int id = add(s);
        direct[v] = id + 1;
        return id;
    }

    private int add(String s) {
        if (size == externals.length) {
            externals = Arrays.copyOf(externals, size * 2);
        }
        externals[size] = s;
        return size++;
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

    private static int canonicalInt(String s) {
        int n = s.length();
        if (n < 1 || n > 7 || (n > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v < DIRECT_LIMIT ? v : -1;
    }
}
