package io.mic.core.io;

import com.google.protobuf.TextFormat;
import io.mic.core.config.proto.EmbeddingManifest;
import io.mic.core.config.proto.EmbeddingSetEntry;
import io.mic.core.config.proto.FileEntry;
import io.mic.core.data.IdMap;
import io.mic.spi.Vectors;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All vectors of a model (every user, every item) as plain files any JVM process can read without
 * TensorFlow: what batch inference writes and what index builds, neighbour tables and serving
 * read.
 *
 * <p>A directory holds, per set ({@code users}, {@code items}, ...): {@code <name>.vec} (a
 * 64-byte header then little-endian float32 rows, row-major; see {@link VectorFileHeader}) and
 * {@code <name>.ids} (UTF-8, line {@code i} = external id of internal id {@code i}); plus
 * {@code manifest.textproto} (an {@link EmbeddingManifest}: model name and version, each set's
 * entities, dim and interests, and every file's size and SHA-256). Row {@code r} of a set with
 * {@code K} interests belongs to entity {@code r / K}.
 *
 * <p>Writing: {@link #writer} stages the directory under a temporary name and
 * {@link Writer#commit} renames it into place (see {@link StagedDirectory}). Reading:
 * {@link #open} checks the manifest, every file's presence and size, every vectors header against
 * the manifest, and (when asked) every SHA-256; errors name the offending file.
 *
 * <p>Threading: a {@link Writer} is used by one thread. An opened {@code EmbeddingExport} is
 * immutable; the {@link Vectors} and {@link MappedVectors} it returns are owned by the caller.
 */
public final class EmbeddingExport {
    /** Value of {@link EmbeddingManifest#getFormat()}. */
    public static final String FORMAT = "mic-embeddings/1";
    /** File name of the manifest inside an export directory. */
    public static final String MANIFEST = "manifest.textproto";
    private static final String SET_NAME = "[a-z0-9][a-z0-9_-]*";
    /** Stamped into manifests; equals {@code io.mic.core.run.RunWriter.FRAMEWORK_VERSION} (not referenced: run depends on io). */
    static final String FRAMEWORK_VERSION = "0.1.0-SNAPSHOT";

    private final Path dir;
    private final EmbeddingManifest manifest;
    private final Map<String, EmbeddingSetEntry> sets;
    private final Map<String, VectorFileHeader> headers;

    private EmbeddingExport(Path dir, EmbeddingManifest manifest, Map<String, EmbeddingSetEntry> sets, Map<String, VectorFileHeader> headers) {
        this.dir = dir;
        this.manifest = manifest;
        this.sets = sets;
        this.headers = headers;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Opens an export directory.
     *
     * @param verifyChecksums also hash every file and compare with the manifest's SHA-256
     *                        (roughly 0.5 to 1 s per GB); without it, sizes and headers are
     *                        still checked, which catches truncation and shape mismatches
     * @throws IOException naming the file when the manifest is missing or malformed, a file is
     *                     missing, truncated or corrupt, or a header disagrees with the manifest
     */
    public static EmbeddingExport open(Path dir, boolean verifyChecksums) throws IOException {
        Path mf = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(mf)) {
            throw new IOException(mf + ": missing (not an embedding export directory, or an unfinished one)");
        }
        EmbeddingManifest.Builder b = EmbeddingManifest.newBuilder();
        try {
            TextFormat.getParser().merge(Files.readString(mf, StandardCharsets.UTF_8), b);
        } catch (TextFormat.ParseException | CharacterCodingException e) {
            throw new IOException(mf + ": malformed manifest: " + e.getMessage(), e);
        }
        EmbeddingManifest m = b.build();
        if (!FORMAT.equals(m.getFormat())) {
            throw new IOException(mf + ": format '" + m.getFormat() + "' is not " + FORMAT);
        }
        Map<String, FileEntry> files = new LinkedHashMap<>();
        for (FileEntry e : m.getFileList()) {
            checkRelative(mf, e.getPath());
            files.put(e.getPath(), e);
            Path f = dir.resolve(e.getPath());
            if (!Files.isRegularFile(f)) {
                throw new IOException(f + ": listed in the manifest but missing");
            }
            long size = Files.size(f);
            if (size != e.getBytes()) {
                throw new IOException(f + ": " + size + " bytes, the manifest says " + e.getBytes() + " (truncated or replaced)");
            }
        }
        if (verifyChecksums) {
            AtomicFiles.verify(dir, m.getFileList());
        }
        Map<String, EmbeddingSetEntry> sets = new LinkedHashMap<>();
        Map<String, VectorFileHeader> headers = new LinkedHashMap<>();
        for (EmbeddingSetEntry s : m.getSetList()) {
            if (!s.getName().matches(SET_NAME) || sets.put(s.getName(), s) != null) {
                throw new IOException(mf + ": bad or duplicate set name '" + s.getName() + "'");
            }
            for (String p : List.of(s.getVectorsPath(), s.getIdsPath())) {
                if (!files.containsKey(p)) {
                    throw new IOException(mf + ": set '" + s.getName() + "' names file '" + p + "', which the manifest does not list");
                }
            }
            Path vf = dir.resolve(s.getVectorsPath());
            VectorFileHeader h;
            try (FileChannel ch = FileChannel.open(vf, StandardOpenOption.READ)) {
                h = MappedVectors.readHeader(ch, vf);
            }
            if (h.dim() != s.getDim() || h.interests() != s.getInterests() || h.entities() != s.getEntities()) {
                throw new IOException(vf + ": header says " + h.entities() + " entities x " + h.interests() + " interests, dim " + h.dim()
                        + "; the manifest says " + s.getEntities() + " x " + s.getInterests() + ", dim " + s.getDim());
            }
            headers.put(s.getName(), h);
        }
        return new EmbeddingExport(dir, m, Collections.unmodifiableMap(sets), headers);
    }

    private static void checkRelative(Path manifest, String p) throws IOException {
        if (p.isEmpty() || p.startsWith("/") || p.contains("..") || p.contains("\\")) {
            throw new IOException(manifest + ": file path '" + p + "' must be relative and stay inside the directory");
        }
    }

    /** The directory this export was opened from. */
    public Path dir() {
        return dir;
    }

    /** The parsed manifest. */
    public EmbeddingManifest manifest() {
        return manifest;
    }

    /** Set names, in manifest order. */
    public List<String> names() {
        return List.copyOf(sets.keySet());
    }

    /** The manifest entry of set {@code name}. */
    public EmbeddingSetEntry set(String name) {
        EmbeddingSetEntry s = sets.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no set '" + name + "' in " + dir + " (sets: " + sets.keySet() + ")");
        }
        return s;
    }

    /**
     * Every vector of set {@code name} on the heap (fails for sets over 2^31 values: use
     * {@link #map}).
     */
    public Vectors vectors(String name) throws IOException {
        EmbeddingSetEntry s = set(name);
        VectorFileHeader h = headers.get(name);
        Path vf = dir.resolve(s.getVectorsPath());
        long n = h.rows() * h.dim();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException(vf + ": " + h.rows() + " rows x dim " + h.dim() + " do not fit one float[]; use map(\"" + name + "\")");
        }
        float[] v = new float[(int) n];
        try (FileChannel ch = FileChannel.open(vf, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            long pos = VectorFileHeader.BYTES;
            int filled = 0;
            while (filled < n) {
                buf.clear();
                int want = (int) Math.min(buf.capacity(), (n - filled) * 4L);
                buf.limit(want);
                while (buf.hasRemaining()) {
                    int r = ch.read(buf, pos);
                    if (r < 0) {
                        throw new IOException(vf + ": truncated while reading row data");
                    }
                    pos += r;
                }
                buf.flip();
                int k = want / 4;
                buf.asFloatBuffer().get(v, filled, k);
                filled += k;
            }
        }
        return new Vectors(v, (int) h.rows(), h.dim(), h.interests());
    }

    /** Set {@code name} memory-mapped (any size); the caller closes it. */
    public MappedVectors map(String name) throws IOException {
        return MappedVectors.open(dir.resolve(set(name).getVectorsPath()), MappedVectors.MAX_MAP_BYTES);
    }

    /** {@code maxMapBytes} is a parameter only so tests can exercise several mappings on small files. */
    MappedVectors map(String name, long maxMapBytes) throws IOException {
        return MappedVectors.open(dir.resolve(set(name).getVectorsPath()), maxMapBytes);
    }

    /**
     * External ids of set {@code name} as a map: {@code external(i)} is the external id of entity
     * {@code i}. Builds a hash map (measured 34 s and about 1 GB for 10M ids on a loaded 2-core VM): use {@link #externalIds} when
     * only the list is needed.
     */
    public IdMap ids(String name) throws IOException {
        List<String> ids = externalIds(name);
        try {
            return IdMap.of(ids);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(set(name).getIdsPath()) + ": " + e.getMessage(), e);
        }
    }

    /** External ids of set {@code name} in entity order (element {@code i} = entity {@code i}). */
    public List<String> externalIds(String name) throws IOException {
        EmbeddingSetEntry s = set(name);
        Path f = dir.resolve(s.getIdsPath());
        List<String> ids = new ArrayList<>((int) Math.min(s.getEntities(), 1 << 24));
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(f),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                ids.add(line);
            }
        } catch (CharacterCodingException e) {
            throw new IOException(f + ": not valid UTF-8", e);
        }
        if (ids.size() != s.getEntities()) {
            throw new IOException(f + ": " + ids.size() + " ids, the manifest says " + s.getEntities() + " entities");
        }
        return ids;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Starts an export to {@code dir}, staged beside it until {@link Writer#commit}.
     *
     * @param modelName    e.g. {@code "mic-dssm"}
     * @param modelVersion free text, e.g. a run name or epoch
     */
    public static Writer writer(Path dir, String modelName, String modelVersion) throws IOException {
        return new Writer(StagedDirectory.create(dir), modelName, modelVersion);
    }

    /**
     * Writes an export directory set by set. Not thread-safe. Close it in all cases (try-with-
     * resources): closing without {@link #commit} removes the staged files.
     */
    public static final class Writer implements Closeable {
        private final StagedDirectory staged;
        private final EmbeddingManifest.Builder manifest;
        private final Set<String> names = new HashSet<>();
        private SetWriter open;
        private boolean replaceExisting;
        private boolean failed;
        private boolean committed;

        private Writer(StagedDirectory staged, String modelName, String modelVersion) {
            this.staged = staged;
            this.manifest = EmbeddingManifest.newBuilder().setFormat(FORMAT).setModelName(modelName)
                    .setModelVersion(modelVersion).setFrameworkVersion(FRAMEWORK_VERSION);
        }

        /** Allow {@link #commit} to replace an existing directory (default: refuse). */
        public Writer replaceExisting(boolean replace) {
            this.replaceExisting = replace;
            return this;
        }

        /** Writes set {@code name} from vectors already on the heap; {@code ids} has one id per entity. */
        public Writer add(String name, Vectors vectors, IdMap ids) throws IOException {
            try (SetWriter s = begin(name, ids, vectors.dim(), vectors.interests())) {
                s.append(vectors.values(), 0, vectors.rows());
            }
            return this;
        }

        /**
         * Starts set {@code name} ({@code [a-z0-9][a-z0-9_-]*}) with {@code ids.size()} entities of
         * {@code interests} vectors of width {@code dim}; append its rows in order, then close it.
         * One set at a time.
         */
        public SetWriter begin(String name, IdMap ids, int dim, int interests) throws IOException {
            checkUsable();
            if (open != null) {
                throw new IllegalStateException("set '" + open.name + "' is still open: close it before starting '" + name + "'");
            }
            if (name == null || !name.matches(SET_NAME)) {
                throw new IllegalArgumentException("set name must match " + SET_NAME + ", got '" + name + "'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("duplicate set '" + name + "'");
            }
            if (dim <= 0 || interests <= 0) {
                throw new IllegalArgumentException("set '" + name + "': dim " + dim + " and interests " + interests + " must be positive");
            }
            Path idsFile = staged.path().resolve(name + ".ids");
            try (Writer8 w = new Writer8(idsFile)) {
                for (int i = 0; i < ids.size(); i++) {
                    String e = ids.external(i);
                    if (e.indexOf('\n') >= 0 || e.indexOf('\r') >= 0) {
                        throw new IllegalArgumentException("set '" + name + "': external id of internal id " + i + " contains a line break");
                    }
                    w.out.write(e);
                    w.out.write('\n');
                }
            }
            VectorFileHeader h = new VectorFileHeader(dim, interests, (long) ids.size() * interests, ids.size());
            open = new SetWriter(this, name, h, staged.path().resolve(name + ".vec"));
            return open;
        }

        private void checkUsable() {
            if (committed) {
                throw new IllegalStateException("export already committed");
            }
            if (failed) {
                throw new IllegalStateException("a set of this export failed; start a new export");
            }
        }

        void finished(SetWriter s, boolean ok) {
            open = null;
            if (!ok) {
                failed = true;
                return;
            }
            manifest.addSet(EmbeddingSetEntry.newBuilder().setName(s.name).setVectorsPath(s.name + ".vec").setIdsPath(s.name + ".ids")
                    .setEntities(s.header.entities()).setDim(s.header.dim()).setInterests(s.header.interests()));
        }

        /** Hashes every file, writes the manifest and renames the directory into place; returns it. */
        public Path commit() throws IOException {
            checkUsable();
            if (open != null) {
                throw new IllegalStateException("set '" + open.name + "' is still open");
            }
            for (EmbeddingSetEntry s : manifest.getSetList()) {
                manifest.addFile(AtomicFiles.entry(staged.path(), staged.path().resolve(s.getVectorsPath())));
                manifest.addFile(AtomicFiles.entry(staged.path(), staged.path().resolve(s.getIdsPath())));
            }
            manifest.setCreatedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            Files.writeString(staged.path().resolve(MANIFEST), TextFormat.printer().printToString(manifest.build()), StandardCharsets.UTF_8);
            Path p = staged.commit(replaceExisting);
            committed = true;
            return p;
        }

        /** Removes the staged files unless committed. */
        @Override
        public void close() throws IOException {
            if (open != null) {
                open.abort();
            }
            staged.close();
        }
    }

    /**
     * Streams the rows of one set into its vectors file. {@link #close} checks that exactly
     * {@code entities * interests} rows were appended; otherwise the whole export fails.
     */
    public static final class SetWriter implements Closeable {
        private final Writer owner;
        private final String name;
        private final VectorFileHeader header;
        private final Path file;
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long written;
        private boolean done;

        private SetWriter(Writer owner, String name, VectorFileHeader header, Path file) throws IOException {
            this.owner = owner;
            this.name = name;
            this.header = header;
            this.file = file;
            this.ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ByteBuffer h = header.encode();
            while (h.hasRemaining()) {
                ch.write(h);
            }
        }

        /** Rows appended so far. */
        public long rows() {
            return written;
        }

        /** Rows this set must receive ({@code entities * interests}). */
        public long expectedRows() {
            return header.rows();
        }

        /** Width of each row. */
        public int dim() {
            return header.dim();
        }

        /** Vectors per entity. */
        public int interests() {
            return header.interests();
        }

        /**
         * Appends {@code rows} rows from {@code values[off ..]} (row-major, the set's dim).
         *
         * @throws IllegalArgumentException on NaN/Inf (naming the row) or more rows than declared
         */
        public SetWriter append(float[] values, int off, int rows) throws IOException {
            if (done) {
                throw new IllegalStateException("set '" + name + "' is closed");
            }
            int d = header.dim();
            if (rows < 0 || off < 0 || (long) off + (long) rows * d > values.length) {
                throw new IllegalArgumentException("set '" + name + "': " + rows + " rows of dim " + d + " at offset " + off
                        + " exceed the array (" + values.length + " values)");
            }
            if (written + rows > header.rows()) {
                throw new IllegalArgumentException("set '" + name + "': " + (written + rows) + " rows appended, declared " + header.rows());
            }
            int n = rows * d;
            for (int i = 0; i < n; i++) {
                float x = values[off + i];
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException("set '" + name + "': row " + (written + i / d) + " holds " + x);
                }
            }
            int pos = off;
            int end = off + n;
            while (pos < end) {
                buf.clear();
                int k = Math.min(buf.capacity() / 4, end - pos);
                buf.asFloatBuffer().put(values, pos, k);
                buf.limit(k * 4);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                pos += k;
            }
            written += rows;
            return this;
        }

        void abort() throws IOException {
            if (!done) {
                done = true;
                ch.close();
                owner.finished(this, false);
            }
        }

        /** Finishes the file; fails (and fails the export) unless every declared row was appended. */
        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            ch.close();
            boolean ok = written == header.rows();
            owner.finished(this, ok);
            if (!ok) {
                throw new IOException(file + ": set '" + name + "' got " + written + " rows, declared " + header.rows()
                        + " (" + header.entities() + " entities x " + header.interests() + " interests)");
            }
        }
    }

    /** A buffered UTF-8 writer over a new file. */
    private static final class Writer8 implements Closeable {
        final java.io.Writer out;

        Writer8(Path file) throws IOException {
            out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), StandardCharsets.UTF_8), 1 << 16);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
