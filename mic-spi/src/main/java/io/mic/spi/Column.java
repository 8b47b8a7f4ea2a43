package io.mic.spi;

import java.util.Objects;

/**
 * One column of a {@link FeatureBatch}. Arrays are shared, never copied, and must not be
 * mutated once the column is built: augmenters produce new arrays.
 */
public sealed interface Column permits Column.Ids, Column.MultiIds, Column.Dense {

    /** Marks an absent or masked categorical value. */
    int MISSING = -1;

    /** Number of rows. */
    int rows();

    /** One id per row ({@link #MISSING} allowed). */
    record Ids(int[] values) implements Column {
        public Ids {
            Objects.requireNonNull(values, "values");
        }

        @Override
        public int rows() {
            return values.length;
        }
    }

    /**
     * Variable-length ids per row, CSR: row {@code r} holds {@code values[offsets[r] .. offsets[r+1])}.
     * {@code offsets.length == rows + 1}, {@code offsets[0] == 0}, non-decreasing.
     */
    record MultiIds(int[] offsets, int[] values) implements Column {
        public MultiIds {
            Objects.requireNonNull(offsets, "offsets");
            Objects.requireNonNull(values, "values");
            if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != values.length) {
                throw new IllegalArgumentException("CSR offsets must start at 0 and end at values.length");
            }
        }

        @Override
        public int rows() {
            return offsets.length - 1;
        }

        public int length(int row) {
            return offsets[row + 1] - offsets[row];
        }
    }

    /** A row-major {@code rows x dim} float block. */
    record Dense(float[] values, int dim) implements Column {
        public Dense {
            Objects.requireNonNull(values, "values");
            if (dim <= 0 || values.length % dim != 0) {
                throw new IllegalArgumentException("dense column: length " + values.length + " is not a multiple of dim " + dim);
            }
        }

        @Override
        public int rows() {
            return values.length / dim;
        }
    }
}
