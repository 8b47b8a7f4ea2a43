package io.mic.models.lightgcn;

import io.mic.models.tf.Initializer;
import io.mic.models.tf.ParamView;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * XSimGCL's propagation (Yu et al., TKDE'23) as the training graph's view of the layer-0 embeddings
 * {@code E0} ({@code nodes x dim}): every layer is {@code E_k = Â E_{k-1} + Δ_k}, where each row of
 * the noise {@code Δ_k} is a uniform random vector scaled to L2 norm {@code eps} and given the signs
 * of {@code Â E_{k-1}} (so it stays in the row's orthant: {@code sign(E) ⊙ normalize(U[0,1)^d) · eps}).
 * The view is {@code [F ; E0 ; E_l*]} ({@code 3 nodes x dim}): {@code F = (E_1 + ... + E_K) / K}
 * (layer 0 is not in the mean, as in XSimGCL) is what BPR and scores use, {@code E0} lets the loss
 * regularise the batch's layer-0 rows, and {@code E_l*} (layer {@code clLayer}) is the second view
 * of the cross-layer contrastive loss.
 *
 * <p>Gradient: the noise's derivative is zero almost everywhere (a sign times a constant), so the
 * map is affine with linear part {@code [M ; I ; Â^l*]}, {@code M = (Â + ... + Â^K) / K}, as autograd
 * sees it in the reference implementations. {@link #adjoint} applies its transpose ({@code Â} is
 * symmetric) with one Horner chain of {@code K} sparse products:
 * {@code g_E0 = Â(g_F/K + Â(g_F/K + ...)) + g_E0view}, adding {@code g_E_l*} where {@code l*}
 * products remain.
 *
 * <p>Noise: every {@link #forward} call draws fresh noise from its own generator, seeded by
 * {@code seed} and the call's number (calls are numbered in order, so a single-threaded run is
 * reproducible; a run resumed from a checkpoint draws a different, equally distributed sequence).
 * With {@code eps = 0} the view is linear and deterministic. {@link #clean} is the noiseless
 * {@code F} used for serving and evaluation.
 */
final class PerturbedPropagation implements ParamView {
    private final NormalizedGraph graph;
    private final int layers;
    private final int dim;
    private final ExecutorService pool;
    private final float eps;
    private final int clLayer;
    private final long seed;
    private final AtomicLong calls = new AtomicLong();

    /**
     * @param layers  K, at least 1
     * @param clLayer the layer l* of the contrastive view, {@code 1..layers}
     * @param eps     L2 norm of each row of the noise (0: none)
     */
    PerturbedPropagation(NormalizedGraph graph, int layers, int dim, ExecutorService pool, double eps, int clLayer, long seed) {
        if (layers < 1 || clLayer < 1 || clLayer > layers) {
            throw new IllegalArgumentException("need 1 <= cl_layer <= layers, got cl_layer " + clLayer + " and layers " + layers);
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and >= 0, got " + eps);
        }
        this.graph = graph;
        this.layers = layers;
        this.dim = dim;
        this.pool = pool;
        this.eps = (float) eps;
        this.clLayer = clLayer;
        this.seed = seed;
    }

    @Override
    public long[] shape() {
        return new long[] {3L * graph.nodes, dim};
    }

    @Override
    public void forward(float[] param, float[] out) {
        SplittableRandom noise = eps > 0 ? new SplittableRandom(Initializer.mix(seed + calls.getAndIncrement())) : null;
        propagate(param, out, noise, true);
    }

    /** {@code out[0, nodes*dim) = F} without noise: the vectors scores use. */
    void clean(float[] param, float[] out) {
        propagate(param, out, null, false);
    }

    private void propagate(float[] param, float[] out, SplittableRandom noise, boolean views) {
        int n = graph.nodes * dim;
        float[] cur = java.util.Arrays.copyOf(param, n);
        float[] next = new float[n];
        java.util.Arrays.fill(out, 0, n, 0f);
        float[] u = new float[dim];
        for (int k = 1; k <= layers; k++) {
            graph.multiply(cur, next, dim, pool);
            if (noise != null) {
                perturb(next, noise, u);
            }
            for (int i = 0; i < n; i++) {
                out[i] += next[i];
            }
            if (views && k == clLayer) {
                System.arraycopy(next, 0, out, 2 * n, n);
            }
            float[] t = cur;
            cur = next;
            next = t;
        }
        float s = 1f / layers;
        for (int i = 0; i < n; i++) {
            out[i] *= s;
        }
        if (views) {
            System.arraycopy(param, 0, out, n, n);
        }
    }

    /** Adds {@code sign(x) ⊙ normalize(U[0,1)^dim) · eps} to every row of {@code x}. */
    private void perturb(float[] x, SplittableRandom r, float[] u) {
        for (int row = 0; row < graph.nodes; row++) {
            double sq = 0;
            for (int c = 0; c < dim; c++) {
                u[c] = (float) r.nextDouble();
                sq += (double) u[c] * u[c];
            }
            float scale = (float) (eps / Math.max(Math.sqrt(sq), 1e-12));
            int base = row * dim;
            for (int c = 0; c < dim; c++) {
                x[base + c] += Math.signum(x[base + c]) * u[c] * scale;
            }
        }
    }

    @Override
    public void adjoint(float[] gradView, float[] gradParam) {
        int n = graph.nodes * dim;
        float s = 1f / layers;
        float[] acc = new float[n];
        float[] next = new float[n];
        for (int j = layers; j >= 1; j--) {
            for (int i = 0; i < n; i++) {
                acc[i] += s * gradView[i];
            }
            if (j == clLayer) {
                for (int i = 0; i < n; i++) {
                    acc[i] += gradView[2 * n + i];
                }
            }
            graph.multiply(acc, next, dim, pool);
            float[] t = acc;
            acc = next;
            next = t;
        }
        for (int i = 0; i < n; i++) {
            gradParam[i] = acc[i] + gradView[n + i];
        }
    }
}
