package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import io.mic.spi.FieldKind;
import io.mic.spi.FieldSpec;
import io.mic.spi.Schema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small seeded feature batches, deep copies and deep comparison (columns hold arrays, so records compare by identity). */
final class Batches {
    static final int USERS = 500;
    static final int ITEMS = 300;
    static final int TEXT_DIM = 4;

    /** MovieLens-like: users have gender, age, occupation; items have genres and a dense text feature. */
    static final Schema SCHEMA = new Schema(USERS, ITEMS,
            List.of(new FieldSpec("gender", FieldKind.CATEGORICAL, 2, 0), new FieldSpec("age", FieldKind.CATEGORICAL, 7, 0),
                    new FieldSpec("occupation", FieldKind.CATEGORICAL, 21, 0)),
            List.of(new FieldSpec("genres", FieldKind.MULTI_CATEGORICAL, 18, 0), new FieldSpec("title", FieldKind.DENSE, 0, TEXT_DIM)));

    private Batches() {
    }

    /** A user batch: id, gender, age (some missing), history (0..20 items), a dense column. */
    static FeatureBatch users(int rows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] id = new int[rows];
        int[] gender = new int[rows];
        int[] age = new int[rows];
        int[][] history = new int[rows][];
        float[] dense = new float[rows * TEXT_DIM];
        for (int r = 0; r < rows; r++) {
            id[r] = rnd.nextInt(USERS);
            gender[r] = rnd.nextInt(2);
            age[r] = rnd.nextInt(10) == 0 ? Column.MISSING : rnd.nextInt(7);
            history[r] = rnd.ints(rnd.nextInt(21), 0, ITEMS).toArray();
            for (int d = 0; d < TEXT_DIM; d++) {
                dense[r * TEXT_DIM + d] = (float) rnd.nextGaussian();
            }
        }
        Map<String, Column> cols = new LinkedHashMap<>();
        cols.put(FeatureBatch.ID, new Column.Ids(id));
        cols.put("gender", new Column.Ids(gender));
        cols.put("age", new Column.Ids(age));
        cols.put(FeatureBatch.HISTORY, multi(history));
        cols.put("title", new Column.Dense(dense, TEXT_DIM));
        return FeatureBatch.of(rows, cols);
    }

    /** An item batch: id, genres (1..3), recent users (0..5). */
    static FeatureBatch items(int rows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] id = new int[rows];
        int[][] genres = new int[rows][];
        int[][] recent = new int[rows][];
        for (int r = 0; r < rows; r++) {
            id[r] = rnd.nextInt(ITEMS);
            genres[r] = rnd.ints(1 + rnd.nextInt(3), 0, 18).toArray();
            recent[r] = rnd.ints(rnd.nextInt(6), 0, USERS).toArray();
        }
        Map<String, Column> cols = new LinkedHashMap<>();
        cols.put(FeatureBatch.ID, new Column.Ids(id));
        cols.put("genres", multi(genres));
        cols.put(FeatureBatch.RECENT_USERS, multi(recent));
        return FeatureBatch.of(rows, cols);
    }

    static Column.MultiIds multi(int[][] rows) {
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

    static int[] row(Column.MultiIds c, int r) {
        return Arrays.copyOfRange(c.values(), c.offsets()[r], c.offsets()[r + 1]);
    }

    /** A copy sharing no array with {@code b}. */
    static FeatureBatch deepCopy(FeatureBatch b) {
        Map<String, Column> cols = new LinkedHashMap<>();
        for (Map.Entry<String, Column> e : b.columns().entrySet()) {
            Column c = e.getValue();
            Column copy;
            if (c instanceof Column.Ids ids) {
                copy = new Column.Ids(ids.values().clone());
            } else if (c instanceof Column.MultiIds m) {
                copy = new Column.MultiIds(m.offsets().clone(), m.values().clone());
            } else {
                Column.Dense d = (Column.Dense) c;
                copy = new Column.Dense(d.values().clone(), d.dim());
            }
            cols.put(e.getKey(), copy);
        }
        return FeatureBatch.of(b.size(), cols);
    }

    /** Whether two batches hold the same columns, in the same order, with equal contents. */
    static boolean sameContent(FeatureBatch a, FeatureBatch b) {
        if (a.size() != b.size() || !List.copyOf(a.names()).equals(List.copyOf(b.names()))) {
            return false;
        }
        for (String name : a.names()) {
            if (!sameContent(a.column(name), b.column(name))) {
                return false;
            }
        }
        return true;
    }

    static boolean sameContent(Column a, Column b) {
        if (a instanceof Column.Ids x && b instanceof Column.Ids y) {
            return Arrays.equals(x.values(), y.values());
        }
        if (a instanceof Column.MultiIds x && b instanceof Column.MultiIds y) {
            return Arrays.equals(x.offsets(), y.offsets()) && Arrays.equals(x.values(), y.values());
        }
        if (a instanceof Column.Dense x && b instanceof Column.Dense y) {
            return x.dim() == y.dim() && Arrays.equals(x.values(), y.values());
        }
        return false;
    }

    static void assertSameContent(FeatureBatch actual, FeatureBatch expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        assertThat(List.copyOf(actual.names())).containsExactlyElementsOf(expected.names());
        for (String name : expected.names()) {
            assertThat(sameContent(actual.column(name), expected.column(name))).as("column '%s' content", name).isTrue();
        }
    }
}
