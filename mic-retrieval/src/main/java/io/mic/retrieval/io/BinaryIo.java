package io.mic.retrieval.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Little-endian bulk reads of primitive arrays for the binary artifact files (vectors, neighbour tables); they are
 * written with {@link io.mic.core.io.LittleEndianWriter}.
 */
public final class BinaryIo {
    private static final int CHUNK = 1 << 16;

    private BinaryIo() {
    }

    /** Reads a whole file region {@code [position, position + 4*count)} of little-endian floats. */
    public static float[] readFloats(Path file, long position, int count) throws IOException {
        float[] out = new float[count];
        readRegion(file, position, count, (b, from, n) -> b.asFloatBuffer().get(out, from, n));
        return out;
    }

    /** Reads a whole region of little-endian ints. */
    public static int[] readInts(Path file, long position, int count) throws IOException {
        int[] out = new int[count];
        readRegion(file, position, count, (b, from, n) -> b.asIntBuffer().get(out, from, n));
        return out;
    }

    /** Takes {@code n} 4-byte values from {@code b} (little-endian) into positions {@code [from, from + n)}. */
    private interface Chunk {
        void take(ByteBuffer b, int from, int n);
    }

    private static void readRegion(Path file, long position, int count, Chunk chunk) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            long pos = position;
            int i = 0;
            while (i < count) {
                b.clear();
                b.limit(Math.min(CHUNK, (count - i) * 4));
                readFully(ch, b, pos, file);
                pos += b.limit();
                b.flip();
                int n = b.remaining() / 4;
                chunk.take(b, i, n);
                i += n;
            }
        }
    }

    /** Reads {@code dst.remaining()} bytes at {@code position} or fails naming the file. */
    public static void readFully(FileChannel ch, ByteBuffer dst, long position, Path file) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new IOException(file + ": truncated (ends at byte " + pos + ")");
            }
            pos += n;
        }
    }

    /** Reads {@code n} bytes from a stream or fails naming the file. */
    public static byte[] readN(InputStream in, int n, Path file) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException(file + ": truncated");
        }
        return b;
    }
}
