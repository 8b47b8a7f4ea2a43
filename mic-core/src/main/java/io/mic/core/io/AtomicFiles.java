package io.mic.core.io;

import io.mic.core.config.proto.FileEntry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writing artifacts so a crash or a bad input never leaves a half-written file where a reader
 * expects a whole one: write beside the target under a temporary name, fsync, then rename
 * atomically. Also SHA-256 helpers for manifests.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Functional body that writes a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically through {@code body}. */
    public static void write(Path target, Writer body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel fc = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(fc), 1 << 16)) {
                body.write(out);
                out.flush();
                fc.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Renames {@code from} to {@code to} atomically (replacing {@code to} when the platform allows). */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** fsync of a directory so renames inside it survive a crash; a no-op where the platform refuses. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open or sync a directory; the rename itself is still atomic.
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A manifest entry for {@code file}, with its path relative to {@code base}. */
    public static FileEntry entry(Path base, Path file) throws IOException {
        return FileEntry.newBuilder()
                .setPath(base.relativize(file).toString().replace('\\', '/'))
                .setBytes(Files.size(file))
                .setSha256(sha256(file))
                .build();
    }

    /**
     * Checks every entry's size and checksum under {@code base}.
     *
     * @throws IOException naming the first file that is missing or differs
     */
    public static void verify(Path base, Iterable<FileEntry> entries) throws IOException {
        for (FileEntry e : entries) {
            Path f = base.resolve(e.getPath());
            if (!Files.isRegularFile(f)) {
                throw new IOException(f + ": listed in the manifest but missing");
            }
            if (Files.size(f) != e.getBytes() || !sha256(f).equals(e.getSha256())) {
                throw new IOException(f + ": size or SHA-256 differs from the manifest (file corrupt or replaced)");
            }
        }
    }

    /** Deletes a directory tree (used to clean up a failed temporary run directory). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
