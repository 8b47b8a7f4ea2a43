package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The Java propagation against dense brute force. Tolerance 1e-5: entries of Â^k E are sums of at
 * most (users + items) float products of magnitude <= 1, so float32 rounding stays near 1e-6; a
 * wrong normalisation or a missing layer changes entries by O(0.1).
 */
class PropagationTest {
    private static final int DIM = 4;

    @Test
    void forwardIsTheMeanOfLayerPowersOfTheNormalisedAdjacencyAndKeepsLayerZero() {
        TinyGraph t = new TinyGraph(7, 9, 3, 11);
        NormalizedGraph g = NormalizedGraph.of(t.train, 1);
        assertThat(g.nnz()).as("the repeated pair is one edge").isEqualTo(2 * distinctPairs(t));
        float[] e0 = random(g.nodes * DIM, 5);
        for (int layers = 0; layers <= 3; layers++) {
            float[] out = new float[2 * g.nodes * DIM];
            new Propagation(g, layers, DIM, null).forward(e0, out);
            double[] want = TinyGraph.apply(t.meanOfPowers(layers), toDouble(e0), DIM);
            for (int i = 0; i < want.length; i++) {
                assertThat((double) out[i]).as("layers %d, value %d", layers, i).isCloseTo(want[i], offset(1e-5));
                assertThat(out[want.length + i]).isEqualTo(e0[i]);
            }
        }
        // the isolated item keeps only its layer-0 share
        int isolated = (t.users + t.items - 1) * DIM;
        float[] out = new float[2 * g.nodes * DIM];
        new Propagation(g, 3, DIM, null).forward(e0, out);
        assertThat((double) out[isolated]).isCloseTo(e0[isolated] / 4.0, offset(1e-7));
    }

    @Test
    void adjointIsTheTransposeOfForward() {
        TinyGraph t = new TinyGraph(6, 8, 4, 3);
        NormalizedGraph g = NormalizedGraph.of(t.train, 1);
        Propagation p = new Propagation(g, 3, DIM, null);
        float[] x = random(g.nodes * DIM, 1);
        float[] y = random(2 * g.nodes * DIM, 2);
        float[] ax = new float[y.length];
        float[] aty = new float[x.length];
        p.forward(x, ax);
        p.adjoint(y, aty);
        assertThat(dot(ax, y)).isCloseTo(dot(x, aty), offset(1e-4));
    }

    @Test
    void threadedProductsEqualTheSingleThreadedOnes() {
        TinyGraph t = new TinyGraph(40, 30, 5, 9);
        float[] x = random((t.users + t.items) * DIM, 4);
        float[] one = new float[2 * x.length];
        float[] many = new float[2 * x.length];
        new Propagation(NormalizedGraph.of(t.train, 1), 3, DIM, null).forward(x, one);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            new Propagation(NormalizedGraph.of(t.train, 3), 3, DIM, pool).forward(x, many);
        } finally {
            pool.shutdownNow();
        }
        assertThat(many).containsExactly(one);
    }

    @Test
    void neighbourhoodCountsNodesWithinHopsByBreadthFirstSearch() {
        TinyGraph t = new TinyGraph(5, 6, 2, 7);
        NormalizedGraph g = NormalizedGraph.of(t.train, 1);
        double[][] a = t.normalizedAdjacency();
        boolean[] reach = new boolean[g.nodes];
        reach[0] = true;
        for (int h = 0; h < 2; h++) {
            boolean[] next = reach.clone();
            for (int i = 0; i < g.nodes; i++) {
                for (int j = 0; j < g.nodes; j++) {
                    if (reach[i] && a[i][j] != 0) {
                        next[j] = true;
                    }
                }
            }
            reach = next;
        }
        int want = 0;
        for (boolean b : reach) {
            want += b ? 1 : 0;
        }
        assertThat(g.neighbourhood(new int[] {0}, 2)).isEqualTo(want);
    }

    private static int distinctPairs(TinyGraph t) {
        int n = 0;
        for (int u = 0; u < t.users; u++) {
            n += (int) java.util.Arrays.stream(t.train.itemsOf(u)).distinct().count();
        }
        return n;
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
