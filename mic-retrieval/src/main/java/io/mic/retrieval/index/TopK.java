package io.mic.retrieval.index;

/**
 * A bounded min-heap keeping the best {@code k} (id, score) pairs seen, for reuse across searches
 * without allocation.
 *
 * <p>Order: higher score first; equal scores rank the smaller id first, so results are
 * deterministic whatever order candidates arrive in. Not thread-safe: one per thread.
 */
public final class TopK {
    private int[] ids;
    private float[] scores;
    private int size;
    private int k;

    public TopK(int capacity) {
        ids = new int[Math.max(1, capacity)];
        scores = new float[ids.length];
    }

    /** Empties the heap and sets its bound to {@code k} (grows the arrays when needed). */
    public void reset(int k) {
        if (k > ids.length) {
            ids = new int[k];
            scores = new float[k];
        }
        this.k = k;
        size = 0;
    }

    public int size() {
        return size;
    }

    /** Id of kept entry {@code i} ({@code 0 <= i < size()}), in heap order, not rank order. */
    int idAt(int i) {
        return ids[i];
    }

    /** Whether the heap holds {@code k} entries. */
    public boolean full() {
        return size == k;
    }

    /** Score of the worst kept entry (the bar a newcomer must beat when full); -inf when not full. */
    public float threshold() {
        return size == k && k > 0 ? scores[0] : Float.NEGATIVE_INFINITY;
    }

    /** Offers one pair; kept when the heap is not full or it beats the worst kept pair. */
    public void offer(int id, float score) {
        if (k == 0) {
            return;
        }
        if (size < k) {
            int i = size++;
            ids[i] = id;
            scores[i] = score;
            siftUp(i);
        } else if (better(score, id, scores[0], ids[0])) {
            ids[0] = id;
            scores[0] = score;
            siftDown(0);
        }
    }

    /**
     * Writes the kept pairs into {@code outIds}/{@code outScores} from {@code offset}, best first,
     * and empties the heap. Returns the number written.
     */
    public int drainDescending(int[] outIds, float[] outScores, int offset) {
        int n = size;
        // pop the worst repeatedly, filling from the back
        for (int w = n - 1; w >= 0; w--) {
            outIds[offset + w] = ids[0];
            outScores[offset + w] = scores[0];
            size--;
            if (size > 0) {
                ids[0] = ids[size];
                scores[0] = scores[size];
                siftDown(0);
            }
        }
        return n;
    }

    /** Whether (s1, id1) ranks strictly above (s2, id2). */
    static boolean better(float s1, int id1, float s2, int id2) {
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
