package io.mic.core.data;

import io.mic.spi.Column;
import java.util.Arrays;

/** Row-by-row builders for categorical fields; vocabulary ids are assigned in first-seen order. */
final class FieldBuilders {
    private FieldBuilders() {
    }

    /** One value per row; null or empty means {@link Column#MISSING}. */
    static final class Categorical {
        private final String name;
        private final IdMap.Builder vocab = new IdMap.Builder();
        private int[] values;
        private int rows;

        Categorical(String name, int expectedRows) {
            this.name = name;
            this.values = new int[Math.max(16, expectedRows)];
        }

        void add(String value) {
            if (rows == values.length) {
                values = Arrays.copyOf(values, rows * 2);
            }
            values[rows++] = value == null || value.isEmpty() ? Column.MISSING : vocab.intern(value);
        }

        int rows() {
            return rows;
        }

        FieldData.Categorical build() {
            return new FieldData.Categorical(name, Arrays.copyOf(values, rows), vocab.build());
        }
    }

    /** Zero or more values per row: {@link #value} any number of times, then {@link #endRow}. */
    static final class MultiCategorical {
        private final String name;
        private final IdMap.Builder vocab = new IdMap.Builder();
        private int[] offsets;
        private int[] values = new int[64];
        private int rows;
        private int size;

        MultiCategorical(String name, int expectedRows) {
            this.name = name;
            this.offsets = new int[Math.max(16, expectedRows) + 1];
        }

        void value(String v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = vocab.intern(v);
        }

        void endRow() {
            if (rows + 1 == offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[++rows] = size;
        }

        int rows() {
            return rows;
        }

        FieldData.MultiCategorical build() {
            return new FieldData.MultiCategorical(name, Arrays.copyOf(offsets, rows + 1), Arrays.copyOf(values, size), vocab.build());
        }
    }
}
