package io.mic.models.tf;

/**
 * A Java-side linear map through which a training graph sees a {@link DenseParam}: the graph is
 * fed {@code A · values} (shape {@link #shape()}) instead of the values, and the gradient it returns
 * w.r.t. that view is mapped back with the adjoint, {@code g_param = Aᵀ · g_view}, before clipping
 * and the optimizer step. Graph propagation (LightGCN's normalised-adjacency layers) runs here, in
 * plain Java over CSR arrays, where TF Java 1.1 has no sparse-matmul gradient.
 *
 * <p>Contract: {@link #forward} and {@link #adjoint} are the same linear map and its transpose
 * ({@code <A x, y> = <x, Aᵀ y>}); neither keeps the arrays. {@link #forward} may be called from
 * several threads (forward runs); {@link #adjoint} only from the trainer's thread.
 */
public interface ParamView {

    /** Shape of the view the graph sees (a copy). */
    long[] shape();

    /** Writes {@code A · param} into {@code out} (length = product of {@link #shape()}), overwriting it. */
    void forward(float[] param, float[] out);

    /** Writes {@code Aᵀ · gradView} into {@code gradParam} (length = the parameter's size), overwriting it. */
    void adjoint(float[] gradView, float[] gradParam);

    /** Number of values of the view. */
    default int size() {
        long n = 1;
        for (long d : shape()) {
            n *= d;
        }
        return Math.toIntExact(n);
    }
}
