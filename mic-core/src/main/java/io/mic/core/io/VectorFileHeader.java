package io.mic.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The 64-byte header of an exported vectors file, little-endian:
 *
 * <pre>
 *  0  4 bytes  magic "MICV"
 *  4  int32    version (1)
 *  8  int32    dim
 * 12  int32    interests (vectors per entity)
 * 16  int64    rows (= entities * interests)
 * 24  int64    entities
 * 32  int32    value type (1 = float32)
 * 36  int32    header bytes (64) = offset of row 0
 * 40  20 bytes reserved, zero
 * 60  int32    CRC32C of bytes 0..59
 * </pre>
 *
 * followed by {@code rows * dim} float32 values, row-major, little-endian, and nothing else.
 */
record VectorFileHeader(int dim, int interests, long rows, long entities) {
    static final int BYTES = 64;
    static final int VERSION = 1;
    static final int FLOAT32 = 1;
    private static final byte[] MAGIC = {'M', 'I', 'C', 'V'};

    VectorFileHeader {
        if (dim <= 0 || interests <= 0 || entities < 0 || rows != entities * interests) {
            throw new IllegalArgumentException("bad vectors shape: dim " + dim + ", interests " + interests
                    + ", entities " + entities + ", rows " + rows);
        }
    }

    /** Total file size this header implies. */
    long fileBytes() {
        return BYTES + rows * dim * 4L;
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(dim).putInt(interests).putLong(rows).putLong(entities)
                .putInt(FLOAT32).putInt(BYTES);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 60);
        b.putInt(60, (int) crc.getValue());
        b.position(0);
        return b;
    }

    /** Parses and validates a header read from {@code file}; errors name the file. */
    static VectorFileHeader parse(ByteBuffer raw, Path file) throws IOException {
        ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < BYTES) {
            throw new IOException(file + ": truncated header (" + b.remaining() + " of " + BYTES + " bytes)");
        }
        int start = b.position();
        for (int i = 0; i < 4; i++) {
            if (b.get(start + i) != MAGIC[i]) {
                throw new IOException(file + ": not a MIC vectors file (bad magic)");
            }
        }
        byte[] head = new byte[60];
        b.get(start, head);
        CRC32C crc = new CRC32C();
        crc.update(head);
        if ((int) crc.getValue() != b.getInt(start + 60)) {
            throw new IOException(file + ": header checksum mismatch (header corrupt)");
        }
        int version = b.getInt(start + 4);
        if (version != VERSION) {
            throw new IOException(file + ": vectors format version " + version + " is not supported (this reader knows " + VERSION + ")");
        }
        int type = b.getInt(start + 32);
        if (type != FLOAT32) {
            throw new IOException(file + ": value type " + type + " is not supported (1 = float32)");
        }
        int headerBytes = b.getInt(start + 36);
        if (headerBytes != BYTES) {
            throw new IOException(file + ": header size " + headerBytes + " is not supported");
        }
        int dim = b.getInt(start + 8);
        int interests = b.getInt(start + 12);
        long rows = b.getLong(start + 16);
        long entities = b.getLong(start + 24);
        if (dim <= 0 || interests <= 0 || entities < 0 || rows < 0 || rows / interests != entities || rows % interests != 0) {
            throw new IOException(file + ": inconsistent header (dim " + dim + ", interests " + interests
                    + ", entities " + entities + ", rows " + rows + ")");
        }
        return new VectorFileHeader(dim, interests, rows, entities);
    }
}
