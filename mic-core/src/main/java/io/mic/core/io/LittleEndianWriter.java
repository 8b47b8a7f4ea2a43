package io.mic.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Sequential little-endian writes of primitives and primitive arrays through one reused buffer, handed to a
 * {@link Sink} whenever it fills and on {@link #flush()}: the binary artifact files (vectors, neighbour tables, HNSW
 * graphs) and the checksummed checkpoint files share it. Not thread-safe; the caller owns and closes whatever the
 * sink writes to.
 */
public final class LittleEndianWriter {
    /** Receives each filled part of the buffer; it must consume all of it ({@code filled.remaining()} bytes). */
    @FunctionalInterface
    public interface Sink {
        void write(ByteBuffer filled) throws IOException;
    }

    private final ByteBuffer buf;
    private final Sink sink;
    private long flushed;

    /** Writes through {@code buffer} (its byte order is set to little-endian) to {@code sink}. */
    public LittleEndianWriter(ByteBuffer buffer, Sink sink) {
        if (buffer.capacity() < 8) {
            throw new IllegalArgumentException("buffer of " + buffer.capacity() + " bytes; at least 8 needed");
        }
        this.buf = buffer.clear().order(ByteOrder.LITTLE_ENDIAN);
        this.sink = sink;
    }

    /** A writer to {@code out} through a 64 KiB heap buffer (the caller closes {@code out}). */
    public static LittleEndianWriter to(OutputStream out) {
        return new LittleEndianWriter(ByteBuffer.allocate(1 << 16), filled -> {
            out.write(filled.array(), filled.arrayOffset() + filled.position(), filled.remaining());
            filled.position(filled.limit());
        });
    }

    public void putInt(int v) throws IOException {
        room(4);
        buf.putInt(v);
    }

    public void putLong(long v) throws IOException {
        room(8);
        buf.putLong(v);
    }

    public void putFloat(float v) throws IOException {
        room(4);
        buf.putFloat(v);
    }

    public void putBytes(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            room(1);
            int n = Math.min(buf.remaining(), b.length - off);
            buf.put(b, off, n);
            off += n;
        }
    }

    /** {@code a[off, off + len)}; on little-endian hardware the int view makes this a memcpy. */
    public void putInts(int[] a, int off, int len) throws IOException {
        while (len > 0) {
            room(4);
            int n = Math.min(buf.remaining() / 4, len);
            buf.asIntBuffer().put(a, off, n);
            buf.position(buf.position() + 4 * n);
            off += n;
            len -= n;
        }
    }

    /** {@code a[off, off + len)}; on little-endian hardware the float view makes this a memcpy. */
    public void putFloats(float[] a, int off, int len) throws IOException {
        while (len > 0) {
            room(4);
            int n = Math.min(buf.remaining() / 4, len);
            buf.asFloatBuffer().put(a, off, n);
            buf.position(buf.position() + 4 * n);
            off += n;
            len -= n;
        }
    }

    /** Bytes written so far, buffered ones included. */
    public long position() {
        return flushed + buf.position();
    }

    /** Hands what is buffered to the sink. */
    public void flush() throws IOException {
        buf.flip();
        int n = buf.remaining();
        sink.write(buf);
        if (buf.hasRemaining()) {
            throw new IllegalStateException("sink left " + buf.remaining() + " of " + n + " bytes unwritten");
        }
        flushed += n;
        buf.clear();
    }

    private void room(int bytes) throws IOException {
        if (buf.remaining() < bytes) {
            flush();
        }
    }
}
