package io.mic.spi;

import java.util.Objects;

/**
 * A row-major float matrix of entity vectors: {@code rows x dim} in {@code values}. A multi-interest
 * encoder emits {@code interests} consecutive rows per entity, so {@code rows = entities x interests}.
 *
 * <p>The array is owned by the producer; consumers read it and must not mutate it unless the
 * producer's contract says they own it.
 */
public record Vectors(float[] values, int rows, int dim, int interests) {
    public Vectors {
        Objects.requireNonNull(values, "values");
        if (dim <= 0 || interests <= 0 || rows < 0) {
            throw new IllegalArgumentException("bad shape rows=" + rows + " dim=" + dim + " interests=" + interests);
        }
        if ((long) rows * dim != values.length) {
            throw new IllegalArgumentException("values.length " + values.length + " != rows " + rows + " x dim " + dim);
        }
        if (rows % interests != 0) {
            throw new IllegalArgumentException("rows " + rows + " is not a multiple of interests " + interests);
        }
    }

    /** One vector per entity. */
    public static Vectors of(float[] values, int dim) {
        return new Vectors(values, values.length / dim, dim, 1);
    }

    /** Number of entities ({@code rows / interests}). */
    public int entities() {
        return rows / interests;
    }

    /** Offset of row {@code r} in {@link #values}. */
    public int offset(int row) {
        return row * dim;
    }

    /** Dot product of row {@code r} with {@code q[qOffset .. qOffset+dim)}. */
    public float dot(int row, float[] q, int qOffset) {
        int o = row * dim;
        float s = 0f;
        for (int i = 0; i < dim; i++) {
            s += values[o + i] * q[qOffset + i];
        }
        return s;
    }

    /** A copy of row {@code r}. */
    public float[] row(int r) {
        float[] out = new float[dim];
        System.arraycopy(values, r * dim, out, 0, dim);
        return out;
    }
}
