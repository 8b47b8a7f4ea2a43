package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.mic.core.data.WarmItems;
import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepResult;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One real training step (Java propagation forward, TF BPR + L2 graph, gradient mapped back by the
 * propagation, SGD with lr 1 so the update is minus the gradient) against central finite
 * differences of the same loss computed independently in double precision with the dense
 * brute-force {@code M}. Tolerance {@code 2e-5 + 1e-3 |g|}: the step runs in float32 (relative
 * rounding ~1e-7 over sums of tens of terms, so errors stay below 1e-5), the double-precision
 * central difference with h = 1e-6 is exact to ~1e-9; a wrong or missing term (the backward
 * propagation, the L2 part, a layer) is O(|g|).
 */
class GradientTest {
    private static final int DIM = 3;

    @Test
    void stepGradientMatchesFiniteDifferencesOfTheLoss() {
        TinyGraph t = new TinyGraph(5, 6, 3, 21);
        int layers = 2;
        double l2 = 0.3;
        NormalizedGraph g = NormalizedGraph.of(t.train, 1);
        Propagation prop = new Propagation(g, layers, DIM, null);
        TrainerSettings s = new TrainerSettings(1, 8, "sgd", 1, "constant", 0, 0, "recall@10", null, false, 1);
        LightGcnModel model = new LightGcnModel("lightgcn", DIM, layers, l2, 100, s, 1, Progress.NOOP);
        DenseParam table = DenseParam.create(LightGcnModel.PARAM, Optimizer.sgd(), new Initializer.Normal(0.7), 5, g.nodes, DIM);
        double[][] m = t.meanOfPowers(layers);
        try (LightGcnModel.Step step = model.new Step(t.train, WarmItems.all(t.train.numItems()), g, prop, table)) {
            int b = 8;
            int[] order = new int[step.examples()];
            for (int i = 0; i < order.length; i++) {
                order[i] = order.length - 1 - i;
            }
            Feeds f = step.graph().newFeeds();
            step.feed(f, order, 0, b, new SplittableRandom(77));
            SplittableRandom replay = new SplittableRandom(77);
            int[] u = new int[b];
            int[] p = new int[b];
            int[] n = new int[b];
            for (int r = 0; r < b; r++) {
                u[r] = step.exUser[order[r]];
                p[r] = g.users + step.exItem[order[r]];
                n[r] = g.users + step.negative(u[r], replay);
            }
            double[] e0 = PropagationTest.toDouble(table.values());
            float[] before = table.values().clone();
            StepResult res = step.graph().train(f, 1f, 0, 0);
            assertThat(res.loss()).isCloseTo(loss(m, e0, u, p, n, l2), offset(1e-5));
            float[] after = table.values();
            double h = 1e-6;
            for (int k = 0; k < e0.length; k++) {
                double orig = e0[k];
                e0[k] = orig + h;
                double fp = loss(m, e0, u, p, n, l2);
                e0[k] = orig - h;
                double fm = loss(m, e0, u, p, n, l2);
                e0[k] = orig;
                double numeric = (fp - fm) / (2 * h);
                double step1 = (double) before[k] - after[k];
                assertThat(step1).as("d loss / d E0[%d] (row %d)", k, k / DIM).isCloseTo(numeric, offset(2e-5 + 1e-3 * Math.abs(numeric)));
            }
        }
    }

    private static double loss(double[][] m, double[] e0, int[] u, int[] p, int[] n, double l2) {
        double[] f = TinyGraph.apply(m, e0, DIM);
        double bpr = 0;
        double reg = 0;
        for (int r = 0; r < u.length; r++) {
            double diff = dot(f, n[r], u[r]) - dot(f, p[r], u[r]);
            bpr += Math.max(diff, 0) + Math.log1p(Math.exp(-Math.abs(diff)));
            reg += dot(e0, u[r], u[r]) + dot(e0, p[r], p[r]) + dot(e0, n[r], n[r]);
        }
        return bpr / u.length + l2 / 2 * reg / u.length;
    }

    private static double dot(double[] x, int a, int b) {
        double s = 0;
        for (int c = 0; c < DIM; c++) {
            s += x[a * DIM + c] * x[b * DIM + c];
        }
        return s;
    }

    @Test
    void negativesAreNeverTheUsersTrainingItems() {
        TinyGraph t = new TinyGraph(30, 12, 8, 4);
        NormalizedGraph g = NormalizedGraph.of(t.train, 1);
        TrainerSettings s = new TrainerSettings(1, 8, "adam", 1e-3, "constant", 0, 0, "recall@10", null, false, 1);
        LightGcnModel model = new LightGcnModel("lightgcn", DIM, 1, 0, 100, s, 1, Progress.NOOP);
        DenseParam table = DenseParam.create(LightGcnModel.PARAM, Optimizer.adam(), Initializer.zeros(), 5, g.nodes, DIM);
        SplittableRandom r = new SplittableRandom(3);
        int drawsOfSeen = 0;
        try (LightGcnModel.Step step = model.new Step(t.train, WarmItems.all(t.train.numItems()), g, new Propagation(g, 1, DIM, null), table)) {
            for (int user = 0; user < t.users; user++) {
                int[] seen = t.train.sortedItemsOf(user);
                for (int k = 0; k < 200; k++) {
                    int x = step.negative(user, r);
                    assertThat(java.util.Arrays.binarySearch(seen, x)).as("user %d drew its training item %d", user, x).isNegative();
                }
                // a uniform draw would hit a training item this often: the exclusion does real work
                drawsOfSeen += seen.length;
            }
        }
        assertThat(drawsOfSeen).isGreaterThan(t.users * 4);
    }
}
