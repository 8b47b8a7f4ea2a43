package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/**
 * XSimGCL's perturbed propagation against dense brute force: without noise the three views are
 * {@code (Â + ... + Â^K)/K · E0}, {@code E0} and {@code Â^l* E0}, and the adjoint is their transpose;
 * with noise every row of a layer moves by exactly {@code eps} in L2, along the signs of the
 * propagated row, freshly per call and reproducibly per seed. Tolerance 1e-5 as in
 * {@link PropagationTest}.
 */
class PerturbedPropagationTest {
    private static final int DIM = 4;

    @Test
    void withoutNoiseTheViewsAreTheMeanOfLayersOneToKLayerZeroAndLayerLStar() {
        TinyGraph t = new TinyGraph(7, 9, 3, 11);
        NormalizedGraph g = NormalizedGraph.of(t.train, 1);
        float[] e0 = PropagationTest.random(g.nodes * DIM, 5);
        double[][] a = t.normalizedAdjacency();
        int n = g.nodes * DIM;
        for (int layers = 1; layers <= 3; layers++) {
            for (int cl = 1; cl <= layers; cl++) {
                float[] out = new float[3 * n];
                new PerturbedPropagation(g, layers, DIM, null, 0, cl, 1).forward(e0, out);
                double[] mean = new double[n];
                double[] layer = PropagationTest.toDouble(e0);
                double[] clView = null;
                for (int k = 1; k <= layers; k++) {
                    layer = TinyGraph.apply(a, layer, DIM);
                    for (int i = 0; i < n; i++) {
                        mean[i] += layer[i] / layers;
                    }
                    if (k == cl) {
                        clView = layer;
                    }
                }
                float[] clean = new float[n];
                new PerturbedPropagation(g, layers, DIM, null, 0.5, cl, 1).clean(e0, clean);
                for (int i = 0; i < n; i++) {
                    assertThat((double) out[i]).as("K %d: F[%d]", layers, i).isCloseTo(mean[i], offset(1e-5));
                    assertThat(out[n + i]).isEqualTo(e0[i]);
                    assertThat((double) out[2 * n + i]).as("K %d l* %d: E_l*[%d]", layers, cl, i).isCloseTo(clView[i], offset(1e-5));
                    assertThat(clean[i]).as("clean() is the noiseless F").isEqualTo(out[i]);
                }
            }
        }
    }

    @Test
    void adjointIsTheTransposeOfTheLinearPart() {
        TinyGraph t = new TinyGraph(6, 8, 4, 3);
        NormalizedGraph g = NormalizedGraph.of(t.train, 1);
        for (int cl = 1; cl <= 3; cl++) {
            PerturbedPropagation p = new PerturbedPropagation(g, 3, DIM, null, 0, cl, 1);
            float[] x = PropagationTest.random(g.nodes * DIM, 1);
            float[] y = PropagationTest.random(3 * g.nodes * DIM, 2 + cl);
            float[] ax = new float[y.length];
            float[] aty = new float[x.length];
            p.forward(x, ax);
            p.adjoint(y, aty);
            assertThat(PropagationTest.dot(ax, y)).as("l* %d", cl).isCloseTo(PropagationTest.dot(x, aty), offset(1e-4));
        }
    }

    @Test
    void noiseMovesEveryPropagatedRowByEpsAlongItsSignsFreshlyPerCallAndReproduciblyPerSeed() {
        TinyGraph t = new TinyGraph(7, 9, 3, 11);
        NormalizedGraph g = NormalizedGraph.of(t.train, 1);
        float[] e0 = PropagationTest.random(g.nodes * DIM, 5);
        int n = g.nodes * DIM;
        double eps = 0.3;
        PerturbedPropagation noisy = new PerturbedPropagation(g, 1, DIM, null, eps, 1, 42);
        float[] first = new float[3 * n];
        float[] second = new float[3 * n];
        noisy.forward(e0, first);
        noisy.forward(e0, second);
        double[] clean = TinyGraph.apply(t.normalizedAdjacency(), PropagationTest.toDouble(e0), DIM);
        int isolatedRows = 0;
        for (int row = 0; row < g.nodes; row++) {
            boolean isolated = g.offsets[row] == g.offsets[row + 1];
            isolatedRows += isolated ? 1 : 0;
            double sq = 0;
            for (int c = 0; c < DIM; c++) {
                int i = row * DIM + c;
                double delta = first[i] - clean[i];
                sq += delta * delta;
                if (!isolated) {
                    assertThat(Math.signum(delta)).as("row %d col %d follows the sign of Â E0", row, c).isEqualTo(Math.signum(clean[i]));
                }
                assertThat(first[2 * n + i]).as("K = l* = 1: the contrastive view is the noisy layer").isEqualTo(first[i]);
                assertThat(first[n + i]).isEqualTo(e0[i]);
            }
            // an isolated node's propagated row is 0, whose sign is 0: no noise, as in the reference (torch.sign)
            assertThat(Math.sqrt(sq)).as("row %d moved by eps", row).isCloseTo(isolated ? 0 : eps, offset(1e-5));
        }
        assertThat(isolatedRows).as("TinyGraph leaves its last item isolated").isPositive();
        assertThat(second).as("each call draws fresh noise").isNotEqualTo(first);
        float[] replay = new float[3 * n];
        new PerturbedPropagation(g, 1, DIM, null, eps, 1, 42).forward(e0, replay);
        assertThat(replay).as("same seed, same first draw").isEqualTo(first);
    }

    @Test
    void refusesAContrastiveLayerOutsideOneToK() {
        NormalizedGraph g = NormalizedGraph.of(new TinyGraph(3, 4, 2, 1).train, 1);
        assertThatThrownBy(() -> new PerturbedPropagation(g, 2, DIM, null, 0.1, 3, 1)).hasMessageContaining("cl_layer 3");
        assertThatThrownBy(() -> new PerturbedPropagation(g, 2, DIM, null, Double.NaN, 1, 1)).hasMessageContaining("eps");
    }
}
