package io.mic.core.data;

import io.mic.spi.Column;
import io.mic.spi.FieldKind;
import io.mic.spi.FieldSpec;
import java.util.Objects;

/**
 * Values of one user or item field for every user (or item) of a dataset, row = internal id.
 * Arrays are owned by the dataset and must not be mutated.
 */
public sealed interface FieldData permits FieldData.Categorical, FieldData.MultiCategorical, FieldData.Text, FieldData.Dense {

    String name();

    FieldKind kind();

    /** Number of rows (users or items). */
    int rows();

    /** The plugin-facing description. */
    FieldSpec spec();

    /** A copy restricted to {@code rows} (old ids, in new-id order), for filtering. */
    FieldData select(int[] rows);

    /** One value id per row ({@link Column#MISSING} when absent); {@code vocab} maps value ids to their text. */
    record Categorical(String name, int[] values, IdMap vocab) implements FieldData {
        public Categorical {
            Objects.requireNonNull(name);
            Objects.requireNonNull(values);
            Objects.requireNonNull(vocab);
        }

        @Override
        public FieldKind kind() {
            return FieldKind.CATEGORICAL;
        }

        @Override
        public int rows() {
            return values.length;
        }

        @Override
        public FieldSpec spec() {
            return new FieldSpec(name, FieldKind.CATEGORICAL, vocab.size(), 0);
        }

        @Override
        public FieldData select(int[] rows) {
            int[] v = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                v[i] = values[rows[i]];
            }
            return new Categorical(name, v, vocab);
        }
    }

    /** Zero or more value ids per row, CSR ({@code offsets.length == rows + 1}). */
    record MultiCategorical(String name, int[] offsets, int[] values, IdMap vocab) implements FieldData {
        public MultiCategorical {
            Objects.requireNonNull(name);
            new Column.MultiIds(offsets, values); // validates the CSR shape
            Objects.requireNonNull(vocab);
        }

        @Override
        public FieldKind kind() {
            return FieldKind.MULTI_CATEGORICAL;
        }

        @Override
        public int rows() {
            return offsets.length - 1;
        }

        @Override
        public FieldSpec spec() {
            return new FieldSpec(name, FieldKind.MULTI_CATEGORICAL, vocab.size(), 0);
        }

        @Override
        public FieldData select(int[] rows) {
            int[] o = new int[rows.length + 1];
            for (int i = 0; i < rows.length; i++) {
                o[i + 1] = o[i] + offsets[rows[i] + 1] - offsets[rows[i]];
            }
            int[] v = new int[o[rows.length]];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(values, offsets[rows[i]], v, o[i], o[i + 1] - o[i]);
            }
            return new MultiCategorical(name, o, v, vocab);
        }
    }

    /** Free text per row ({@code ""} when absent). */
    record Text(String name, String[] values) implements FieldData {
        public Text {
            Objects.requireNonNull(name);
            Objects.requireNonNull(values);
        }

        @Override
        public FieldKind kind() {
            return FieldKind.TEXT;
        }

        @Override
        public int rows() {
            return values.length;
        }

        @Override
        public FieldSpec spec() {
            return new FieldSpec(name, FieldKind.TEXT, 0, 0);
        }

        @Override
        public FieldData select(int[] rows) {
            String[] v = new String[rows.length];
            for (int i = 0; i < rows.length; i++) {
                v[i] = values[rows[i]];
            }
            return new Text(name, v);
        }
    }

    /** A {@code rows x dim} row-major float block (precomputed features). */
    record Dense(String name, float[] values, int dim) implements FieldData {
        public Dense {
            Objects.requireNonNull(name);
            new Column.Dense(values, dim); // validates the shape
        }

        @Override
        public FieldKind kind() {
            return FieldKind.DENSE;
        }

        @Override
        public int rows() {
            return values.length / dim;
        }

        @Override
        public FieldSpec spec() {
            return new FieldSpec(name, FieldKind.DENSE, 0, dim);
        }

        @Override
        public FieldData select(int[] rows) {
            float[] v = new float[rows.length * dim];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(values, rows[i] * dim, v, i * dim, dim);
            }
            return new Dense(name, v, dim);
        }
    }
}
