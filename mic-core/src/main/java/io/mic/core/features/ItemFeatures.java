package io.mic.core.features;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A table of item feature vectors keyed by external id: {@code ids[i]} owns row {@code i} of the
 * row-major {@code values} ({@code ids.length x dim}). What a feature file holds.
 *
 * <p>Immutable by convention: the arrays are shared, never mutated after construction. Thread-safe.
 */
public final class ItemFeatures {
    private final String[] ids;
    private final float[] values;
    private final int dim;
    private final Map<String, Integer> index;

    /**
     * @throws IllegalArgumentException on a shape mismatch or a duplicate id
     */
    public ItemFeatures(String[] ids, float[] values, int dim) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(values, "values");
        if (dim <= 0 || (long) ids.length * dim != values.length) {
            throw new IllegalArgumentException("features: " + ids.length + " ids x dim " + dim + " != " + values.length + " values");
        }
        this.ids = ids;
        this.values = values;
        this.dim = dim;
        this.index = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            Integer prev = index.put(Objects.requireNonNull(ids[i], "id"), i);
            if (prev != null) {
                throw new IllegalArgumentException("features: id '" + ids[i] + "' at rows " + prev + " and " + i);
            }
        }
    }

    public int rows() {
        return ids.length;
    }

    public int dim() {
        return dim;
    }

    /** The ids (shared, read-only). */
    public String[] ids() {
        return ids;
    }

    /** Row-major values (shared, read-only). */
    public float[] values() {
        return values;
    }

    /** Row of {@code id}, or -1. */
    public int rowOf(String id) {
        Integer r = index.get(id);
        return r == null ? -1 : r;
    }

    /** Copies row {@code row} into {@code out[off, off + dim)}. */
    public void copyRow(int row, float[] out, int off) {
        System.arraycopy(values, row * dim, out, off, dim);
    }
}
