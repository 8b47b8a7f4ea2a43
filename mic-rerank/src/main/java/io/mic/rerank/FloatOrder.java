package io.mic.rerank;

/**
 * Floats as ints that order like them: {@code sortable(a) < sortable(b)} exactly when {@code a < b}
 * (for non-NaN values; -0 sorts below +0). Integer comparisons and min/max compile to conditional
 * moves, float ones on x86 to branches or long dependency chains, so the rerankers' branch-free
 * passes and packed keys work in this form.
 */
final class FloatOrder {
    private FloatOrder() {
    }

    static int sortable(float v) {
        int bits = Float.floatToRawIntBits(v);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    /** The inverse of {@link #sortable} (the mapping is its own inverse on the bits). */
    static float fromSortable(int s) {
        return Float.intBitsToFloat(s ^ ((s >> 31) & 0x7FFFFFFF));
    }
}
