package io.mic.retrieval.table;

import java.nio.charset.StandardCharsets;

/**
 * Binary layout of one table file, little-endian, every region naturally aligned so a memory
 * mapping can read it in place:
 *
 * <pre>
 *   0  magic    8 bytes "MICTBL01"
 *   8  scored   int32 (1: entries carry a float32 score, 0: ids only)
 *  12  width    int32 (most entries per row)
 *  16  rows     int64
 *  24  entries  int64
 *  32  reserved int64 (0)
 *  40  offsets  int64[rows + 1]   (entry index where each row starts; offsets[rows] = entries)
 *      ids      int32[entries]
 *      scores   float32[entries]  (only when scored)
 * </pre>
 */
final class TableFormat {
    static final byte[] MAGIC = "MICTBL01".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 40;
    /** Version of this layout, recorded in the manifest's {@code format}. */
    static final int FORMAT = 1;

    private TableFormat() {
    }

    static long offsetsAt() {
        return HEADER;
    }

    static long idsAt(long rows) {
        return HEADER + 8 * (rows + 1);
    }

    static long scoresAt(long rows, long entries) {
        return idsAt(rows) + 4 * entries;
    }

    static long fileSize(long rows, long entries, boolean scored) {
        return scoresAt(rows, entries) + (scored ? 4 * entries : 0);
    }
}
