package io.mic.retrieval.index;

/** Dot products and normalisation over flat row-major matrices. */
public final class VectorMath {
    private VectorMath() {
    }

    /** {@code a[ao .. ao+dim) · b[bo .. bo+dim)}, four accumulators so the JIT can pipeline. */
    public static float dot(float[] a, int ao, float[] b, int bo, int dim) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (int end = dim - 3; i < end; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < dim; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Dot products of two consecutive rows {@code a[ao ..)} and {@code a[ao+dim ..)} with
     * {@code b[bo .. bo+dim)} into {@code out[o]} and {@code out[o+1]}: the same arithmetic per row
     * as {@link #dot} (bit-identical results), but each load of {@code b} serves both rows and the
     * eight accumulators are independent, so the scan of a matrix does fewer loads per row and
     * keeps more adds in flight.
     */
    public static void dot2(float[] a, int ao, float[] b, int bo, int dim, float[] out, int o) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float t0 = 0f;
        float t1 = 0f;
        float t2 = 0f;
        float t3 = 0f;
        final int a1 = ao + dim;
        int i = 0;
        for (int end = dim - 3; i < end; i += 4) {
            float b0 = b[bo + i];
            float b1 = b[bo + i + 1];
            float b2 = b[bo + i + 2];
            float b3 = b[bo + i + 3];
            s0 += a[ao + i] * b0;
            t0 += a[a1 + i] * b0;
            s1 += a[ao + i + 1] * b1;
            t1 += a[a1 + i + 1] * b1;
            s2 += a[ao + i + 2] * b2;
            t2 += a[a1 + i + 2] * b2;
            s3 += a[ao + i + 3] * b3;
            t3 += a[a1 + i + 3] * b3;
        }
        for (; i < dim; i++) {
            s0 += a[ao + i] * b[bo + i];
            t0 += a[a1 + i] * b[bo + i];
        }
        out[o] = (s0 + s1) + (s2 + s3);
        out[o + 1] = (t0 + t1) + (t2 + t3);
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
