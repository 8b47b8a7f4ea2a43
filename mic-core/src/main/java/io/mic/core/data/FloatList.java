package io.mic.core.data;

import java.util.Arrays;

/** A growable {@code float[]} for loaders (no boxing). */
final class FloatList {
    private float[] a;
    private int size;

    FloatList(int capacity) {
        a = new float[Math.max(8, capacity)];
    }

    void add(float v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size + (size >> 1) + 1);
        }
        a[size++] = v;
    }

    float get(int i) {
        return a[i];
    }

    int size() {
        return size;
    }

    void truncate(int newSize) {
        size = newSize;
    }

    float[] toArray() {
        return Arrays.copyOf(a, size);
    }
}
