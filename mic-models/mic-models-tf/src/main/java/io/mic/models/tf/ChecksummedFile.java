package io.mic.models.tf;

import io.mic.core.io.AtomicFiles;
import io.mic.core.io.LittleEndianWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Little-endian binary files with a CRC32C trailer, written to a temporary sibling and renamed
 * atomically. CRC32C (hardware-accelerated in the JDK, several GB/s) detects truncation and
 * accidental corruption; it is not a defence against tampering, which is out of scope for local
 * checkpoints.
 */
public final class ChecksummedFile {

    /** Bytes at the end of every file: CRC32C of all preceding bytes (as a long) + end magic. */
    public static final int TRAILER_BYTES = 16;
    private static final long END_MAGIC = 0x31304E4445434D4DL; // "MMCEDN01" little-endian bytes
    private static final int BUFFER = 1 << 22;

    private ChecksummedFile() {
    }

    /** Sequential writer computing the checksum of everything it writes. */
    public static final class Writer implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final FileChannel channel;
        private final CRC32C crc = new CRC32C();
        private final LittleEndianWriter out;
        private boolean committed;

        public Writer(Path target) throws IOException {
            this.target = target;
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            this.tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            this.channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            this.out = new LittleEndianWriter(ByteBuffer.allocateDirect(BUFFER), filled -> {
                crc.update(filled.duplicate());
                writeFully(filled);
            });
        }

        private void writeFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        public void putInt(int v) throws IOException {
            out.putInt(v);
        }

        public void putLong(long v) throws IOException {
            out.putLong(v);
        }

        public void putFloat(float v) throws IOException {
            out.putFloat(v);
        }

        public void putBytes(byte[] b) throws IOException {
            out.putBytes(b);
        }

        /** Bulk copy; on little-endian hardware the float view makes this a memcpy. */
        public void putFloats(float[] a, int off, int len) throws IOException {
            out.putFloats(a, off, len);
        }

        public void putInts(int[] a, int off, int len) throws IOException {
            out.putInts(a, off, len);
        }

        public void putString(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putInt(b.length);
            putBytes(b);
        }

        /** Bytes written so far (header offsets are computed from it). */
        public long position() {
            return out.position();
        }

        /** Writes the trailer, forces the data to disk and renames over the target. Returns the CRC32C. */
        public long commit() throws IOException {
            out.flush();
            long sum = crc.getValue();
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            trailer.putLong(sum);
            trailer.putLong(END_MAGIC);
            writeFully(trailer.flip());
            channel.force(true);
            channel.close();
            moveAtomically(tmp, target);
            committed = true;
            return sum;
        }

        @Override
        public void close() throws IOException {
            if (channel.isOpen()) {
                channel.close();
            }
            if (!committed) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Sequential reader that verifies the trailer once everything before it has been read. */
    public static final class Reader implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final long payload;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private long consumed;

        public Reader(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (size < TRAILER_BYTES) {
                channel.close();
                throw new IOException(file + ": truncated (" + size + " bytes)");
            }
            this.payload = size - TRAILER_BYTES;
            buf.limit(0);
        }

        /** Bytes before the trailer. */
        public long payloadBytes() {
            return payload;
        }

        private void need(int bytes) throws IOException {
            if (buf.remaining() >= bytes) {
                return;
            }
            buf.compact();
            while (buf.position() < bytes) {
                long left = payload - consumed;
                if (left <= 0) {
                    throw new IOException(file + ": unexpected end of data");
                }
                int max = (int) Math.min(buf.remaining(), left);
                ByteBuffer slice = buf.slice().limit(max);
                int n = channel.read(slice);
                if (n < 0) {
                    throw new IOException(file + ": unexpected end of file");
                }
                ByteBuffer done = buf.duplicate();
                done.limit(buf.position() + n);
                crc.update(done);
                buf.position(buf.position() + n);
                consumed += n;
            }
            buf.flip();
        }

        public int getInt() throws IOException {
            need(4);
            return buf.getInt();
        }

        public long getLong() throws IOException {
            need(8);
            return buf.getLong();
        }

        public float getFloat() throws IOException {
            need(4);
            return buf.getFloat();
        }

        public void getBytes(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                need(1);
                int n = Math.min(buf.remaining(), b.length - off);
                buf.get(b, off, n);
                off += n;
            }
        }

        public void getFloats(float[] a, int off, int len) throws IOException {
            while (len > 0) {
                need(4);
                int n = Math.min(buf.remaining() / 4, len);
                buf.asFloatBuffer().get(a, off, n);
                buf.position(buf.position() + 4 * n);
                off += n;
                len -= n;
            }
        }

        public void getInts(int[] a, int off, int len) throws IOException {
            while (len > 0) {
                need(4);
                int n = Math.min(buf.remaining() / 4, len);
                buf.asIntBuffer().get(a, off, n);
                buf.position(buf.position() + 4 * n);
                off += n;
                len -= n;
            }
        }

        public String getString(int maxBytes) throws IOException {
            int n = getInt();
            if (n < 0 || n > maxBytes) {
                throw new IOException(file + ": bad string length " + n);
            }
            byte[] b = new byte[n];
            getBytes(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        /** Checks that all payload was consumed and the stored checksum matches. */
        public void verifyEnd() throws IOException {
            if (buf.hasRemaining() || consumed != payload) {
                throw new IOException(file + ": " + (payload - consumed + buf.remaining()) + " unread bytes before the trailer");
            }
            ByteBuffer t = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (t.hasRemaining()) {
                if (channel.read(t, payload + t.position()) < 0) {
                    throw new IOException(file + ": truncated trailer");
                }
            }
            t.flip();
            long stored = t.getLong();
            long magic = t.getLong();
            if (magic != END_MAGIC) {
                throw new IOException(file + ": bad trailer magic (truncated or not a MIC file)");
            }
            if (stored != crc.getValue()) {
                throw new IOException(file + ": checksum mismatch (stored " + Long.toHexString(stored)
                        + ", computed " + Long.toHexString(crc.getValue()) + ")");
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** CRC32C of a file's payload compared with its trailer; returns the checksum. */
    public static long verify(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < TRAILER_BYTES) {
                throw new IOException(file + ": truncated (" + size + " bytes)");
            }
            long payload = size - TRAILER_BYTES;
            CRC32C crc = new CRC32C();
            ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
            long pos = 0;
            while (pos < payload) {
                buf.clear().limit((int) Math.min(BUFFER, payload - pos));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException(file + ": unexpected end of file");
                }
                buf.flip();
                crc.update(buf);
                pos += n;
            }
            ByteBuffer t = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (t.hasRemaining()) {
                if (ch.read(t, payload + t.position()) < 0) {
                    throw new IOException(file + ": truncated trailer");
                }
            }
            t.flip();
            long stored = t.getLong();
            if (t.getLong() != END_MAGIC) {
                throw new IOException(file + ": bad trailer magic (truncated or not a MIC file)");
            }
            if (stored != crc.getValue()) {
                throw new IOException(file + ": checksum mismatch (stored " + Long.toHexString(stored)
                        + ", computed " + Long.toHexString(crc.getValue()) + ")");
            }
            return stored;
        }
    }

    /** Renames {@code from} over {@code to} atomically and syncs the directory where the OS allows it. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("file system cannot rename atomically: " + from + " -> " + to, e);
        }
        AtomicFiles.syncDirectory(to.toAbsolutePath().getParent());
    }
}
