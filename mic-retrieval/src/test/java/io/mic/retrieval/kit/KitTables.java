package io.mic.retrieval.kit;

import io.mic.retrieval.table.HeapTable;
import io.mic.retrieval.table.NeighborTables;
import io.mic.testkit.ServingTables;

/** The kit's {@link ServingTables} as the batch job's {@link NeighborTables}, so stores load them from real artifacts. */
public final class KitTables {
    private KitTables() {
    }

    /** Version 1 tables of {@code t}; {@code dim} is recorded as both vector widths. */
    public static NeighborTables of(ServingTables t, int dim) {
        return of(t, dim, 1);
    }

    /** Tables of {@code t} under {@code version}. */
    public static NeighborTables of(ServingTables t, int dim, long version) {
        HeapTable uu = heap(t.userNeighbors(), t.userNeighborScores());
        HeapTable ii = heap(t.itemNeighbors(), t.itemNeighborScores());
        HeapTable recent = heap(t.recentItems(), null);
        return new NeighborTables(version, t.users(), t.items(), dim, dim, "exact/1", uu, ii, recent);
    }

    private static HeapTable heap(int[][] ids, float[][] scores) {
        int rows = ids.length;
        int[] offsets = new int[rows + 1];
        int width = 0;
        for (int r = 0; r < rows; r++) {
            offsets[r + 1] = offsets[r] + ids[r].length;
            width = Math.max(width, ids[r].length);
        }
        int[] flat = new int[offsets[rows]];
        float[] flatScores = scores == null ? null : new float[offsets[rows]];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(ids[r], 0, flat, offsets[r], ids[r].length);
            if (scores != null) {
                System.arraycopy(scores[r], 0, flatScores, offsets[r], scores[r].length);
            }
        }
        return new HeapTable(rows, width, offsets, flat, flatScores);
    }
}
