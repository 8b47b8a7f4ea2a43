package io.mic.models.tf.training;

import io.mic.core.io.AtomicFiles;
import io.mic.models.tf.ChecksummedFile;
import io.mic.models.tf.DenseParam;
import io.mic.models.tf.tables.EmbeddingTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A checkpoint directory: one file per embedding table ({@link EmbeddingTable#save}), one file
 * with every dense parameter and its optimizer state, and a {@code MANIFEST} (text, written last)
 * that lists each file with its CRC32C and size plus caller metadata (epoch, step, seed, ...).
 * The directory is assembled under a temporary name and renamed into place, so it either exists
 * complete or not at all. {@link #restore} verifies the manifest and every file before it changes
 * a single parameter.
 *
 * <p>Paper modules implement {@code io.mic.spi.Trainable#saveCheckpoint} by calling
 * {@link #save} with their tables and parameters. Not thread-safe against concurrent training.
 */
public final class Checkpoint {
    static final String MANIFEST = "MANIFEST";
    static final String FORMAT = "mic-checkpoint/1";
    private static final long DENSE_MAGIC = 0x31304E5345444349L; // "ICDESN01"

    private Checkpoint() {
    }

    /**
     * Writes a checkpoint to {@code dir}, which must not exist yet or be an empty directory (a
     * caller's fresh temporary directory); a checkpoint is never written over another one.
     *
     * @param meta extra key/value pairs stored in the manifest (keys {@code [a-z0-9_.]+}, values one line)
     */
    public static void save(Path dir, List<EmbeddingTable> tables, List<DenseParam> params, Map<String, String> meta) throws IOException {
        if (Files.exists(dir)) {
            if (!isEmptyDirectory(dir)) {
                throw new IOException("checkpoint directory already exists and is not empty: " + dir);
            }
            Files.delete(dir);
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp");
        try {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("format", FORMAT);
            for (Map.Entry<String, String> e : meta.entrySet()) {
                if (!e.getKey().matches("[a-z0-9_.]+") || e.getKey().startsWith("table.") || e.getKey().startsWith("dense.")
                        || e.getValue().contains("\n") || e.getKey().equals("format")) {
                    throw new IllegalArgumentException("bad checkpoint metadata key/value: " + e);
                }
                m.put(e.getKey(), e.getValue());
            }
            m.put("tables", Integer.toString(tables.size()));
            for (int i = 0; i < tables.size(); i++) {
                String file = "table-" + i + ".emb";
                long crc = tables.get(i).save(tmp.resolve(file));
                m.put("table." + i + ".name", tables.get(i).name());
                m.put("table." + i + ".file", file);
                m.put("table." + i + ".crc32c", Long.toHexString(crc));
                m.put("table." + i + ".bytes", Long.toString(Files.size(tmp.resolve(file))));
            }
            try (ChecksummedFile.Writer w = new ChecksummedFile.Writer(tmp.resolve("dense.bin"))) {
                w.putLong(DENSE_MAGIC);
                w.putInt(params.size());
                for (DenseParam p : params) {
                    p.writeTo(w);
                }
                long crc = w.commit();
                m.put("dense.file", "dense.bin");
                m.put("dense.crc32c", Long.toHexString(crc));
                m.put("dense.count", Integer.toString(params.size()));
            }
            m.put("dense.bytes", Long.toString(Files.size(tmp.resolve("dense.bin"))));
            writeManifest(tmp.resolve(MANIFEST), m);
            AtomicFiles.syncDirectory(tmp);
            ChecksummedFile.moveAtomically(tmp, dir);
        } finally {
            if (Files.exists(tmp)) {
                AtomicFiles.deleteTree(tmp);
            }
        }
    }

    private static void writeManifest(Path file, Map<String, String> m) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : m.entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        String all = sb + "manifest.crc32c=" + Long.toHexString(crc.getValue()) + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(all.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        ChecksummedFile.moveAtomically(tmp, file);
    }

    /** Reads and checks the manifest of {@code dir} (its own checksum only). */
    public static Map<String, String> readManifest(Path dir) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.exists(file)) {
            throw new IOException(dir + ": no " + MANIFEST + " (incomplete checkpoint)");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(lines.size() - 1).startsWith("manifest.crc32c=")) {
            throw new IOException(file + ": truncated manifest");
        }
        StringBuilder body = new StringBuilder();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String line = lines.get(i);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IOException(file + ":" + (i + 1) + ": malformed line '" + line + "'");
            }
            m.put(line.substring(0, eq), line.substring(eq + 1));
            body.append(line).append('\n');
        }
        CRC32C crc = new CRC32C();
        crc.update(body.toString().getBytes(StandardCharsets.UTF_8));
        String stored = lines.get(lines.size() - 1).substring("manifest.crc32c=".length());
        if (!stored.equals(Long.toHexString(crc.getValue()))) {
            throw new IOException(file + ": manifest checksum mismatch");
        }
        if (!FORMAT.equals(m.get("format"))) {
            throw new IOException(file + ": format '" + m.get("format") + "', this build reads " + FORMAT);
        }
        return m;
    }

    /** Checks the manifest and every file's size and CRC32C; returns the manifest. Changes nothing. */
    public static Map<String, String> verify(Path dir) throws IOException {
        Map<String, String> m = readManifest(dir);
        int n = Integer.parseInt(require(m, "tables", dir));
        for (int i = 0; i < n; i++) {
            verifyFile(dir, m, "table." + i);
        }
        verifyFile(dir, m, "dense");
        return m;
    }

    private static void verifyFile(Path dir, Map<String, String> m, String key) throws IOException {
        Path f = dir.resolve(require(m, key + ".file", dir));
        if (!Files.exists(f)) {
            throw new IOException(dir + ": missing " + f.getFileName());
        }
        long size = Files.size(f);
        if (size != Long.parseLong(require(m, key + ".bytes", dir))) {
            throw new IOException(f + ": " + size + " bytes, manifest says " + m.get(key + ".bytes"));
        }
        long crc = ChecksummedFile.verify(f);
        if (!Long.toHexString(crc).equals(require(m, key + ".crc32c", dir))) {
            throw new IOException(f + ": checksum differs from the manifest");
        }
    }

    private static String require(Map<String, String> m, String key, Path dir) throws IOException {
        String v = m.get(key);
        if (v == null) {
            throw new IOException(dir + ": manifest lacks '" + key + "'");
        }
        return v;
    }

    /**
     * Verifies {@code dir} completely, then restores every table and parameter in place (matched
     * by name; the sets must be equal). Returns the manifest (with the caller's metadata).
     */
    public static Map<String, String> restore(Path dir, List<EmbeddingTable> tables, List<DenseParam> params) throws IOException {
        Map<String, String> m = verify(dir);
        int n = Integer.parseInt(m.get("tables"));
        if (n != tables.size()) {
            throw new IOException(dir + ": holds " + n + " tables, the model has " + tables.size());
        }
        Map<String, EmbeddingTable> byName = new LinkedHashMap<>();
        for (EmbeddingTable t : tables) {
            byName.put(t.name(), t);
        }
        for (int i = 0; i < n; i++) {
            String name = m.get("table." + i + ".name");
            if (!byName.containsKey(name)) {
                throw new IOException(dir + ": holds table '" + name + "', the model has " + byName.keySet());
            }
        }
        for (int i = 0; i < n; i++) {
            byName.get(m.get("table." + i + ".name")).restore(dir.resolve(m.get("table." + i + ".file")));
        }
        Path dense = dir.resolve(m.get("dense.file"));
        try (ChecksummedFile.Reader r = new ChecksummedFile.Reader(dense)) {
            if (r.getLong() != DENSE_MAGIC) {
                throw new IOException(dense + ": not a dense parameter file");
            }
            int count = r.getInt();
            if (count != params.size()) {
                throw new IOException(dense + ": holds " + count + " parameters, the model has " + params.size());
            }
            for (DenseParam p : params) {
                p.readFrom(r, dense.toString());
            }
            r.verifyEnd();
        }
        return m;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
