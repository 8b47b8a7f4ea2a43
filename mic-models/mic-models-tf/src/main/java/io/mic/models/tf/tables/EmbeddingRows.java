package io.mic.models.tf.tables;



/**
 * Read access to a {@code rows x dim} float embedding matrix, whichever store backs it: a
 * trainable {@link EmbeddingTable} on the heap or a read-only {@link MappedEmbeddings} file.
 *
 * <p>Threading: implementations allow any number of concurrent readers. Arrays passed in are
 * owned by the caller; implementations only write into {@code out}.
 */
public interface EmbeddingRows {

    /** Stable name (graphs, checkpoints, messages). */
    String name();

    /** Number of rows (ids are {@code 0 .. rows-1}). */
    int rows();

    /** Width of a row. */
    int dim();

    /** Copies row {@code id} into {@code out[off, off+dim)}. */
    void read(int id, float[] out, int off);

    /**
     * Copies rows {@code ids[from, to)} into {@code out} (row-major, starting at {@code off}).
     * Implementations override this to take their lock once per batch, not per row.
     */
    default void gather(int[] ids, int from, int to, float[] out, int off) {
        int d = dim();
        for (int i = from; i < to; i++) {
            read(ids[i], out, off + (i - from) * d);
        }
    }
}
