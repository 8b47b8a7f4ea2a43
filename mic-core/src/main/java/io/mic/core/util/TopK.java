package io.mic.core.util;

/**
 * Bounded selection of the {@code k} best (id, score) pairs: a min-heap whose root is the worst
 * kept pair, so each offer is O(1) when rejected and O(log k) when kept. Ties on score are broken
 * by the lower id, which makes results independent of offer order.
 *
 * <p>Not thread-safe: one instance per thread, reused across queries via {@link #reset}; no
 * allocation after construction. NaN scores must be filtered by the caller.
 */
public final class TopK {
    private final float[] scores;
    private final int[] ids;
    private int k;
    private int size;

    /** A selector for up to {@code capacity} pairs; {@link #reset(int)} picks the k of each query. */
    public TopK(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        scores = new float[capacity];
        ids = new int[capacity];
        k = capacity;
    }

    /** Empties the selector and keeps at most {@code k} ({@code <= capacity}) pairs from now on. */
    public void reset(int k) {
        if (k < 0 || k > scores.length) {
            throw new IllegalArgumentException("k " + k + " not in [0, " + scores.length + "]");
        }
        this.k = k;
        size = 0;
    }

    /** Largest k this selector accepts. */
    public int capacity() {
        return scores.length;
    }

    /** Number of pairs held. */
    public int size() {
        return size;
    }

    /** Whether {@code k} pairs are held, so a new pair must beat {@link #worstScore()}. */
    public boolean full() {
        return size == k;
    }

    /** Score of the worst kept pair (meaningful when {@link #size()} {@code > 0}). */
    public float worstScore() {
        return scores[0];
    }

    /** Keeps ({@code id}, {@code score}) if it is among the best {@code k} so far. */
    public void offer(int id, float score) {
        if (size < k) {
            scores[size] = score;
            ids[size] = id;
            siftUp(size++);
        } else if (k > 0 && (score > scores[0] || (score == scores[0] && id < ids[0]))) {
            scores[0] = score;
            ids[0] = id;
            siftDown(0);
        }
    }

    /**
     * Writes the kept pairs best first into {@code outIds} (and {@code outScores} when non-null),
     * empties the selector and returns how many were written.
     */
    public int drainBestFirst(int[] outIds, float[] outScores) {
        int n = size;
        for (int r = n - 1; r >= 0; r--) {
            outIds[r] = ids[0];
            if (outScores != null) {
                outScores[r] = scores[0];
            }
            size--;
            scores[0] = scores[size];
            ids[0] = ids[size];
            siftDown(0);
        }
        return n;
    }

    /** Whether entry a ranks below entry b: lower score, or equal score and higher id. */
    private boolean worse(int a, int b) {
        return scores[a] < scores[b] || (scores[a] == scores[b] && ids[a] > ids[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int r = l + 1;
            int c = r < size && worse(r, l) ? r : l;
            if (!worse(c, i)) {
                return;
            }
            swap(i, c);
            i = c;
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int t = ids[a];
        ids[a] = ids[b];
        ids[b] = t;
    }
}
