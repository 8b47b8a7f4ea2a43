package io.mic.models.tf;

/**
 * Maps ids to their position in a list of distinct ids: the Java replacement for TF's Unique op
 * (which has no gradient). Open addressing on int keys; {@link #clear} is O(1) through generation
 * stamps, so one instance is reused for every batch. Not thread-safe.
 */
final class IdIndex {
    private int[] keys = new int[0];
    private int[] values = new int[0];
    private int[] stamps = new int[0];
    private int mask;
    private int generation;
    private int[] unique = new int[16];
    private int size;

    /** Forgets all ids and makes room for up to {@code expected} distinct ones. */
    void clear(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        if (cap > keys.length) {
            keys = new int[cap];
            values = new int[cap];
            stamps = new int[cap];
            mask = cap - 1;
            generation = 0;
        }
        generation++;
        if (generation == Integer.MAX_VALUE) {
            java.util.Arrays.fill(stamps, 0);
            generation = 1;
        }
        if (unique.length < expected) {
            unique = new int[expected];
        }
        size = 0;
    }

    /** Position of {@code id}, adding it when new. {@link #clear} must have reserved room. */
    int indexOf(int id) {
        int m = id * 0x9E3779B9;
        int h = (m ^ (m >>> 16)) & mask;
        while (true) {
            if (stamps[h] != generation) {
                stamps[h] = generation;
                keys[h] = id;
                values[h] = size;
                unique[size] = id;
                return size++;
            }
            if (keys[h] == id) {
                return values[h];
            }
            h = (h + 1) & mask;
        }
    }

    /** Distinct ids in first-seen order ({@link #size()} valid entries); owned by this object. */
    int[] unique() {
        return unique;
    }

    int size() {
        return size;
    }
}
