package io.mic.retrieval.index;

import io.mic.core.config.proto.FileEntry;
import io.mic.core.io.AtomicFiles;
import io.mic.core.io.LittleEndianWriter;
import io.mic.retrieval.io.BinaryIo;
import io.mic.retrieval.proto.IndexManifest;
import io.mic.spi.PluginId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Saved-index layout shared by the index plugins: data files first, each written to a temporary
 * name and renamed atomically, then {@code index.pb} (an {@link IndexManifest} with every file's
 * size and SHA-256) last, so a reader that finds a manifest finds whole files. Loading verifies
 * every checksum before trusting a byte.
 */
final class IndexFiles {
    static final String MANIFEST = "index.pb";
    static final String VECTORS = "vectors.f32";

    private IndexFiles() {
    }

    /** The vectors of a saved index and its manifest. */
    record Loaded(IndexManifest manifest, Similarity metric, float[] values, int rows, int dim) {
    }

    /** Writes {@code rows x dim} floats as {@code vectors.f32} and a manifest listing it and {@code extra} files. */
    static void saveVectors(Path dir, String plugin, int format, Similarity metric, float[] values, int rows, int dim,
            Map<String, String> params, Path... extra) throws IOException {
        Files.createDirectories(dir);
        Path vectors = dir.resolve(VECTORS);
        AtomicFiles.write(vectors, out -> {
            LittleEndianWriter w = LittleEndianWriter.to(out);
            w.putFloats(values, 0, rows * dim);
            w.flush();
        });
        IndexManifest.Builder m = IndexManifest.newBuilder()
                .setPlugin(new PluginId(plugin, 1).toString())
                .setFormat(format)
                .setRows(rows)
                .setDim(dim)
                .setMetric(metric.label())
                .putAllParam(params)
                .addFile(AtomicFiles.entry(dir, vectors));
        for (Path e : extra) {
            m.addFile(AtomicFiles.entry(dir, e));
        }
        IndexManifest manifest = m.build();
        AtomicFiles.write(dir.resolve(MANIFEST), manifest::writeTo);
    }

    /** Reads and checks {@code index.pb}: right plugin, known format, every listed file intact. */
    static IndexManifest readManifest(Path dir, String plugin, int format) throws IOException {
        Path mf = dir.resolve(MANIFEST);
        IndexManifest m;
        try (InputStream in = Files.newInputStream(mf)) {
            m = IndexManifest.parseFrom(in);
        } catch (NoSuchFileException e) {
            throw new IOException(mf + ": no saved index here (manifest missing)", e);
        }
        String got = PluginId.parse(m.getPlugin()).name();
        if (!got.equals(plugin)) {
            throw new IOException(mf + ": index was saved by plugin '" + m.getPlugin() + "', not '" + plugin + "'");
        }
        if (m.getFormat() != format) {
            throw new IOException(mf + ": format " + m.getFormat() + " is not the supported " + format
                    + " (written by another version of this plugin: rebuild the index, e.g. with `mic index`)");
        }
        AtomicFiles.verify(dir, m.getFileList());
        return m;
    }

    static Loaded loadVectors(Path dir, String plugin, int format) throws IOException {
        IndexManifest m = readManifest(dir, plugin, format);
        int rows = Math.toIntExact(m.getRows());
        int dim = m.getDim();
        Path vectors = dir.resolve(VECTORS);
        long expected = (long) rows * dim * 4;
        if (Files.size(vectors) != expected) {
            throw new IOException(vectors + ": " + Files.size(vectors) + " bytes, expected " + expected + " for " + rows + " x " + dim);
        }
        float[] values = BinaryIo.readFloats(vectors, 0, rows * dim);
        return new Loaded(m, Similarity.parse(m.getMetric()), values, rows, dim);
    }

    static List<FileEntry> files(IndexManifest m) {
        return m.getFileList();
    }
}
