package io.mic.retrieval.table;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A table file read in place through read-only memory mappings, for tables too large to copy
 * onto the heap. The file is mapped in 1 GiB chunks (a single mapping is limited to 2 GiB); every
 * value is aligned to its size, so none straddles two chunks. Pages are loaded by the OS on first
 * touch and shared between processes serving the same file.
 *
 * <p>Immutable and thread-safe: reads use absolute positions, never a buffer's cursor. The file
 * must not be modified while mapped (the batch job writes each version to a new directory).
 */
public final class MappedTable implements TableReader {
    private static final int CHUNK_BITS = 30;
    private static final long CHUNK_MASK = (1L << CHUNK_BITS) - 1;

    private final MappedByteBuffer[] chunks;
    private final int rows;
    private final int width;
    private final boolean scored;
    private final long entries;
    private final long idsAt;
    private final long scoresAt;

    private MappedTable(MappedByteBuffer[] chunks, int rows, int width, boolean scored, long entries) {
        this.chunks = chunks;
        this.rows = rows;
        this.width = width;
        this.scored = scored;
        this.entries = entries;
        this.idsAt = TableFormat.idsAt(rows);
        this.scoresAt = TableFormat.scoresAt(rows, entries);
    }

    /** Maps {@code file}, checking its header against its size. */
    public static MappedTable open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) ((size + CHUNK_MASK) >>> CHUNK_BITS);
            MappedByteBuffer[] chunks = new MappedByteBuffer[Math.max(1, n)];
            for (int i = 0; i < n; i++) {
                long pos = (long) i << CHUNK_BITS;
                chunks[i] = ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(1L << CHUNK_BITS, size - pos));
                chunks[i].order(ByteOrder.LITTLE_ENDIAN);
            }
            if (n == 0) {
                throw new IOException(file + ": empty table file");
            }
            TableFiles.Header h = TableFiles.Header.read(file, chunks[0].duplicate().order(ByteOrder.LITTLE_ENDIAN), size);
            return new MappedTable(chunks, h.rows(), h.width(), h.scored(), h.entries());
        }
    }

    private long longAt(long pos) {
        return chunks[(int) (pos >>> CHUNK_BITS)].getLong((int) (pos & CHUNK_MASK));
    }

    private int intAt(long pos) {
        return chunks[(int) (pos >>> CHUNK_BITS)].getInt((int) (pos & CHUNK_MASK));
    }

    private float floatAt(long pos) {
        return chunks[(int) (pos >>> CHUNK_BITS)].getFloat((int) (pos & CHUNK_MASK));
    }

    private long start(int row) {
        return longAt(TableFormat.offsetsAt() + 8L * row);
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
        return scored;
    }

    @Override
    public long entries() {
        return entries;
    }

    @Override
    public int count(int row) {
        if (row < 0 || row >= rows) {
            return 0;
        }
        return (int) (start(row + 1) - start(row));
    }

    @Override
    public int id(int row, int j) {
        return intAt(idsAt + 4 * (start(row) + j));
    }

    @Override
    public float score(int row, int j) {
        return scored ? floatAt(scoresAt + 4 * (start(row) + j)) : Float.NaN;
    }
}
