package io.mic.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Top-k search over a fixed set of vectors (row id = item id).
 *
 * <p>Lifecycle: {@link #build} once, then {@link #search} from any number of threads. Scores are
 * inner products (or cosines, per the plugin's {@code metric} parameter); larger is better.
 */
public interface VectorIndex {

    /** Indexes {@code vectors} (one row per id); the index may keep a reference, so the caller must not mutate it. */
    void build(Vectors vectors);

    /** Number of indexed vectors. */
    int size();

    /** Vector width. */
    int dim();

    /**
     * Writes the best {@code k} ids and scores for {@code query[offset .. offset+dim)} into the
     * output arrays, best first, and returns how many were written ({@code <= k}, fewer only when
     * the index holds fewer vectors). Thread-safe after build.
     */
    int search(float[] query, int offset, int k, int[] outIds, float[] outScores);

    /** Convenience allocation of {@link #search(float[], int, int, int[], float[])}. */
    default Neighbors search(float[] query, int k) {
        int[] ids = new int[k];
        float[] scores = new float[k];
        int n = search(query, 0, k, ids, scores);
        return new Neighbors(java.util.Arrays.copyOf(ids, n), java.util.Arrays.copyOf(scores, n));
    }

    /** Persists the built index under {@code dir}; unsupported unless the plugin says otherwise. */
    default void save(Path dir) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " cannot be saved");
    }
}
