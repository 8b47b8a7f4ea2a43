package io.mic.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory artifact assembled under a temporary sibling name and renamed into place, so
 * readers see it complete or not at all. Write everything into {@link #path()}, then
 * {@link #commit}; {@link #close()} without a commit deletes the temporary directory.
 *
 * <pre>{@code
 * try (StagedDirectory st = StagedDirectory.create(target)) {
 *     write(st.path().resolve("a.bin"));
 *     st.commit(false);
 * }
 * }</pre>
 *
 * <p>{@link #commit} fsyncs every file (producers such as TensorFlow's checkpoint writer do not),
 * the temporary directory and the parent, then renames. Replacing an existing target takes two
 * renames (old aside, new in) and then deletes the old tree: a crash between the two renames
 * leaves the target absent and the old copy beside it as {@code .<name>.old-*}, never a mix of
 * both. Not thread-safe; one producer per instance.
 */
public final class StagedDirectory implements Closeable {
    private final Path target;
    private final Path tmp;
    private boolean committed;

    private StagedDirectory(Path target, Path tmp) {
        this.target = target;
        this.tmp = tmp;
    }

    /** A fresh, empty temporary directory beside {@code target} (whose parent is created). */
    public static StagedDirectory create(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new IOException("cannot stage the file system root as an artifact: " + target);
        }
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        return new StagedDirectory(abs, tmp);
    }

    /** The temporary directory to write into. */
    public Path path() {
        return tmp;
    }

    /** Where {@link #commit} puts it. */
    public Path target() {
        return target;
    }

    /**
     * Makes the staged directory durable and renames it to the target.
     *
     * @param replaceExisting when false, an existing target is an error (and nothing changes)
     * @return the target
     */
    public Path commit(boolean replaceExisting) throws IOException {
        if (committed) {
            throw new IllegalStateException("already committed: " + target);
        }
        if (Files.exists(target) && !replaceExisting) {
            throw new IOException(target + ": already exists (pass replaceExisting to overwrite it)");
        }
        syncTree(tmp);
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old);
        }
        AtomicFiles.move(tmp, target);
        committed = true;
        syncDirectory(target.getParent());
        if (old != null) {
            AtomicFiles.deleteTree(old);
        }
        return target;
    }

    /** Deletes the temporary directory unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            AtomicFiles.deleteTree(tmp);
        }
    }

    private static void syncTree(Path dir) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(p -> {
                try {
                    if (Files.isRegularFile(p)) {
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                            ch.force(true);
                        }
                    } else if (Files.isDirectory(p)) {
                        dirs.add(p);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path d : dirs) {
            syncDirectory(d);
        }
    }

    /** fsync of a directory so renames inside it survive a crash; a no-op where the platform refuses. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open or sync a directory; the rename itself is still atomic.
        }
    }
}
