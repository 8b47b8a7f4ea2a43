package io.mic.core.data;

import io.mic.spi.Column;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RecBole atomic files: {@code <name>.inter} (required), {@code <name>.user} and
 * {@code <name>.item} (optional), each plain or {@code .gz}, UTF-8, tab-separated, first line a
 * header of {@code field:type} with type one of {@code token}, {@code token_seq}, {@code float},
 * {@code float_seq} (any other type is an error naming the header line and column).
 *
 * <p>Interactions: {@code user_id} and {@code item_id} (token) are required; a column named
 * {@code rating} (float) gives explicit ratings and one named {@code timestamp} (float) gives time
 * (rounded down to a whole number, since {@link Dataset} keeps {@code long} timestamps); other
 * columns are type-checked and ignored. Users and items are numbered in order of first appearance
 * in the {@code .inter} file; only ids with at least one interaction exist.
 *
 * <p>Side files: the row's id is the {@code user_id} / {@code item_id} column; every other column
 * becomes a field of the same name: token → CATEGORICAL (empty → MISSING), token_seq →
 * MULTI_CATEGORICAL (space-separated), float → DENSE of dim 1, float_seq → DENSE whose dim is set
 * by the first non-empty row (a row of another length is an error). Rows for ids without
 * interactions are skipped; ids without a row get MISSING / no values / zeros. A repeated id is an
 * error. Vocabulary ids follow first appearance in the file.
 */
public final class RecBoleAtomicLoader {
    private static final Logger LOG = LoggerFactory.getLogger(RecBoleAtomicLoader.class);
    private static final Charset UTF8 = StandardCharsets.UTF_8;
    private static final Set<String> TYPES = Set.of("token", "token_seq", "float", "float_seq");

    private RecBoleAtomicLoader() {
    }

    /** Loads {@code <name>.inter} (+ optional {@code .user}, {@code .item}) from {@code dir}; the dataset is named {@code name}. */
    public static Dataset load(Path dir, String name) {
        long t0 = System.nanoTime();
        Path interFile = DataFiles.resolve(dir, name + ".inter");
        IdInterner users = new IdInterner(UTF8);
        IdInterner items = new IdInterner(UTF8);
        InteractionBuffer buf;
        try (LineScanner in = LineScanner.open(interFile, UTF8)) {
            AtomicHeader h = header(in);
            int uCol = requireTyped(in, h, "user_id", "token");
            int iCol = requireTyped(in, h, "item_id", "token");
            int rCol = optionalTyped(in, h, "rating", "float");
            int tCol = optionalTyped(in, h, "timestamp", "float");
            int cols = h.size();
            buf = new InteractionBuffer(1 << 16, rCol >= 0, tCol >= 0);
            while (in.next()) {
                if (in.split((byte) '\t') != cols) {
                    in.requireFields(cols, h.describe());
                }
                byte[] b = in.buffer();
                if (in.isEmpty(uCol) || in.isEmpty(iCol)) {
                    throw in.error(in.isEmpty(uCol) ? "user_id" : "item_id", "expected an id, got ''");
                }
                int u = users.intern(b, in.start(uCol), in.end(uCol));
                int i = items.intern(b, in.start(iCol), in.end(iCol));
                float r = rCol >= 0 ? in.parseFloat(rCol, "rating") : 0f;
                long t = tCol >= 0 ? (long) Math.floor(in.parseDouble(tCol, "timestamp")) : 0L;
                buf.add(u, i, r, t);
            }
        }
        buf.requireAny(interFile);
        List<FieldData> userFields = readSide(DataFiles.find(dir, name + ".user"), "user_id", users);
        List<FieldData> itemFields = readSide(DataFiles.find(dir, name + ".item"), "item_id", items);
        Dataset d = new Dataset(name, users.toIdMap(), items.toIdMap(), buf.users(), buf.items(), buf.ratings(), buf.times(), null,
                userFields, itemFields);
        LOG.debug("loaded {} from {} in {} ms", d, dir, (System.nanoTime() - t0) / 1_000_000);
        return d;
    }

    private static AtomicHeader header(LineScanner in) {
        AtomicHeader h = AtomicHeader.read(in);
        for (int f = 0; f < h.size(); f++) {
            if (!TYPES.contains(h.type(f))) {
                throw in.error(h.name(f), "unknown type '" + h.type(f) + "', expected one of token, token_seq, float, float_seq");
            }
        }
        return h;
    }

    private static int requireTyped(LineScanner in, AtomicHeader h, String name, String type) {
        int f = h.require(in, name);
        checkType(in, h, f, type);
        return f;
    }

    private static int optionalTyped(LineScanner in, AtomicHeader h, String name, String type) {
        int f = h.indexOf(name);
        if (f >= 0) {
            checkType(in, h, f, type);
        }
        return f;
    }

    private static void checkType(LineScanner in, AtomicHeader h, int f, String type) {
        if (!h.type(f).equals(type)) {
            throw in.error(h.name(f), "expected type " + type + ", got '" + h.type(f) + "'");
        }
    }

