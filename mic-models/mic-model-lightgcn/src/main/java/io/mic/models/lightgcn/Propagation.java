package io.mic.models.lightgcn;

import io.mic.models.tf.ParamView;
import java.util.concurrent.ExecutorService;

/**
 * LightGCN's propagation as the training graph's view of the layer-0 embeddings {@code E0}
 * ({@code nodes x dim}): the view is {@code [M E0 ; E0]} ({@code 2 nodes x dim}), where
 * {@code M = (I + Â + ... + Â^K) / (K + 1)} is the mean of the layer outputs {@code E_k = Â E_{k-1}}.
 * The top half is what scores use; the bottom half lets the loss regularise the batch's layer-0
 * rows. Since {@code Â} is symmetric, so is {@code M}, and the adjoint is
 * {@code g_E0 = M g_top + g_bottom}: the backward pass is the same propagation applied to the
 * gradient.
 *
 * <p>Cost per call: {@code K} sparse products over all {@code 2 |train|} non-zeros, split over the
 * pool's threads. {@link #forward} allocates its scratch per call, so it is safe from several
 * threads.
 */
final class Propagation implements ParamView {
    private final NormalizedGraph graph;
    private final int layers;
    private final int dim;
    private final ExecutorService pool;

    Propagation(NormalizedGraph graph, int layers, int dim, ExecutorService pool) {
        this.graph = graph;
        this.layers = layers;
        this.dim = dim;
        this.pool = pool;
    }

    @Override
    public long[] shape() {
        return new long[] {2L * graph.nodes, dim};
    }

    @Override
    public void forward(float[] param, float[] out) {
        int n = graph.nodes * dim;
        meanOfLayers(param, out);
        System.arraycopy(param, 0, out, n, n);
    }

    @Override
    public void adjoint(float[] gradView, float[] gradParam) {
        int n = graph.nodes * dim;
        float[] top = java.util.Arrays.copyOf(gradView, n);
        meanOfLayers(top, gradParam);
        for (int i = 0; i < n; i++) {
            gradParam[i] += gradView[n + i];
        }
    }

    /** {@code out[0, nodes*dim) = M x}; {@code x} is only read. */
    void meanOfLayers(float[] x, float[] out) {
        int n = graph.nodes * dim;
        float[] cur = new float[n];
        float[] next = new float[n];
        System.arraycopy(x, 0, cur, 0, n);
        System.arraycopy(x, 0, out, 0, n);
        for (int k = 0; k < layers; k++) {
            graph.multiply(cur, next, dim, pool);
            for (int i = 0; i < n; i++) {
                out[i] += next[i];
            }
            float[] t = cur;
            cur = next;
            next = t;
        }
        float s = 1f / (layers + 1);
        for (int i = 0; i < n; i++) {
            out[i] *= s;
        }
    }
}
