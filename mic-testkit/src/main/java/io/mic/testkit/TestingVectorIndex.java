package io.mic.testkit;

import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;

/**
 * An exact inner-product {@link VectorIndex} by brute force, for testing what queries an index (a
 * retrieval channel) and as the reference the {@link VectorIndexContractTest} compares against.
 * Ties go to the lower id. Keeps a reference to the built vectors. Thread-safe after
 * {@link #build}; search allocates nothing.
 */
public final class TestingVectorIndex implements VectorIndex {
    private Vectors vectors;

    /** An index already built over {@code vectors}. */
    public static TestingVectorIndex of(Vectors vectors) {
        TestingVectorIndex index = new TestingVectorIndex();
        index.build(vectors);
        return index;
    }

    @Override
    public void build(Vectors vectors) {
        if (vectors.interests() != 1) {
            throw new IllegalArgumentException("index one vector per id; got " + vectors.interests() + " interests per entity");
        }
        this.vectors = vectors;
    }

    @Override
    public int size() {
        return built().rows();
    }

    @Override
    public int dim() {
        return built().dim();
    }

    @Override
    public int search(float[] query, int offset, int k, int[] outIds, float[] outScores) {
        Vectors v = built();
        if (k < 0 || outIds.length < k || outScores.length < k) {
            throw new IllegalArgumentException("k " + k + " must be >= 0 and fit the output arrays (" + outIds.length + ", " + outScores.length + ")");
        }
        if (offset < 0 || offset + v.dim() > query.length) {
            throw new IllegalArgumentException("query[" + offset + " .. " + (offset + v.dim()) + ") is outside an array of " + query.length);
        }
        int size = 0;
        int kk = Math.min(k, v.rows());
        for (int id = 0; id < v.rows() && kk > 0; id++) {
            size = offer(outIds, outScores, size, kk, id, v.dot(id, query, offset));
        }
        return size;
    }

    private Vectors built() {
        if (vectors == null) {
            throw new IllegalStateException("build() was never called");
        }
        return vectors;
    }

    /** Inserts (id, score) into the sorted prefix {@code [0, size)} of capacity {@code ids.length}; returns the new size. */
    static int offer(int[] ids, float[] scores, int size, int id, float score) {
        return offer(ids, scores, size, ids.length, id, score);
    }

    private static int offer(int[] ids, float[] scores, int size, int k, int id, float score) {
        if (k == 0 || (size == k && !(score > scores[size - 1]))) {
            return size;
        }
        int pos = size == k ? k - 1 : size;
        // ids arrive in increasing order, so an equal score keeps the earlier (lower) id in front
        while (pos > 0 && score > scores[pos - 1]) {
            ids[pos] = ids[pos - 1];
            scores[pos] = scores[pos - 1];
            pos--;
        }
        ids[pos] = id;
        scores[pos] = score;
        return size == k ? k : size + 1;
    }
}
