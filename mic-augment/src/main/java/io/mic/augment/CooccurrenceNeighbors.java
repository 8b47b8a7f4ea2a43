package io.mic.augment;

import io.mic.core.data.InteractionMatrix;
import io.mic.spi.Column;
import java.util.Arrays;

/**
 * Top-k neighbours by co-consumption: for rows of {@code rows} (users → items, or items → users),
 * the cosine {@code |N(a) ∩ N(b)| / sqrt(|N(a)| · |N(b)|)} over the columns they share, self
 * excluded, best first (ties: smaller id). Rows without a co-occurring row keep fewer entries.
 *
 * <p>Cost O(Σ_columns deg²) with one dense accumulator of {@code rows} floats; no pair list is
 * materialised. Repeated (row, column) interactions count once.
 */
final class CooccurrenceNeighbors {
    /** Neighbour ids, {@code rows x width}, padded with {@link Column#MISSING}. */
    final int[] ids;
    /** Neighbours found per row ({@code <= width}). */
    final int[] counts;
    final int width;

    private CooccurrenceNeighbors(int[] ids, int[] counts, int width) {
        this.ids = ids;
        this.counts = counts;
        this.width = width;
    }

    /**
     * @param rows    the entities to find neighbours of: row r lists its columns
     * @param columns the transpose of {@code rows}
     */
    static CooccurrenceNeighbors topK(InteractionMatrix rows, InteractionMatrix columns, int k) {
        int n = rows.numUsers();
        int width = Math.max(0, Math.min(k, n - 1));
        int[] ids = new int[n * width];
        Arrays.fill(ids, Column.MISSING);
        int[] counts = new int[n];
        int[] degree = new int[n];
        int[][] distinctCols = new int[n][];
        for (int r = 0; r < n; r++) {
            distinctCols[r] = rows.sortedItemsOf(r);
            degree[r] = distinctCols[r].length;
        }
        int[][] distinctRows = new int[columns.numUsers()][];
        for (int c = 0; c < columns.numUsers(); c++) {
            distinctRows[c] = columns.sortedItemsOf(c);
        }
        float[] acc = new float[n];
        int[] touched = new int[n];
        int[] heapIds = new int[width];
        float[] heapScores = new float[width];
        for (int r = 0; r < n && width > 0; r++) {
            int t = 0;
            for (int c : distinctCols[r]) {
                for (int other : distinctRows[c]) {
                    if (other != r) {
                        if (acc[other] == 0f) {
                            touched[t++] = other;
                        }
                        acc[other] += 1f;
                    }
                }
            }
            int size = 0;
            for (int j = 0; j < t; j++) {
                int o = touched[j];
                float s = (float) (acc[o] / Math.sqrt((double) degree[r] * degree[o]));
                acc[o] = 0f;
                // insertion into a small sorted array: width is a handful of neighbours
                if (size < width || better(s, o, heapScores[size - 1], heapIds[size - 1])) {
                    int pos = size < width ? size++ : size - 1;
                    while (pos > 0 && better(s, o, heapScores[pos - 1], heapIds[pos - 1])) {
                        heapScores[pos] = heapScores[pos - 1];
                        heapIds[pos] = heapIds[pos - 1];
                        pos--;
                    }
                    heapScores[pos] = s;
                    heapIds[pos] = o;
                }
            }
            System.arraycopy(heapIds, 0, ids, r * width, size);
            counts[r] = size;
        }
        return new CooccurrenceNeighbors(ids, counts, width);
    }

    private static boolean better(float s, int id, float s2, int id2) {
        return s > s2 || (s == s2 && id < id2);
    }

}
