package io.mic.testkit;

import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Building, copying and comparing {@link FeatureBatch}es in tests. Columns hold arrays, so batches
 * and columns compare by identity; these helpers compare content and say where it differs.
 */
public final class FeatureBatches {
    private FeatureBatches() {
    }

    /** A CSR column with {@code rows[r]} as row {@code r}. */
    public static Column.MultiIds multi(int[][] rows) {
        int[] off = new int[rows.length + 1];
        for (int r = 0; r < rows.length; r++) {
            off[r + 1] = off[r] + rows[r].length;
        }
        int[] val = new int[off[rows.length]];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, val, off[r], rows[r].length);
        }
        return new Column.MultiIds(off, val);
    }

    /** A copy of row {@code r} of a CSR column. */
    public static int[] row(Column.MultiIds column, int r) {
        return Arrays.copyOfRange(column.values(), column.offsets()[r], column.offsets()[r + 1]);
    }

    /** The rows {@code rows} of {@code batch} (repeats allowed, empty allowed), same columns in the same order, new arrays. */
    public static FeatureBatch select(FeatureBatch batch, int[] rows) {
        Map<String, Column> cols = new LinkedHashMap<>();
        for (Map.Entry<String, Column> e : batch.columns().entrySet()) {
            Column c = e.getValue();
            Column out;
            if (c instanceof Column.Ids ids) {
                int[] v = new int[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    v[i] = ids.values()[rows[i]];
                }
                out = new Column.Ids(v);
            } else if (c instanceof Column.MultiIds m) {
                int[][] v = new int[rows.length][];
                for (int i = 0; i < rows.length; i++) {
                    v[i] = row(m, rows[i]);
                }
                out = multi(v);
            } else {
                Column.Dense d = (Column.Dense) c;
                float[] v = new float[rows.length * d.dim()];
                for (int i = 0; i < rows.length; i++) {
                    System.arraycopy(d.values(), rows[i] * d.dim(), v, i * d.dim(), d.dim());
                }
                out = new Column.Dense(v, d.dim());
            }
            cols.put(e.getKey(), out);
        }
        return FeatureBatch.of(rows.length, cols);
    }

    /** A copy of {@code batch} sharing no array with it. */
    public static FeatureBatch deepCopy(FeatureBatch batch) {
        int[] all = new int[batch.size()];
        Arrays.setAll(all, i -> i);
        return select(batch, all);
    }

    /** Whether two batches hold the same columns, in the same order, with equal contents. */
    public static boolean sameContent(FeatureBatch a, FeatureBatch b) {
        return difference(a, b) == null;
    }

    /**
     * Where {@code actual} first differs from {@code expected} ("column 'history': values[17] is 5,
     * expected 9"), or {@code null} when their contents are equal. Floats compare bit for bit.
     */
    public static String difference(FeatureBatch actual, FeatureBatch expected) {
        if (actual.size() != expected.size()) {
            return "size " + actual.size() + ", expected " + expected.size();
        }
        List<String> an = List.copyOf(actual.names());
        List<String> en = List.copyOf(expected.names());
        if (!an.equals(en)) {
            return "columns " + an + ", expected " + en;
        }
        for (String name : en) {
            String d = difference(actual.column(name), expected.column(name));
            if (d != null) {
                return "column '" + name + "': " + d;
            }
        }
        return null;
    }

    /** Where two columns first differ, or {@code null} when equal in kind, shape and content. */
    public static String difference(Column actual, Column expected) {
        if (actual.getClass() != expected.getClass()) {
            return "is " + actual.getClass().getSimpleName() + ", expected " + expected.getClass().getSimpleName();
        }
        if (actual instanceof Column.Ids x && expected instanceof Column.Ids y) {
            return difference("values", x.values(), y.values());
        }
        if (actual instanceof Column.MultiIds x && expected instanceof Column.MultiIds y) {
            String d = difference("offsets", x.offsets(), y.offsets());
            return d != null ? d : difference("values", x.values(), y.values());
        }
        Column.Dense x = (Column.Dense) actual;
        Column.Dense y = (Column.Dense) expected;
        if (x.dim() != y.dim()) {
            return "dim " + x.dim() + ", expected " + y.dim();
        }
        return difference("values", x.values(), y.values());
    }

    static String difference(String what, int[] a, int[] e) {
        if (a.length != e.length) {
            return what + " has length " + a.length + ", expected " + e.length;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != e[i]) {
                return what + "[" + i + "] is " + a[i] + ", expected " + e[i];
            }
        }
        return null;
    }

    static String difference(String what, float[] a, float[] e) {
        if (a.length != e.length) {
            return what + " has length " + a.length + ", expected " + e.length;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(e[i])) {
                return what + "[" + i + "] is " + a[i] + ", expected " + e[i];
            }
        }
        return null;
    }

    /** One line for messages: size and column names with kinds. */
    public static String describe(FeatureBatch batch) {
        StringBuilder sb = new StringBuilder("batch of ").append(batch.size()).append(" rows [");
        boolean first = true;
        for (Map.Entry<String, Column> e : batch.columns().entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append(':').append(e.getValue().getClass().getSimpleName());
            first = false;
        }
        return sb.append(']').toString();
    }
}
