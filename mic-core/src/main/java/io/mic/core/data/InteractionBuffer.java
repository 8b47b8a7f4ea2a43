package io.mic.core.data;

import java.nio.file.Path;

import java.util.Arrays;

/** Growable interaction columns that loaders append to; {@code ratings}/{@code times} exist only when asked for. */
final class InteractionBuffer {
    private int[] users;
    private int[] items;
    private float[] ratings;
    private long[] times;
    private int size;

    InteractionBuffer(int capacity, boolean withRatings, boolean withTimes) {
        int c = Math.max(16, capacity);
        users = new int[c];
        items = new int[c];
        ratings = withRatings ? new float[c] : null;
        times = withTimes ? new long[c] : null;
    }

    void add(int user, int item, float rating, long time) {
        if (size == users.length) {
            int c = size + (size >> 1);
            users = Arrays.copyOf(users, c);
            items = Arrays.copyOf(items, c);
            if (ratings != null) {
                ratings = Arrays.copyOf(ratings, c);
            }
            if (times != null) {
                times = Arrays.copyOf(times, c);
            }
        }
        users[size] = user;
        items[size] = item;
        if (ratings != null) {
            ratings[size] = rating;
        }
        if (times != null) {
            times[size] = time;
        }
        size++;
    }

    int size() {
        return size;
    }

    /** Refuses an empty interaction file: a dataset without interactions has nothing to train or evaluate. */
    void requireAny(Path file) {
        if (size == 0) {
            throw new DataFormatException(file, 0, "no interactions (the file is empty or has only a header or blank lines)");
        }
    }

    int[] users() {
        return Arrays.copyOf(users, size);
    }

    int[] items() {
        return Arrays.copyOf(items, size);
    }

    float[] ratings() {
        return ratings == null ? null : Arrays.copyOf(ratings, size);
    }

    long[] times() {
        return times == null ? null : Arrays.copyOf(times, size);
    }
}
