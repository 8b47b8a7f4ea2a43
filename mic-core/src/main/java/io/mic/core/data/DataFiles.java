package io.mic.core.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Finds and opens data files that may be stored plain or gzip-compressed. A logical name such as
 * {@code ratings.dat} resolves to {@code ratings.dat} or, when that is absent, {@code ratings.dat.gz}
 * in the same directory. Compression is recognised by the gzip magic bytes, not by the name, so a
 * mislabelled file still opens.
 */
public final class DataFiles {
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    static final int BUFFER = 1 << 16;

    private DataFiles() {
    }

    /**
     * The stored file for logical {@code name} in {@code dir} ({@code name}, else {@code name.gz}), if any.
     *
     * @throws DataFormatException when that name is a directory
     */
    public static Optional<Path> find(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return Optional.of(plain);
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return Optional.of(gz);
        }
        for (Path p : new Path[] {plain, gz}) {
            if (Files.isDirectory(p)) {
                throw new DataFormatException(p, 0, "is a directory, expected the data file " + p.getFileName());
            }
        }
        return Optional.empty();
    }

    /**
     * Like {@link #find} but required.
     *
     * @throws UncheckedIOException wrapping {@link NoSuchFileException}; the message lists both names looked for
     */
    public static Path resolve(Path dir, String name) {
        Optional<Path> p = find(dir, name);
        if (p.isEmpty()) {
            String msg = "neither " + name + " nor " + name + ".gz found in " + dir;
            throw new UncheckedIOException(msg, new NoSuchFileException(dir.resolve(name).toString(), null, msg));
        }
        return p.get();
    }

    /** Opens {@code file} for reading, decompressing when it starts with the gzip magic bytes. The caller closes it. */
    public static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1) {
                return new GZIPInputStream(in, BUFFER);
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Resolves logical {@code name} in {@code dir} (see {@link #resolve}) and opens it. The caller closes it. */
    public static InputStream open(Path dir, String name) throws IOException {
        return open(resolve(dir, name));
    }

    /** A reader over {@code file} (decompressed when gzip) in {@code charset}. The caller closes it. */
    public static BufferedReader reader(Path file, Charset charset) throws IOException {
        return new BufferedReader(new InputStreamReader(open(file), charset), BUFFER);
    }
}
