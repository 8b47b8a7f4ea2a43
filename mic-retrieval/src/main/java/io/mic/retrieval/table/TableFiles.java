package io.mic.retrieval.table;

import io.mic.core.io.AtomicFiles;
import io.mic.core.io.LittleEndianWriter;
import io.mic.retrieval.io.BinaryIo;
import io.mic.retrieval.proto.TableInfo;
import io.mic.retrieval.proto.TablesManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Versioned table artifacts on disk.
 *
 * <pre>
 *   root/CURRENT                 "v&lt;version&gt;" of the version readers should load
 *   root/v&lt;version&gt;/manifest.pb    TablesManifest: shapes, index, version, files with SHA-256
 *   root/v&lt;version&gt;/user_user.tbl, item_item.tbl, recent_items.tbl   ({@link TableFormat})
 * </pre>
 *
 * <p>A version is written into a temporary directory beside it and renamed into place whole, then
 * {@code CURRENT} is replaced atomically: a reader opening {@code root} sees the previous version
 * or the new one, never a mix. Versions are immutable once written. Reading verifies every file's
 * size and SHA-256 against the manifest unless told not to.
 */
public final class TableFiles {
    public static final String CURRENT = "CURRENT";
    public static final String MANIFEST = "manifest.pb";

    /** How table files are read. */
    public enum Loading {
        /** Copy into heap arrays. */
        HEAP,
        /** Memory-map the files. */
        MAPPED
    }

    private TableFiles() {
    }

    /** Directory of {@code version} under {@code root}. */
    public static Path versionDir(Path root, long version) {
        return root.resolve("v" + version);
    }

