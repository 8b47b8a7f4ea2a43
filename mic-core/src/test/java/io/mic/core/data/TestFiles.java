package io.mic.core.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small fixture files for loader tests. */
final class TestFiles {
    private TestFiles() {
    }

    static Path write(Path dir, String name, String content) {
        return write(dir, name, content, StandardCharsets.UTF_8);
    }

    static Path write(Path dir, String name, String content, Charset cs) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, content.getBytes(cs));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code name + ".gz"}. */
    static Path writeGz(Path dir, String name, String content, Charset cs) {
        try {
            Path p = dir.resolve(name + ".gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
                out.write(content.getBytes(cs));
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines joined with '\n', with a trailing newline. */
    static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
