package io.mic.core.io;

import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Read-only, memory-mapped rows of an exported vectors file ({@link EmbeddingExport}): for sets too
 * large for one {@code float[]} (over 2^31 values) or that should stay in the page cache, shared
 * between processes, instead of on the heap. The file is mapped in pieces of at most 1 GiB of
 * whole rows, so no mapping approaches the 2 GB limit of one buffer.
 *
 * <p>Row {@code r} belongs to entity {@code r / interests()}; an entity's interests are
 * consecutive rows. Threading: immutable; reads use absolute bulk gets only, so any number of
 * threads may read at once. {@link #close} drops the mappings (Java 17 has no supported explicit
 * unmap; the JDK unmaps them when they are garbage-collected): reads after it fail.
 */
public final class MappedVectors implements AutoCloseable {
    static final long MAX_MAP_BYTES = 1L << 30;

    private final Path file;
    private final int dim;
    private final int interests;
    private final long rows;
    private final int shift;
    private final long mask;
    private volatile FloatBuffer[] pieces;

    private MappedVectors(Path file, VectorFileHeader h, int shift, FloatBuffer[] pieces) {
        this.file = file;
        this.dim = h.dim();
        this.interests = h.interests();
        this.rows = h.rows();
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.pieces = pieces;
    }

    /**
     * Maps a vectors file after checking its header and its size. Checksums are the manifest's
     * business: open it through {@link EmbeddingExport#map}, which verified them when asked.
     */
    static MappedVectors open(Path file, long maxMapBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            VectorFileHeader h = readHeader(ch, file);
            long rowBytes = h.dim() * 4L;
            int shift = 0;
            while ((2L << shift) * rowBytes <= maxMapBytes && (1L << shift) < h.rows()) {
                shift++;
            }
            long rowsPer = 1L << shift;
            long n = (h.rows() + rowsPer - 1) / rowsPer;
            if (n > Integer.MAX_VALUE) {
                throw new IOException(file + ": too many rows to map (" + h.rows() + ")");
            }
            FloatBuffer[] pieces = new FloatBuffer[(int) n];
            for (int i = 0; i < n; i++) {
                long first = i * rowsPer;
                long count = Math.min(rowsPer, h.rows() - first);
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, VectorFileHeader.BYTES + first * rowBytes, count * rowBytes);
                pieces[i] = m.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            }
            return new MappedVectors(file, h, shift, pieces);
        }
    }

    /** Reads the header and checks that the file holds exactly the rows it declares. */
    static VectorFileHeader readHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        ByteBuffer head = ByteBuffer.allocate(VectorFileHeader.BYTES);
        while (head.hasRemaining()) {
            if (ch.read(head, head.position()) < 0) {
                throw new IOException(file + ": truncated header (" + size + " bytes, a header is " + VectorFileHeader.BYTES + ")");
            }
        }
        head.flip();
        VectorFileHeader h = VectorFileHeader.parse(head, file);
        if (size != h.fileBytes()) {
            throw new IOException(file + ": " + (size < h.fileBytes() ? "truncated" : "has trailing bytes") + ": " + size
                    + " bytes, but its header (" + h.rows() + " rows x dim " + h.dim() + ") needs " + h.fileBytes());
        }
        return h;
    }

    /** The mapped file. */
    public Path file() {
        return file;
    }

    public int dim() {
        return dim;
    }

    /** Vectors per entity. */
    public int interests() {
        return interests;
    }

    /** Number of vectors ({@code entities() * interests()}). */
    public long rows() {
        return rows;
    }

    /** Number of entities. */
    public long entities() {
        return rows / interests;
    }

    private FloatBuffer piece(long row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException(file + ": row " + row + " outside [0, " + rows + ")");
        }
        FloatBuffer[] p = pieces;
        if (p == null) {
            throw new IllegalStateException(file + " is closed");
        }
        return p[(int) (row >>> shift)];
    }

    /** Copies row {@code row} into {@code out[off, off + dim)}. */
    public void read(long row, float[] out, int off) {
        piece(row).get((int) (row & mask) * dim, out, off, dim);
    }

    /**
     * Copies rows {@code [from, to)} into {@code out} starting at {@code off} (row-major); the
     * range may span several mappings.
     */
    public void read(long from, long to, float[] out, int off) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException(file + ": rows [" + from + ", " + to + ") outside [0, " + rows + ")");
        }
        long r = from;
        int o = off;
        while (r < to) {
            FloatBuffer p = piece(r);
            int local = (int) (r & mask);
            int n = (int) Math.min(to - r, (p.limit() / dim) - local);
            p.get(local * dim, out, o, n * dim);
            r += n;
            o += n * dim;
        }
    }

    /** Inner product of row {@code row} with {@code q[qOff, qOff + dim)}. */
    public float dot(long row, float[] q, int qOff) {
        FloatBuffer p = piece(row);
        int base = (int) (row & mask) * dim;
        float s = 0f;
        for (int i = 0; i < dim; i++) {
            s += p.get(base + i) * q[qOff + i];
        }
        return s;
    }

    /** Rows {@code [from, to)} copied onto the heap; {@code from} and {@code to} must be entity boundaries. */
    public Vectors copy(long from, long to) {
        if (from % interests != 0 || to % interests != 0) {
            throw new IllegalArgumentException(file + ": rows [" + from + ", " + to + ") split an entity's " + interests + " interests");
        }
        long n = (to - from) * dim;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(file + ": " + (to - from) + " rows x dim " + dim + " do not fit one float[]");
        }
        float[] v = new float[(int) n];
        read(from, to, v, 0);
        return new Vectors(v, (int) (to - from), dim, interests);
    }

    /** Every row copied onto the heap (fails when they do not fit one {@code float[]}). */
    public Vectors toVectors() {
        return copy(0, rows);
    }

    /** Drops the mappings; later reads fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        pieces = null;
    }

    @Override
    public String toString() {
        return "MappedVectors[" + file + ", " + rows + " x " + dim + ", interests " + interests + "]";
    }
}
