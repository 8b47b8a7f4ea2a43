package io.mic.core.features;

import io.mic.core.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes item feature files: an id column plus a float matrix, in text or binary form,
 * each with a SHA-256 manifest beside it ({@code FILE.sha256}, {@code sha256sum} format, so
 * {@code sha256sum -c FILE.sha256} checks it). Format in {@code docs/features.md}:
 * <ul>
 *   <li>text: UTF-8 lines {@code id<TAB>v1 v2 ... vd} (values separated by tabs or spaces),
 *       {@code #} comment lines and blank lines ignored; every row has the same width;</li>
 *   <li>binary: {@code "MICFEAT1"}, int32 rows, int32 dim (little-endian), then per row an
 *       int32 byte length and the UTF-8 id, then {@code rows x dim} float32 little-endian.</li>
 * </ul>
 * Bad input (wrong width, NaN or infinite values, duplicate ids, a checksum mismatch) is an
 * {@link IOException} naming {@code file:line} (binary: the row). Writes are atomic (temporary
 * file, then rename); the manifest is written after the data.
 */
public final class FeatureFile {
    /** Magic of the binary form. */
    static final byte[] MAGIC = "MICFEAT1".getBytes(StandardCharsets.US_ASCII);

    /** On-disk form. */
    public enum Format {
        TEXT,
        BINARY;

        /** {@code .tsv} / {@code .txt} are text, anything else binary. */
        public static Format forPath(Path file) {
            String n = file.getFileName().toString();
            return n.endsWith(".tsv") || n.endsWith(".txt") ? TEXT : BINARY;
        }
    }

    private FeatureFile() {
    }

    /** {@code FILE.sha256}. */
    public static Path manifestOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    /** Writes {@code f} to {@code file} in the form its name implies ({@link Format#forPath}), then the manifest. */
    public static void write(Path file, ItemFeatures f) throws IOException {
        write(file, f, Format.forPath(file));
    }

    public static void write(Path file, ItemFeatures f, Format format) throws IOException {
        for (String id : f.ids()) {
            if (id.isEmpty() || id.indexOf('\t') >= 0 || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0 || (format == Format.TEXT && id.startsWith("#"))) {
                throw new IllegalArgumentException(file + ": id '" + id + "' cannot be written (empty, tab, line break, or a leading '#')");
            }
        }
        AtomicFiles.write(file, out -> {
            if (format == Format.TEXT) {
                writeText(out, f);
            } else {
                writeBinary(out, f);
            }
        });
        AtomicFiles.writeString(manifestOf(file), AtomicFiles.sha256(file) + "  " + file.getFileName() + "\n");
    }

    private static void writeText(OutputStream out, ItemFeatures f) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        float[] v = f.values();
        int d = f.dim();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < f.rows(); r++) {
            sb.setLength(0);
            sb.append(f.ids()[r]);
            for (int k = 0; k < d; k++) {
                sb.append(k == 0 ? '\t' : ' ').append(v[r * d + k]); // Float.toString round-trips exactly
            }
            sb.append('\n');
            w.write(sb.toString());
        }
        w.flush();
    }

    private static void writeBinary(OutputStream out, ItemFeatures f) throws IOException {
        out.write(MAGIC);
        ByteBuffer hdr = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(f.rows()).putInt(f.dim());
        out.write(hdr.array());
        for (String id : f.ids()) {
            byte[] b = id.getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.write(b);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : f.values()) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(x);
        }
        out.write(buf.array(), 0, buf.position());
    }

    /**
     * Reads {@code file} (form detected from its first bytes). With {@code requireManifest} a
     * missing {@code FILE.sha256} is an error; a manifest that exists is always checked.
     */
    public static ItemFeatures read(Path file, boolean requireManifest) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such feature file");
        }
        verifyManifest(file, requireManifest);
        byte[] head = new byte[MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n == MAGIC.length && java.util.Arrays.equals(head, MAGIC)) {
            return readBinary(file);
        }
        return readText(file);
    }

    private static void verifyManifest(Path file, boolean required) throws IOException {
        Path m = manifestOf(file);
        if (!Files.exists(m)) {
            if (required) {
                throw new IOException(file + ": no checksum manifest " + m.getFileName() + " (create it with: sha256sum "
                        + file.getFileName() + " > " + m.getFileName() + ")");
            }
            return;
        }
        String line = Files.readString(m, StandardCharsets.UTF_8).strip();
        String[] parts = line.split("\\s+", 2);
        if (parts.length < 1 || !parts[0].matches("[0-9a-fA-F]{64}")) {
            throw new IOException(m + ":1: expected '<sha256 hex>  <file name>', got '" + line + "'");
        }
        String actual = AtomicFiles.sha256(file);
        if (!actual.equalsIgnoreCase(parts[0])) {
            throw new IOException(file + ": SHA-256 " + actual + " does not match " + m.getFileName() + " (" + parts[0] + "): file changed or corrupt");
        }
    }

    private static ItemFeatures readText(Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        Map<String, Integer> lineOf = new HashMap<>();
        float[] values = new float[1024];
        int dim = -1;
        int size = 0;
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab <= 0) {
                    throw new IOException(file + ":" + lineNo + ": expected 'id<TAB>values', got no tab (or an empty id)");
                }
                String id = line.substring(0, tab);
                Integer prev = lineOf.put(id, lineNo);
                if (prev != null) {
                    throw new IOException(file + ":" + lineNo + ": id '" + id + "' already defined at line " + prev);
                }
                String[] parts = line.substring(tab + 1).trim().split("[\t ]+");
                if (dim < 0) {
                    dim = parts.length;
                } else if (parts.length != dim) {
                    throw new IOException(file + ":" + lineNo + ": id '" + id + "' has " + parts.length + " values, expected " + dim
                            + " (the width of the first row)");
                }
                if (size + dim > values.length) {
                    values = java.util.Arrays.copyOf(values, Math.max(size + dim, values.length * 2));
                }
                for (int k = 0; k < dim; k++) {
                    float x;
                    try {
                        x = Float.parseFloat(parts[k]);
                    } catch (NumberFormatException e) {
                        throw new IOException(file + ":" + lineNo + ": id '" + id + "' value " + (k + 1) + " is not a number: '" + parts[k] + "'");
                    }
                    if (!Float.isFinite(x)) {
                        throw new IOException(file + ":" + lineNo + ": id '" + id + "' value " + (k + 1) + " is " + x);
                    }
                    values[size++] = x;
                }
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw new IOException(file + ": no feature rows");
        }
        return new ItemFeatures(ids.toArray(new String[0]), java.util.Arrays.copyOf(values, size), dim);
    }

    private static ItemFeatures readBinary(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            in.readFully(new byte[MAGIC.length]);
            int rows = Integer.reverseBytes(in.readInt());
            int dim = Integer.reverseBytes(in.readInt());
            if (rows <= 0 || dim <= 0 || (long) rows * dim > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": corrupt header: rows " + rows + ", dim " + dim);
            }
            String[] ids = new String[rows];
            Map<String, Integer> rowOf = new HashMap<>(rows * 2);
            for (int r = 0; r < rows; r++) {
                int len = Integer.reverseBytes(in.readInt());
                if (len <= 0 || len > 1 << 16) {
                    throw new IOException(file + ": row " + r + ": corrupt id length " + len);
                }
                byte[] b = new byte[len];
                in.readFully(b);
                ids[r] = new String(b, StandardCharsets.UTF_8);
                Integer prev = rowOf.put(ids[r], r);
                if (prev != null) {
                    throw new IOException(file + ": row " + r + ": id '" + ids[r] + "' already defined at row " + prev);
                }
            }
            float[] values = new float[rows * dim];
            byte[] buf = new byte[dim * 4];
            ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < rows; r++) {
                in.readFully(buf);
                bb.clear();
                for (int k = 0; k < dim; k++) {
                    float x = bb.getFloat();
                    if (!Float.isFinite(x)) {
                        throw new IOException(file + ": row " + r + " (id '" + ids[r] + "') value " + (k + 1) + " is " + x);
                    }
                    values[r * dim + k] = x;
                }
            }
            if (in.read() != -1) {
                throw new IOException(file + ": trailing bytes after " + rows + " x " + dim + " values");
            }
            return new ItemFeatures(ids, values, dim);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": truncated (ends before the " + "header's rows x dim values)", e);
        }
    }
}
