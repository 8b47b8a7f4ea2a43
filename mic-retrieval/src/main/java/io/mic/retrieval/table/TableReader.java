package io.mic.retrieval.table;

/**
 * Read access to one serving table: per row (a user or an item) up to {@link #width()} entries,
 * best (or most recent) first, each an id and, for neighbour tables, a score.
 *
 * <p>Implementations are immutable and thread-safe: {@link HeapTable} (arrays on the heap) and
 * {@link MappedTable} (the artifact file memory-mapped).
 */
public interface TableReader {

    /** Number of rows. */
    int rows();

    /** Most entries a row holds. */
    int width();

    /** Whether entries carry scores. */
    boolean scored();

    /** Total entries over all rows. */
    long entries();

    /** Entries of {@code row}; 0 for rows out of range. */
    int count(int row);

    /** Id of entry {@code j} of {@code row} ({@code 0 <= j < count(row)}). */
    int id(int row, int j);

    /** Score of entry {@code j} of {@code row}; NaN when the table is not scored. */
    float score(int row, int j);
}