    /**
     * Writes {@code tables} as version {@code tables.version()} under {@code root} and points
     * {@code CURRENT} at it.
     *
     * @return the version directory
     * @throws IOException when that version already exists or a write fails
     */
    public static Path write(Path root, NeighborTables tables) throws IOException {
        Files.createDirectories(root);
        Path dir = versionDir(root, tables.version());
        if (Files.exists(dir)) {
            throw new IOException(dir + ": version " + tables.version() + " already exists (versions are immutable)");
        }
        Path tmp = Files.createTempDirectory(root, ".v" + tables.version() + ".");
        try {
            TablesManifest.Builder m = TablesManifest.newBuilder()
                    .setFormat(TableFormat.FORMAT)
                    .setVersion(tables.version())
                    .setCreatedAt(Instant.now().toString())
                    .setUsers(tables.users())
                    .setItems(tables.items())
                    .setUserDim(tables.userDim())
                    .setItemDim(tables.itemDim())
                    .setIndex(tables.index());
            for (TableKind kind : TableKind.values()) {
                TableReader t = tables.table(kind);
                Path f = tmp.resolve(kind.file());
                writeTable(f, t);
                m.addTable(TableInfo.newBuilder().setName(kind.label()).setPath(kind.file()).setRows(t.rows())
                        .setEntries(t.entries()).setWidth(t.width()).setScored(t.scored()));
                m.addFile(AtomicFiles.entry(tmp, f));
            }
            TablesManifest manifest = m.build();
            AtomicFiles.write(tmp.resolve(MANIFEST), manifest::writeTo);
            AtomicFiles.move(tmp, dir);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
        AtomicFiles.writeString(root.resolve(CURRENT), "v" + tables.version() + "\n");
        return dir;
    }

    /** Writes one table file ({@link TableFormat}). */
    public static void writeTable(Path file, TableReader t) throws IOException {
        AtomicFiles.write(file, out -> {
            LittleEndianWriter w = LittleEndianWriter.to(out);
            w.putBytes(TableFormat.MAGIC);
            w.putInt(t.scored() ? 1 : 0);
            w.putInt(t.width());
            w.putLong(t.rows());
            w.putLong(t.entries());
            w.putLong(0);
            long off = 0;
            for (int r = 0; r < t.rows(); r++) {
                w.putLong(off);
                off += t.count(r);
            }
            w.putLong(off);
            for (int r = 0; r < t.rows(); r++) {
                for (int j = 0, c = t.count(r); j < c; j++) {
                    w.putInt(t.id(r, j));
                }
            }
            if (t.scored()) {
                for (int r = 0; r < t.rows(); r++) {
                    for (int j = 0, c = t.count(r); j < c; j++) {
                        w.putFloat(t.score(r, j));
                    }
                }
            }
            w.flush();
        });
    }

    /** The version {@code root/CURRENT} names. */
    public static long currentVersion(Path root) throws IOException {
        Path cur = root.resolve(CURRENT);
        String s;
        try {
            s = Files.readString(cur, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw new IOException(cur + ": missing; no table version has been published under " + root, e);
        }
        if (!s.startsWith("v")) {
            throw new IOException(cur + ": '" + s + "' is not v<version>");
        }
        try {
            return Long.parseLong(s.substring(1));
        } catch (NumberFormatException e) {
            throw new IOException(cur + ": '" + s + "' is not v<version>", e);
        }
    }

    /**
     * Opens a table set: {@code path} is either a root (the version named by {@code CURRENT} is
     * opened) or a version directory. Tables whose files exceed {@code mapAboveBytes} are
     * memory-mapped, the rest copied to the heap ({@code 0} maps all, {@link Long#MAX_VALUE} none).
     *
     * @param verify check every file's size and SHA-256 against the manifest first
     * @throws IOException naming the file that is missing, truncated, corrupt or of an unknown format
     */
    public static NeighborTables open(Path path, long mapAboveBytes, boolean verify) throws IOException {
        Path dir = Files.isRegularFile(path.resolve(MANIFEST)) ? path : versionDir(path, currentVersion(path));
        TablesManifest m = readManifest(dir);
        if (verify) {
            AtomicFiles.verify(dir, m.getFileList());
        }
        TableReader[] readers = new TableReader[TableKind.values().length];
        for (TableKind kind : TableKind.values()) {
            TableInfo info = m.getTableList().stream().filter(t -> t.getName().equals(kind.label())).findFirst()
                    .orElseThrow(() -> new IOException(dir.resolve(MANIFEST) + ": no table '" + kind.label() + "'"));
            Path f = dir.resolve(info.getPath());
            TableReader t = Files.size(f) > mapAboveBytes ? MappedTable.open(f) : readHeap(f);
            if (t.rows() != info.getRows() || t.entries() != info.getEntries() || t.scored() != kind.scored()) {
                throw new IOException(f + ": header (" + t.rows() + " rows, " + t.entries() + " entries) differs from the manifest ("
                        + info.getRows() + ", " + info.getEntries() + ")");
            }
            readers[kind.ordinal()] = t;
        }
        try {
            return new NeighborTables(m.getVersion(), Math.toIntExact(m.getUsers()), Math.toIntExact(m.getItems()), m.getUserDim(),
                    m.getItemDim(), m.getIndex(), readers[0], readers[1], readers[2]);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(MANIFEST) + ": inconsistent tables: " + e.getMessage(), e);
        }
    }

    /** Reads and checks the manifest of a version directory. */
    public static TablesManifest readManifest(Path dir) throws IOException {
        Path mf = dir.resolve(MANIFEST);
        TablesManifest m;
        try (InputStream in = Files.newInputStream(mf)) {
            m = TablesManifest.parseFrom(in);
        } catch (NoSuchFileException e) {
            throw new IOException(mf + ": missing (not a table version directory)", e);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(mf + ": not a tables manifest: " + e.getMessage(), e);
        }
        if (m.getFormat() != TableFormat.FORMAT) {
            throw new IOException(mf + ": table format " + m.getFormat() + " is not the supported " + TableFormat.FORMAT);
        }
        return m;
    }

    /** Reads one table file onto the heap. */
    public static HeapTable readHeap(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer hb = ByteBuffer.allocate(TableFormat.HEADER).order(ByteOrder.LITTLE_ENDIAN);
            BinaryIo.readFully(ch, hb, 0, file);
            hb.flip();
            Header h = Header.read(file, hb, ch.size());
            if (h.entries() > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": " + h.entries() + " entries do not fit heap arrays; memory-map it");
            }
            int rows = h.rows();
            int entries = (int) h.entries();
            int[] offsets = new int[rows + 1];
            ByteBuffer ob = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            long pos = TableFormat.offsetsAt();
            int r = 0;
            while (r <= rows) {
                ob.clear();
                ob.limit(Math.min(ob.capacity(), (rows + 1 - r) * 8));
                BinaryIo.readFully(ch, ob, pos, file);
                pos += ob.limit();
                ob.flip();
                while (ob.remaining() >= 8) {
                    long o = ob.getLong();
                    if (o < 0 || o > entries || (r > 0 && o < offsets[r - 1])) {
                        throw new IOException(file + ": corrupt offset " + o + " at row " + r);
                    }
                    offsets[r++] = (int) o;
                }
            }
            if (offsets[0] != 0 || offsets[rows] != entries) {
                throw new IOException(file + ": offsets do not span the " + entries + " entries");
            }
            int[] ids = BinaryIo.readInts(file, TableFormat.idsAt(rows), entries);
            float[] scores = h.scored() ? BinaryIo.readFloats(file, TableFormat.scoresAt(rows, entries), entries) : null;
            try {
                return new HeapTable(rows, h.width(), offsets, ids, scores);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Deletes version directories under {@code root} except the {@code keep} newest and the one
     * {@code CURRENT} names. Returns the versions deleted.
     */
    public static List<Long> prune(Path root, int keep) throws IOException {
        long current = Files.exists(root.resolve(CURRENT)) ? currentVersion(root) : Long.MIN_VALUE;
        List<Long> versions = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "v*")) {
            for (Path p : ds) {
                try {
                    versions.add(Long.parseLong(p.getFileName().toString().substring(1)));
                } catch (NumberFormatException e) {
                    // not a version directory
                }
            }
        }
        long[] sorted = versions.stream().mapToLong(Long::longValue).sorted().toArray();
        List<Long> deleted = new ArrayList<>();
        for (int i = 0; i < sorted.length - keep; i++) {
            if (sorted[i] != current) {
                AtomicFiles.deleteTree(versionDir(root, sorted[i]));
                deleted.add(sorted[i]);
            }
        }
        return deleted;
    }

    /** The fixed header of a table file. */
    record Header(boolean scored, int width, int rows, long entries) {
        static Header read(Path file, ByteBuffer b, long fileSize) throws IOException {
            if (fileSize < TableFormat.HEADER) {
                throw new IOException(file + ": truncated (" + fileSize + " bytes, no header)");
            }
            byte[] magic = new byte[TableFormat.MAGIC.length];
            b.get(0, magic);
            if (!Arrays.equals(magic, TableFormat.MAGIC)) {
                throw new IOException(file + ": not a MIC table file (bad magic)");
            }
            int scored = b.getInt(8);
            int width = b.getInt(12);
            long rows = b.getLong(16);
            long entries = b.getLong(24);
            if ((scored != 0 && scored != 1) || width < 0 || rows < 0 || rows > Integer.MAX_VALUE - 1 || entries < 0) {
                throw new IOException(file + ": corrupt header");
            }
            long expected = TableFormat.fileSize(rows, entries, scored == 1);
            if (fileSize != expected) {
                throw new IOException(file + ": " + fileSize + " bytes, header says " + expected);
            }
            return new Header(scored == 1, width, (int) rows, entries);
        }
    }
}
