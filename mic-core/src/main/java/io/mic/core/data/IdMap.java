package io.mic.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * External id (a string as written in the source file) to dense internal id {@code 0..size-1}, and
 * back. Immutable and thread-safe once built.
 */
public final class IdMap {
    private final String[] externals;
    private final Map<String, Integer> index;

    private IdMap(String[] externals, Map<String, Integer> index) {
        this.externals = externals;
        this.index = index;
    }

    /** The ids {@code "0".."n-1"}, mapped to themselves. */
    public static IdMap range(int n) {
        Builder b = new Builder(n);
        for (int i = 0; i < n; i++) {
            b.intern(Integer.toString(i));
        }
        return b.build();
    }

    /** Builds a map from distinct externals in order; duplicates are an error. */
    public static IdMap of(List<String> externals) {
        Builder b = new Builder(externals.size());
        for (String e : externals) {
            if (b.get(e) >= 0) {
                throw new IllegalArgumentException("duplicate external id '" + e + "'");
            }
            b.intern(e);
        }
        return b.build();
    }

    public int size() {
        return externals.length;
    }

    /** Internal id of {@code external}, or -1 when unknown. */
    public int get(String external) {
        Integer v = index.get(external);
        return v == null ? -1 : v;
    }

    /** Internal id of {@code external}; unknown ids are an error naming {@code what} (e.g. "user"). */
    public int require(String external, String what) {
        int v = get(external);
        if (v < 0) {
            throw new IllegalArgumentException("unknown " + what + " id '" + external + "'");
        }
        return v;
    }

    /** External id of internal {@code id}. */
    public String external(int id) {
        if (id < 0 || id >= externals.length) {
            throw new IndexOutOfBoundsException("internal id " + id + " not in [0, " + externals.length + ")");
        }
        return externals[id];
    }

    /** A new map holding only the ids with {@code keep[id]}, renumbered densely in order. */
    public IdMap retain(boolean[] keep) {
        Builder b = new Builder(externals.length);
        for (int i = 0; i < externals.length; i++) {
            if (keep[i]) {
                b.intern(externals[i]);
            }
        }
        return b.build();
    }

    /** All externals in internal-id order (a copy). */
    public List<String> externals() {
        return List.of(Arrays.copyOf(externals, externals.length));
    }

    /** Assigns ids in first-seen order. Not thread-safe. */
    public static final class Builder {
        private final ArrayList<String> externals;
        private final HashMap<String, Integer> index;

        public Builder() {
            this(16);
        }

        public Builder(int expected) {
            externals = new ArrayList<>(expected);
            index = new HashMap<>(Math.max(16, expected * 4 / 3 + 1));
        }

        /** Internal id of {@code external}, assigning the next id when new. */
        public int intern(String external) {
            Integer v = index.get(external);
            if (v != null) {
                return v;
            }
            int id = externals.size();
            externals.add(external);
            index.put(external, id);
            return id;
        }

        /** Internal id, or -1 when not interned. */
        public int get(String external) {
            Integer v = index.get(external);
            return v == null ? -1 : v;
        }

        public int size() {
            return externals.size();
        }

        public IdMap build() {
            return new IdMap(externals.toArray(new String[0]), Map.copyOf(index));
        }
    }
}
