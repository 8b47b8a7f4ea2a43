package io.mic.core.util;

/**
 * Bounded selection of the {@code k} best (id, score) pairs: a min-heap whose root is the worst
 * kept pair, so each offer is O(1) when rejected and O(log k) when kept. Ties on score are broken
 * by the lower id, which makes results independent of offer order.
 *
 * <p>The one selector of the framework: evaluation, baselines, the exact and HNSW indexes and the
 * retrieval channels all use it. Not thread-safe: one instance per thread, reused across queries
 * via {@link #reset}; no allocation after construction unless a reset asks for a larger
 * {@code k}. NaN scores must be filtered by the caller.
 */
public final class TopK {
    private float[] scores;
    private int[] ids;
    private int k;
    private int size;

    /** A selector for up to {@code capacity} pairs (k = capacity until {@link #reset(int)}). */
    public TopK(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        scores = new float[capacity];
        ids = new int[capacity];
        k = capacity;
    }

    /** Empties the selector and keeps at most {@code k} pairs from now on (grows the arrays when needed). */
    public void reset(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (k > ids.length) {
            ids = new int[k];
            scores = new float[k];
        }
        this.k = k;
        size = 0;
    }

    /** Largest k this selector accepts without growing. */
    public int capacity() {
        return scores.length;
    }

    /** Number of pairs held. */
    public int size() {
        return size;
    }

    /** Id of kept pair {@code i} ({@code 0 <= i < size()}), in heap order, not rank order. */
    public int idAt(int i) {
        return ids[i];
    }

    /** Whether {@code k} pairs are held, so a new pair must beat {@link #worstScore()}. */
    public boolean full() {
        return size == k;
    }

    /** Score of the worst kept pair (meaningful when {@link #size()} {@code > 0}). */
    public float worstScore() {
        return scores[0];
    }

    /** The bar a newcomer must beat: the worst kept score when full, -inf otherwise. */
    public float threshold() {
        return size == k && k > 0 ? scores[0] : Float.NEGATIVE_INFINITY;
    }

    /** Keeps ({@code id}, {@code score}) if it is among the best {@code k} so far. */
    public void offer(int id, float score) {
        if (size < k) {
            int i = size++;
            ids[i] = id;
            scores[i] = score;
            siftUp(i);
        } else if (k > 0 && better(score, id, scores[0], ids[0])) {
            ids[0] = id;
            scores[0] = score;
            siftDown(0);
        }
    }

    /**
     * Writes the kept pairs best first into {@code outIds} (and {@code outScores} when non-null),
     * empties the selector and returns how many were written.
     */
    public int drainBestFirst(int[] outIds, float[] outScores) {
        return drainBestFirst(outIds, outScores, 0);
    }

    /** As {@link #drainBestFirst(int[], float[])}, writing from {@code offset} on. */
    public int drainBestFirst(int[] outIds, float[] outScores, int offset) {
        int n = size;
        // pop the worst repeatedly, filling from the back
        for (int w = n - 1; w >= 0; w--) {
            outIds[offset + w] = ids[0];
            if (outScores != null) {
                outScores[offset + w] = scores[0];
            }
            size--;
            if (size > 0) {
                ids[0] = ids[size];
                scores[0] = scores[size];
                siftDown(0);
            }
        }
        return n;
    }

    /** Whether (s1, id1) ranks strictly above (s2, id2): higher score, or equal score and lower id. */
    public static boolean better(float s1, int id1, float s2, int id2) {
        return s1 > s2 || (s1 == s2 && id1 < id2);
    }

    private void siftUp(int i) {
        int id = ids[i];
        float s = scores[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!better(scores[p], ids[p], s, id)) {
                break;
            }
            ids[i] = ids[p];
            scores[i] = scores[p];
            i = p;
        }
        ids[i] = id;
        scores[i] = s;
    }

    private void siftDown(int i) {
        int id = ids[i];
        float s = scores[i];
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && better(scores[c], ids[c], scores[r], ids[r])) {
                c = r;
            }
            if (!better(s, id, scores[c], ids[c])) {
                break;
            }
            ids[i] = ids[c];
            scores[i] = scores[c];
            i = c;
        }
        ids[i] = id;
        scores[i] = s;
    }
}
