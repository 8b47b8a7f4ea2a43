package io.mic.retrieval.table;

import java.util.Arrays;

/**
 * A serving table held in heap arrays, CSR: row {@code r} owns {@code ids[offsets[r] .. offsets[r+1])}
 * (and the same range of {@code scores} when scored). Immutable once built; the arrays are owned
 * by the table and must not be mutated by callers.
 */
public final class HeapTable implements TableReader {
    private final int rows;
    private final int width;
    private final int[] offsets;
    private final int[] ids;
    private final float[] scores;

    public HeapTable(int rows, int width, int[] offsets, int[] ids, float[] scores) {
        if (offsets.length != rows + 1 || offsets[0] != 0 || offsets[rows] != ids.length) {
            throw new IllegalArgumentException("offsets do not describe " + rows + " rows over " + ids.length + " entries");
        }
        if (scores != null && scores.length != ids.length) {
            throw new IllegalArgumentException("scores length " + scores.length + " != ids length " + ids.length);
        }
        for (int r = 0; r < rows; r++) {
            int c = offsets[r + 1] - offsets[r];
            if (c < 0 || c > width) {
                throw new IllegalArgumentException("row " + r + " has " + c + " entries, width is " + width);
            }
        }
        this.rows = rows;
        this.width = width;
        this.offsets = offsets;
        this.ids = ids;
        this.scores = scores;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public boolean scored() {
        return scores != null;
    }

    @Override
    public long entries() {
        return ids.length;
    }

    @Override
    public int count(int row) {
        return row < 0 || row >= rows ? 0 : offsets[row + 1] - offsets[row];
    }

    @Override
    public int id(int row, int j) {
        return ids[offsets[row] + j];
    }

    @Override
    public float score(int row, int j) {
        return scores == null ? Float.NaN : scores[offsets[row] + j];
    }

    int[] offsets() {
        return offsets;
    }

    int[] ids() {
        return ids;
    }

    float[] scores() {
        return scores;
    }

    /** A copy of row {@code r}'s ids. */
    public int[] idsOf(int r) {
        return Arrays.copyOfRange(ids, offsets[r], offsets[r + 1]);
    }

    /** A copy of row {@code r}'s scores (empty when not scored). */
    public float[] scoresOf(int r) {
        return scores == null ? new float[0] : Arrays.copyOfRange(scores, offsets[r], offsets[r + 1]);
    }
}
