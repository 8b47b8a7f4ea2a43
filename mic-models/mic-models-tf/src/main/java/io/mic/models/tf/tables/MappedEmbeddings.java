package io.mic.models.tf.tables;

import io.mic.models.tf.ChecksummedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Read-only, memory-mapped view of a table file written by {@link EmbeddingTable#save}, for
 * serving: the weights stay in the page cache (shared between processes, not on the heap), and
 * rows are read through the mapped buffers. Mapping is done in pieces of at most 1 GiB of whole
 * rows, so no single buffer approaches the 2 GB limit.
 *
 * <p>Threading: immutable after {@link #open}; reads use absolute bulk gets only, so any number
 * of threads may read concurrently. {@link #close} drops the mappings (the JDK unmaps them when
 * they are garbage-collected; Java 17 has no supported explicit unmap), so do not read after it.
 */
public final class MappedEmbeddings implements EmbeddingRows, AutoCloseable {

    private static final long MAX_MAP_BYTES = 1L << 30;

    private final String name;
    private final int rows;
    private final int dim;
    private final int shift;
    private final int mask;
    private volatile FloatBuffer[] pieces;

    private MappedEmbeddings(String name, int rows, int dim, int shift, FloatBuffer[] pieces) {
        this.name = name;
        this.rows = rows;
        this.dim = dim;
        this.shift = shift;
        this.mask = (1 << shift) - 1;
        this.pieces = pieces;
    }

    /**
     * Maps {@code file}. With {@code verifyChecksum} the whole file is read once through the
     * mapping to check its CRC32C (about a second per few GB); without it only the header and
     * the file size are checked.
     */
    public static MappedEmbeddings open(Path file, boolean verifyChecksum) throws IOException {
        return open(file, verifyChecksum, MAX_MAP_BYTES);
    }

    /** {@code maxMapBytes} is a parameter only so tests can exercise several mappings on small files. */
    static MappedEmbeddings open(Path file, boolean verifyChecksum, long maxMapBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < EmbeddingTable.HEADER_BYTES + ChecksummedFile.TRAILER_BYTES) {
                throw new IOException(file + ": truncated (" + size + " bytes)");
            }
            ByteBuffer head = ByteBuffer.allocate(EmbeddingTable.HEADER_BYTES);
            while (head.hasRemaining()) {
                if (ch.read(head, head.position()) < 0) {
                    throw new IOException(file + ": truncated header");
                }
            }
            head.flip();
            EmbeddingTable.Header h = EmbeddingTable.parseHeader(head, file);
            if (size != h.fileBytes()) {
                throw new IOException(file + ": size " + size + " bytes does not match its header (" + h.fileBytes() + ")");
            }
            if (verifyChecksum) {
                verify(ch, size, file);
            }
            int shift = 0;
            while (((2L << shift) * h.dim() * 4L) <= maxMapBytes && (1L << shift) < h.rows()) {
                shift++;
            }
            long rowsPer = 1L << shift;
            int n = (int) ((h.rows() + rowsPer - 1) / rowsPer);
            FloatBuffer[] pieces = new FloatBuffer[n];
            for (int i = 0; i < n; i++) {
                long firstRow = i * rowsPer;
                long pieceRows = Math.min(rowsPer, h.rows() - firstRow);
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY,
                        EmbeddingTable.HEADER_BYTES + firstRow * h.dim() * 4L, pieceRows * h.dim() * 4L);
                pieces[i] = m.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            }
            return new MappedEmbeddings(h.name(), h.rows(), h.dim(), shift, pieces);
        }
    }

    private static void verify(FileChannel ch, long size, Path file) throws IOException {
        long payload = size - ChecksummedFile.TRAILER_BYTES;
        CRC32C crc = new CRC32C();
        for (long pos = 0; pos < payload; pos += MAX_MAP_BYTES) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(MAX_MAP_BYTES, payload - pos));
            crc.update(m);
        }
        ByteBuffer t = ch.map(FileChannel.MapMode.READ_ONLY, payload, ChecksummedFile.TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long stored = t.getLong();
        if (stored != crc.getValue()) {
            throw new IOException(file + ": checksum mismatch (stored " + Long.toHexString(stored)
                    + ", computed " + Long.toHexString(crc.getValue()) + ")");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void read(int id, float[] out, int off) {
        if (id < 0 || id >= rows) {
            throw new IndexOutOfBoundsException("table '" + name + "': id " + id + " outside [0, " + rows + ")");
        }
        FloatBuffer[] p = pieces;
        if (p == null) {
            throw new IllegalStateException("table '" + name + "' is closed");
        }
        p[id >>> shift].get((id & mask) * dim, out, off, dim);
    }

    /** Drops the mappings; later reads fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        pieces = null;
    }

    @Override
    public String toString() {
        return "MappedEmbeddings[" + name + ", " + rows + " x " + dim + "]";
    }
}