    private static List<FieldData> readSide(Optional<Path> file, String idName, IdInterner ids) {
        if (file.isEmpty()) {
            return List.of();
        }
        int n = ids.size();
        long[] lineOf = new long[n];
        int skipped = 0;
        List<SideColumn> columns = new ArrayList<>();
        try (LineScanner in = LineScanner.open(file.get(), UTF8)) {
            AtomicHeader h = header(in);
            int idCol = requireTyped(in, h, idName, "token");
            int[] colOf = new int[h.size()];
            for (int f = 0; f < h.size(); f++) {
                if (f != idCol) {
                    colOf[f] = columns.size();
                    columns.add(SideColumn.of(h.name(f), h.type(f), n));
                }
            }
            int cols = h.size();
            while (in.next()) {
                if (in.split((byte) '\t') != cols) {
                    in.requireFields(cols, h.describe());
                }
                int id = ids.find(in.buffer(), in.start(idCol), in.end(idCol));
                if (id < 0) {
                    skipped++; // no interactions: not part of the dataset
                    continue;
                }
                if (lineOf[id] != 0) {
                    throw in.error(idName, "duplicate id '" + in.string(idCol) + "' (first at line " + lineOf[id] + ")");
                }
                lineOf[id] = in.lineNumber();
                for (int f = 0; f < cols; f++) {
                    if (f != idCol) {
                        columns.get(colOf[f]).read(in, f, id);
                    }
                }
            }
            List<FieldData> out = new ArrayList<>(columns.size());
            for (SideColumn c : columns) {
                out.add(c.build(in));
            }
            if (skipped > 0) {
                LOG.debug("{}: skipped {} rows whose id has no interactions", file.get(), skipped);
            }
            return out;
        }
    }

    /** Collects one side-file column by internal id (rows arrive in any order). */
    private abstract static class SideColumn {
        final String name;

        SideColumn(String name) {
            this.name = name;
        }

        static SideColumn of(String name, String type, int rows) {
            return switch (type) {
                case "token" -> new Token(name, rows);
                case "token_seq" -> new TokenSeq(name, rows);
                case "float" -> new Floats(name, rows);
                default -> new FloatSeq(name, rows);
            };
        }

        abstract void read(LineScanner in, int field, int id);

        abstract FieldData build(LineScanner in);
    }

    private static final class Token extends SideColumn {
        private final int[] values;
        private final IdMap.Builder vocab = new IdMap.Builder();

        Token(String name, int rows) {
            super(name);
            values = new int[rows];
            Arrays.fill(values, Column.MISSING);
        }

        @Override
        void read(LineScanner in, int field, int id) {
            if (!in.isEmpty(field)) {
                values[id] = vocab.intern(in.string(field));
            }
        }

        @Override
        FieldData build(LineScanner in) {
            return new FieldData.Categorical(name, values, vocab.build());
        }
    }

    private static final class TokenSeq extends SideColumn {
        private final IdMap.Builder vocab = new IdMap.Builder();
        private final int[][] ids;

        TokenSeq(String name, int rows) {
            super(name);
            ids = new int[rows][];
        }

        @Override
        void read(LineScanner in, int field, int id) {
            String s = in.string(field);
            IntList l = new IntList(8);
            int from = 0;
            for (int i = 0; i <= s.length(); i++) {
                if (i == s.length() || s.charAt(i) == ' ') {
                    if (i > from) {
                        l.add(vocab.intern(s.substring(from, i)));
                    }
                    from = i + 1;
                }
            }
            ids[id] = l.toArray();
        }

        @Override
        FieldData build(LineScanner in) {
            int[] offsets = new int[ids.length + 1];
            for (int r = 0; r < ids.length; r++) {
                offsets[r + 1] = offsets[r] + (ids[r] == null ? 0 : ids[r].length);
            }
            int[] v = new int[offsets[ids.length]];
            for (int r = 0; r < ids.length; r++) {
                if (ids[r] != null) {
                    System.arraycopy(ids[r], 0, v, offsets[r], ids[r].length);
                }
            }
            return new FieldData.MultiCategorical(name, offsets, v, vocab.build());
        }
    }

    private static final class Floats extends SideColumn {
        private final float[] values;

        Floats(String name, int rows) {
            super(name);
            values = new float[rows];
        }

        @Override
        void read(LineScanner in, int field, int id) {
            if (!in.isEmpty(field)) {
                values[id] = in.parseFloat(field, name);
            }
        }

        @Override
        FieldData build(LineScanner in) {
            return new FieldData.Dense(name, values, 1);
        }
    }

    private static final class FloatSeq extends SideColumn {
        private final float[][] values;
        private final FloatList scratch = new FloatList(64);
        private int dim = -1;
        private long dimLine;

        FloatSeq(String name, int rows) {
            super(name);
            values = new float[rows][];
        }

        @Override
        void read(LineScanner in, int field, int id) {
            scratch.truncate(0);
            int n = in.parseFloats(field, (byte) ' ', name, scratch);
            if (n == 0) {
                return;
            }
            if (dim < 0) {
                dim = n;
                dimLine = in.lineNumber();
            } else if (n != dim) {
                throw in.error(name, "expected " + dim + " values (as on line " + dimLine + "), got " + n);
            }
            values[id] = scratch.toArray();
        }

        @Override
        FieldData build(LineScanner in) {
            if (dim < 0) {
                throw new DataFormatException(in.file(), 0, name, "float_seq column has no values in any row, so its width is unknown");
            }
            float[] flat = new float[values.length * dim];
            for (int r = 0; r < values.length; r++) {
                if (values[r] != null) {
                    System.arraycopy(values[r], 0, flat, r * dim, dim);
                }
            }
            return new FieldData.Dense(name, flat, dim);
        }
    }
}
