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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StagedDirectory.class);

    private final Path target;
    private final Path tmp;
    private boolean committed;

    private StagedDirectory(Path target, Path tmp) {
        this.target = target;
        this.tmp = tmp;
    }

    /** Leftovers without a recognisable owner are removed once untouched this long. */
    static final java.time.Duration STALE_AFTER = java.time.Duration.ofHours(24);

    /**
     * A fresh, empty temporary directory {@code .<name>.tmp-<pid>-<random>} beside {@code target}
     * (whose parent is created). Leftovers of earlier stagings of the same target that were killed
     * before committing are removed first (see {@link #removeStale}).
     */
    public static StagedDirectory create(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new IOException("cannot stage the file system root as an artifact: " + target);
        }
        Files.createDirectories(parent);
        removeStale(abs);
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-");
        return new StagedDirectory(abs, tmp);
    }

    /**
     * Removes {@code .<name>.tmp-*} and {@code .<name>.old-*} siblings of {@code target} (only
     * those: names this class makes for this target) that are stale: the process that created a
     * {@code .tmp-<pid>-} directory no longer runs on this machine, or the directory and everything
     * in it has been untouched for {@link #STALE_AFTER}. A staging in progress in a live process is
     * never removed.
     *
     * @return the directories removed
     */
    public static List<Path> removeStale(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        List<Path> removed = new ArrayList<>();
        if (parent == null || !Files.isDirectory(parent)) {
            return removed;
        }
        String tmpPrefix = "." + abs.getFileName() + ".tmp-";
        String oldPrefix = "." + abs.getFileName() + ".old-";
        List<Path> candidates = new ArrayList<>();
        try (var s = Files.list(parent)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return (n.startsWith(tmpPrefix) || n.startsWith(oldPrefix)) && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }).forEach(candidates::add);
        }
        long now = System.currentTimeMillis();
        for (Path p : candidates) {
            String n = p.getFileName().toString();
            boolean stale;
            long pid = n.startsWith(tmpPrefix) ? ownerPid(n.substring(tmpPrefix.length())) : -1;
            if (pid > 0) {
                stale = ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
            } else {
                stale = now - newestModified(p) > STALE_AFTER.toMillis();
            }
            if (stale) {
                AtomicFiles.deleteTree(p);
                removed.add(p);
                LOG.warn("removed {}: left behind by an interrupted write of {}", p, abs);
            }
        }
        return removed;
    }

    /** The pid in {@code <pid>-<random>}, or -1 for other (older) names. */
    private static long ownerPid(String rest) {
        int dash = rest.indexOf('-');
        if (dash <= 0) {
            return -1;
        }
        try {
            return Long.parseLong(rest.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long newestModified(Path dir) throws IOException {
        long[] newest = {Long.MIN_VALUE};
        try (var s = Files.walk(dir)) {
            s.forEach(p -> {
                try {
                    newest[0] = Math.max(newest[0], Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis());
                } catch (IOException e) {
                    newest[0] = Long.MAX_VALUE; // cannot tell: keep it
                }
            });
        }
        return newest[0];
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
        AtomicFiles.syncDirectory(target.getParent());
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
            AtomicFiles.syncDirectory(d);
        }
    }
}
