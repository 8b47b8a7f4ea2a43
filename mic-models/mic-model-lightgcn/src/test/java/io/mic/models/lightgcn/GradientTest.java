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
        LightGcnModel model = new LightGcnModel("lightgcn", DIM, layers, l2, 100, SGD_1, 1, Progress.NOOP);
        double[][] m = t.meanOfPowers(layers);
        checkOneStep(t, g, model, new Propagation(g, layers, DIM, null), i -> -1 - i, false, (e0, batch) -> loss(m, e0, batch[0], batch[1], batch[2], l2));
    }

    /**
     * The same check for XSimGCL without noise (eps 0, so the loss is a deterministic function of E0):
     * BPR on {@code F = (Â + Â²)/2 · E0}, L2 on layer 0, plus {@code weight · (InfoNCE_users + InfoNCE_items)}
     * between the normalised rows of {@code F} and of {@code Â E0} over the batch's distinct users and
     * distinct positive items, computed here in double from the definition.
     */
    @Test
    void xsimgclStepGradientMatchesFiniteDifferencesOfTheLoss() {
        TinyGraph t = new TinyGraph(5, 6, 3, 21);
        int layers = 2;
        double l2 = 0.3;
        LightGcnModel.Contrast contrast = new LightGcnModel.Contrast(0, 0.7, 0.5, 1);
        NormalizedGraph g = NormalizedGraph.of(t.train, 1);
        LightGcnModel model = new LightGcnModel("xsimgcl", DIM, layers, l2, 100, contrast, SGD_1, 1, Progress.NOOP);
        double[][] a = t.normalizedAdjacency();
        double[][] mean = t.meanOfPowersFromOne(2);
        double tau = contrast.temperature();
        checkOneStep(t, g, model, new PerturbedPropagation(g, layers, DIM, null, 0, 1, 9), i -> 3 * i, true, (e0, batch) -> {
            int[] users = java.util.Arrays.stream(batch[0]).distinct().toArray();
            int[] items = java.util.Arrays.stream(batch[1]).distinct().toArray();
            return loss(mean, e0, batch[0], batch[1], batch[2], l2) + contrast.weight() * (infoNce(mean, a, e0, users, tau) + infoNce(mean, a, e0, items, tau));
        });
    }

    private static final TrainerSettings SGD_1 = new TrainerSettings(1, 8, "sgd", 1, "constant", 0, 0, "recall@10", null, false, 1);

    /**
     * Feeds one batch of 8 examples (example {@code order(i)} at position i, mod the example count) through
     * {@code model}'s step over {@code view}, trains once with SGD lr 1 and compares the update with central
     * differences of {@code loss(e0, {users, positives, negatives})} (node ids; negatives replayed from the
     * step's own draws). {@code repeatsAUser}: the batch must hold some user twice (the distinct-row terms matter).
     */
    private static void checkOneStep(TinyGraph t, NormalizedGraph g, LightGcnModel model, io.mic.models.tf.ParamView view,
            java.util.function.IntUnaryOperator order, boolean repeatsAUser, java.util.function.ToDoubleBiFunction<double[], int[][]> loss) {
        DenseParam table = DenseParam.create(LightGcnModel.PARAM, Optimizer.sgd(), new Initializer.Normal(0.7), 5, g.nodes, DIM);
        try (LightGcnModel.Step step = model.new Step(t.train, WarmItems.all(t.train.numItems()), g, view, table)) {
            int b = 8;
            int[] ord = new int[step.examples()];
            for (int i = 0; i < ord.length; i++) {
                ord[i] = Math.floorMod(order.applyAsInt(i), ord.length);
            }
            Feeds f = step.graph().newFeeds();
            step.feed(f, ord, 0, b, new SplittableRandom(77));
            SplittableRandom replay = new SplittableRandom(77);
            int[][] batch = new int[3][b];
            for (int r = 0; r < b; r++) {
                batch[0][r] = step.exUser[ord[r]];
                batch[1][r] = g.users + step.exItem[ord[r]];
                batch[2][r] = g.users + step.negative(batch[0][r], replay);
            }
            if (repeatsAUser) {
                assertThat(java.util.Arrays.stream(batch[0]).distinct().count()).as("the batch repeats a user").isLessThan(b);
            }
            double[] e0 = PropagationTest.toDouble(table.values());
            float[] before = table.values().clone();
            StepResult res = step.graph().train(f, 1f, 0, 0);
            assertThat(res.loss()).isCloseTo(loss.applyAsDouble(e0, batch), offset(1e-5));
            assertStepIsMinusGradient(e0, before, table.values(), x -> loss.applyAsDouble(x, batch));
        }
    }

    /**
     * Asserts that one SGD step with lr 1 moved every entry of the layer-0 table ({@code before} → {@code after}, rows of
     * {@link #DIM}) by minus the central difference (h = 1e-6) of {@code loss} at {@code e0} (restored after each probe),
     * within the tolerance of the class comment.
     */
    static void assertStepIsMinusGradient(double[] e0, float[] before, float[] after, java.util.function.ToDoubleFunction<double[]> loss) {
        double h = 1e-6;
        for (int k = 0; k < e0.length; k++) {
            double orig = e0[k];
            e0[k] = orig + h;
            double fp = loss.applyAsDouble(e0);
            e0[k] = orig - h;
            double fm = loss.applyAsDouble(e0);
            e0[k] = orig;
            double numeric = (fp - fm) / (2 * h);
            double step = (double) before[k] - after[k];
            assertThat(step).as("d loss / d E0[%d] (row %d)", k, k / DIM).isCloseTo(numeric, offset(2e-5 + 1e-3 * Math.abs(numeric)));
        }
    }

    /** mean over {@code rows} of {@code -log softmax_j(cos(F_i, C_j) / t)[i]}, F = mean · e0, C = a · e0. */
    static double infoNce(double[][] mean, double[][] a, double[] e0, int[] rows, double t) {
        double[] f = TinyGraph.apply(mean, e0, DIM);
        double[] c = TinyGraph.apply(a, e0, DIM);
        double total = 0;
        for (int i : rows) {
            double sum = 0;
            double pos = 0;
            for (int j : rows) {
                double logit = dot(f, c, i, j) / Math.sqrt(dot(f, f, i, i) * dot(c, c, j, j)) / t;
                sum += Math.exp(logit);
                if (i == j) {
                    pos = logit;
                }
            }
            total += Math.log(sum) - pos;
        }
        return total / rows.length;
    }

    private static double dot(double[] x, double[] y, int a, int b) {
        double s = 0;
        for (int c = 0; c < DIM; c++) {
            s += x[a * DIM + c] * y[b * DIM + c];
        }
        return s;
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
