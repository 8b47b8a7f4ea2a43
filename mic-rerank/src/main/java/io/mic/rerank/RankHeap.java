package io.mic.rerank;

/**
 * Partial selection of the best {@code n} of a scored list without sorting all of it: a bounded
 * min-heap of positions keyed by (score descending, item ascending), O(m log n) for m entries.
 * Not thread-safe; reused per thread.
 */
final class RankHeap {
    private int[] pos = new int[64];
    private float[] score = new float[64];
    private int[] item = new int[64];
    private int size;
    private int cap;

    void reset(int n) {
        if (n > pos.length) {
            pos = new int[n];
            score = new float[n];
            item = new int[n];
        }
        cap = n;
        size = 0;
    }

    static boolean better(float s1, int i1, float s2, int i2) {
        return s1 > s2 || (s1 == s2 && i1 < i2);
    }

    void offer(int p, float s, int it) {
        if (cap == 0) {
            return;
        }
        if (size < cap) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!better(score[parent], item[parent], s, it)) {
                    break;
                }
                move(parent, i);
                i = parent;
            }
            set(i, p, s, it);
        } else if (better(s, it, score[0], item[0])) {
            siftDown(p, s, it);
        }
    }

    /** Writes the kept positions into {@code out}, best first; returns how many. */
    int drain(int[] out) {
        int n = size;
        for (int w = n - 1; w >= 0; w--) {
            out[w] = pos[0];
            size--;
            if (size > 0) {
                siftDown(pos[size], score[size], item[size]);
            }
        }
        return n;
    }

    private void siftDown(int p, float s, int it) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && better(score[c], item[c], score[r], item[r])) {
                c = r;
            }
            if (!better(s, it, score[c], item[c])) {
                break;
            }
            move(c, i);
            i = c;
        }
        set(i, p, s, it);
    }

    private void move(int from, int to) {
        pos[to] = pos[from];
        score[to] = score[from];
        item[to] = item[from];
    }

    private void set(int i, int p, float s, int it) {
        pos[i] = p;
        score[i] = s;
        item[i] = it;
    }
}
