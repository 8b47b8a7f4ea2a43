package io.mic.retrieval.index;

/** Dot products and normalisation over flat row-major matrices. */
public final class VectorMath {
    private VectorMath() {
    }

    /**
     * {@code a[ao .. ao+dim) · b[bo .. bo+dim)} summed in dimension order,
     * {@code ((a0 b0 + a1 b1) + a2 b2) + ...}: the order {@link ExactIndex}'s vectorised tile scan
     * uses, so a score recomputed here (the {@code hnsw} index's results) is bit-identical to the
     * exact index's score of the same row.
     */
    public static float dot(float[] a, int ao, float[] b, int bo, int dim) {
        if (dim == 0) {
            return 0f;
        }
        float s = a[ao] * b[bo];
        for (int i = 1; i < dim; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** Euclidean norm of {@code a[ao .. ao+dim)}. */
    public static float norm(float[] a, int ao, int dim) {
        return (float) Math.sqrt(dot(a, ao, a, ao, dim));
    }

    /**
     * Copies {@code src[so .. so+dim)} into {@code dst[do_ .. do_+dim)} scaled to unit length; a zero
     * vector stays zero (its cosine with anything is then 0, not NaN).
     */
    public static void normalizeInto(float[] src, int so, float[] dst, int dOff, int dim) {
        float n = norm(src, so, dim);
        float inv = n == 0f ? 0f : 1f / n;
        for (int i = 0; i < dim; i++) {
            dst[dOff + i] = src[so + i] * inv;
        }
    }

    /** A unit-normalised copy of every row of {@code values} ({@code rows x dim}). */
    public static float[] normalizedRows(float[] values, int rows, int dim) {
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            normalizeInto(values, r * dim, out, r * dim, dim);
        }
        return out;
    }
}
