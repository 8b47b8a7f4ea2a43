package io.mic.core.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads interactions from one delimited text file (plain or gzip, UTF-8) described by a
 * {@link DelimitedSpec}: CSV/TSV exports, {@code ::}-separated files, and the like. Only
 * interactions are read (no user or item fields). Users and items are numbered in order of first
 * appearance. Spaces around values are ignored unless the separator contains a space. The dataset
 * is named after the file, without {@code .gz} and without its last extension.
 */
public final class DelimitedLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DelimitedLoader.class);
    private static final Charset UTF8 = StandardCharsets.UTF_8;

    private DelimitedLoader() {
    }

    /**
     * Loads {@code file} (plain or gzip, whatever its name) as {@code spec} describes.
     *
     * @throws DataFormatException naming file, line and column for a malformed line or an unknown column name
     */
    public static Dataset load(Path file, DelimitedSpec spec) {
        long t0 = System.nanoTime();
        byte[] sep = LineScanner.separator(spec.separator());
        boolean trim = spec.separator().indexOf(' ') < 0;
        IdInterner users = new IdInterner(UTF8);
        IdInterner items = new IdInterner(UTF8);
        InteractionBuffer buf = new InteractionBuffer(1 << 16, spec.ratingColumn() != null, spec.timestampColumn() != null);
        try (LineScanner in = LineScanner.open(file, UTF8)) {
            List<String> header = null;
            if (spec.hasHeader()) {
                if (!in.next()) {
                    throw new DataFormatException(file, 0, "expected a header line, got an empty file");
                }
                int n = in.split(sep);
                if (trim) {
                    in.trimSpaces();
                }
                header = new ArrayList<>(n);
                for (int f = 0; f < n; f++) {
                    header.add(in.string(f));
                }
            }
            int uCol = column(in, header, spec.userColumn(), "user");
            int iCol = column(in, header, spec.itemColumn(), "item");
            int rCol = spec.ratingColumn() == null ? -1 : column(in, header, spec.ratingColumn(), "rating");
            int tCol = spec.timestampColumn() == null ? -1 : column(in, header, spec.timestampColumn(), "timestamp");
            int need = Math.max(Math.max(uCol, iCol), Math.max(rCol, tCol)) + 1;
            String uName = name(header, uCol);
            String iName = name(header, iCol);
            String rName = name(header, rCol);
            String tName = name(header, tCol);
            while (in.next()) {
                int n = in.split(sep);
                if (n < need) {
                    throw in.error(null, "expected at least " + need + " fields separated by '" + spec.separator() + "', got " + n + ": '"
                            + LineScanner.shorten(in.line()) + "'");
                }
                if (trim) {
                    in.trimSpaces();
                }
                if (in.isEmpty(uCol) || in.isEmpty(iCol)) {
                    throw in.error(in.isEmpty(uCol) ? uName : iName, "expected an id, got ''");
                }
                byte[] b = in.buffer();
                int u = users.intern(b, in.start(uCol), in.end(uCol));
                int i = items.intern(b, in.start(iCol), in.end(iCol));
                float r = rCol >= 0 ? in.parseFloat(rCol, rName) : 0f;
                long t = tCol >= 0 ? (long) Math.floor(in.parseDouble(tCol, tName)) : 0L;
                buf.add(u, i, r, t);
            }
        }
        buf.requireAny(file);
        Dataset d = new Dataset(datasetName(file), users.toIdMap(), items.toIdMap(), buf.users(), buf.items(), buf.ratings(), buf.times(),
                null, List.of(), List.of());
        LOG.debug("loaded {} from {} in {} ms", d, file, (System.nanoTime() - t0) / 1_000_000);
        return d;
    }

    /** Resolves a column by header name, else by 0-based index. */
    private static int column(LineScanner in, List<String> header, String column, String role) {
        if (header != null) {
            int f = header.indexOf(column);
            if (f >= 0) {
                return f;
            }
        }
        int index = -1;
        try {
            index = Integer.parseInt(column);
        } catch (NumberFormatException ignored) {
            // reported below
        }
        if (index < 0 || (header != null && index >= header.size())) {
            if (header != null) {
                throw in.error(null, role + " column '" + column + "' is neither a header name nor an index below " + header.size()
                        + " (header: " + header + ")");
            }
            throw new IllegalArgumentException(in.file() + ": " + role + " column '" + column
                    + "' must be a 0-based index because the spec says the file has no header");
        }
        return index;
    }

    private static String name(List<String> header, int col) {
        if (col < 0) {
            return null;
        }
        return header != null ? header.get(col) : "field " + col;
    }

    static String datasetName(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
