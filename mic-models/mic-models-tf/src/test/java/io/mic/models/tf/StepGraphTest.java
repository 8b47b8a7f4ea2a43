package io.mic.models.tf;

import io.mic.models.tf.layers.Mlp;
import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import io.mic.models.tf.tables.EmbeddingRows;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.models.tf.tables.MappedEmbeddings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The Java side of the sparse step: distinct ids, padding, shared rows across lookups, gradient
 * fetch, clipping, NaN detection. Gradients fetched through {@link StepGraph#train} are compared
 * with float32 central differences of {@link StepGraph#forward} while perturbing the Java table
 * and parameters.
 *
 * <p>Tolerance: float32 loss ~2 has rounding ~2.4e-7; with h = 1e-2 the difference quotient
 * carries ~1e-5 rounding and ~h^2 |f'''| ~ 1e-4 truncation error. A plumbing bug (a use of a shared
 * row not summed, rows fed or applied in the wrong order) is an O(|g|) error
 * on gradients of size 1e-2..1e-1, so {@code 5e-4 + 2e-2 |g|} separates the two.
 */
class StepGraphTest {

    private static final int D = 4;

    /** Two-tower: user id + mean of history items (item table) vs. item id (same item table), MLP on the user side. */
    private static final class Model implements AutoCloseable {
        final EmbeddingTable users = EmbeddingTable.create("users", 7, D, Optimizer.sgd(), Initializer.embedding(D), 1);
        final EmbeddingTable items = EmbeddingTable.create("items", 9, D, Optimizer.sgd(), Initializer.embedding(D), 2);
        final Mlp mlp = new Mlp("user_mlp", new int[] {2 * D, 5, D}, Activation.TANH, Activation.IDENTITY, Optimizer.sgd(), 3);
        final StepGraph step;
        final Lookup user;
        final Lookup history;
        final Lookup item;
        final Placeholder<TFloat32> logQ;
        final Operand<TFloat32> loss;
        final TableInput itemInput;

        Model() {
            try (GraphBuilder gb = new GraphBuilder()) {
                Ops tf = gb.tf();
                user = gb.table(users).lookup("user");
                itemInput = gb.table(items);
                history = itemInput.lookupSequence("history");
                item = itemInput.lookup("item");
                logQ = gb.floatInput("logq", -1);
                Operand<TFloat32> pooled = Layers.maskedMean(tf, history.values(), history.mask());
                Operand<TFloat32> u = mlp.apply(gb, tf.concat(java.util.List.of(user.values(), pooled), tf.constant(1)));
                loss = Losses.infoNce(u, item.values()).temperature(0.5).logQ(logQ).build(tf);
                step = gb.build(loss, Map.of("twice", tf.math.mul(loss, tf.constant(2f))));
            }
        }

        Feeds feed(Feeds f) {
            // item 3 is a target twice and also in a history; item 5 only in histories; padding everywhere
            f.clear();
            f.ids(user, new int[] {0, 1, 2, 6});
            f.ids(history, new int[] {3, 5, -1, 5, -1, -1, -1, -1, -1, 8, 3, 5}, 4, 3);
            f.ids(item, new int[] {3, 4, 3, 7});
            f.floats(logQ, new float[] {-1f, -2f, -1f, -3f}, 4);
            return f;
        }

        double loss(Feeds f) {
            return step.forward(feed(f), loss)[0][0];
        }

        @Override
        public void close() {
            step.close();
        }
    }

    @Test
    void fetchedRowAndParamGradientsMatchFiniteDifferencesThroughJavaState() {
        try (Model m = new Model()) {
            Feeds f = m.step.newFeeds();
            StepResult r = m.step.train(m.feed(f), 0f, 0, 0); // lr 0: fetch gradients, change nothing
            assertThat(r.examples()).isEqualTo(4);
            assertThat(r.metrics()[0]).isCloseTo((float) (2 * r.loss()), within(1e-5f));
            assertThat(r.loss()).isCloseTo(m.loss(m.step.newFeeds()), within(1e-6));
            int n = f.distinctCount(m.itemInput);
            assertThat(n).as("distinct items 3,5,8,4,7").isEqualTo(5);
            int[] ids = f.distinctIds(m.itemInput).clone();
            float[] g = f.rowGradients(m.itemInput).clone();
            double h = 1e-2;
            Feeds probe = m.step.newFeeds();
            float[] row = new float[D];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < D; j++) {
                    m.items.read(ids[i], row, 0);
                    float orig = row[j];
                    row[j] = (float) (orig + h);
                    m.items.write(ids[i], row, 0);
                    double fp = m.loss(probe);
                    row[j] = (float) (orig - h);
                    m.items.write(ids[i], row, 0);
                    double fm = m.loss(probe);
                    row[j] = orig;
                    m.items.write(ids[i], row, 0);
                    double numeric = (fp - fm) / (2 * h);
                    assertThat((double) g[i * D + j]).as("item %d dim %d", ids[i], j).isCloseTo(numeric, within(5e-4 + 2e-2 * Math.abs(numeric)));
                }
            }
            DenseParam w0 = m.mlp.params().get(0);
            float[] gw = f.paramGradient(w0).clone();
            float[] w = w0.values().clone();
            for (int k = 0; k < w.length; k += 3) {
                float orig = w[k];
                w[k] = (float) (orig + h);
                w0.set(w);
                double fp = m.loss(probe);
                w[k] = (float) (orig - h);
                w0.set(w);
                double fm = m.loss(probe);
                w[k] = orig;
                w0.set(w);
                double numeric = (fp - fm) / (2 * h);
                assertThat((double) gw[k]).as("w0[%d]", k).isCloseTo(numeric, within(5e-4 + 2e-2 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void sgdStepMovesExactlyTheDistinctRowsByTheirGradient() {
        try (Model m = new Model()) {
            float[][] before = new float[9][D];
            for (int i = 0; i < 9; i++) {
                m.items.read(i, before[i], 0);
            }
            Feeds f = m.step.newFeeds();
            m.step.train(m.feed(f), 0.5f, 0, 0);
            int[] ids = f.distinctIds(m.itemInput);
            float[] g = f.rowGradients(m.itemInput);
            boolean[] touched = new boolean[9];
            for (int i = 0; i < f.distinctCount(m.itemInput); i++) {
                touched[ids[i]] = true;
                float[] after = new float[D];
                m.items.read(ids[i], after, 0);
                for (int j = 0; j < D; j++) {
                    assertThat(after[j]).isCloseTo(before[ids[i]][j] - 0.5f * g[i * D + j], within(1e-6f));
                }
            }
            for (int i = 0; i < 9; i++) {
                if (!touched[i]) {
                    float[] after = new float[D];
                    m.items.read(i, after, 0);
                    assertThat(after).as("untouched item %d", i).containsExactly(before[i]);
                }
            }
            assertThat(m.items.updates()).isEqualTo(1);
        }
    }

    @Test
    void clipsTheGlobalNormAcrossSparseAndDenseGradients() {
        try (Model m = new Model()) {
            Feeds f = m.step.newFeeds();
            StepResult free = m.step.train(m.feed(f), 0f, 0, 0);
            assertThat(free.clipped()).isFalse();
            StepResult r = m.step.train(m.feed(f), 0f, free.gradNorm() / 4, 1);
            assertThat(r.clipped()).isTrue();
            assertThat(r.gradNorm()).isCloseTo(free.gradNorm(), within(1e-6));
            double sq = 0;
            for (TableInput t : new TableInput[] {m.user.table(), m.itemInput}) {
                float[] g = f.rowGradients(t);
                for (int i = 0; i < f.distinctCount(t) * D; i++) {
                    sq += g[i] * g[i];
                }
            }
            for (DenseParam p : m.mlp.params()) {
                for (float v : f.paramGradient(p)) {
                    sq += v * v;
                }
            }
            assertThat(Math.sqrt(sq)).isCloseTo(free.gradNorm() / 4, within(1e-5 * free.gradNorm()));
        }
    }

    @Test
    void nanInLossOrGradientStopsBeforeAnyUpdateAndNamesTheTensor() {
        EmbeddingTable t = EmbeddingTable.create("items", 5, 2, Optimizer.sgd(), Initializer.embedding(2), 1);
        try (GraphBuilder gb = new GraphBuilder()) {
            Ops tf = gb.tf();
            Lookup l = gb.table(t).lookup("item");
            Placeholder<TFloat32> x = gb.floatInput("x", 1);
            // sqrt(0 * v) is 0 (finite loss) but its gradient is inf * 0 = NaN
            Operand<TFloat32> loss = tf.math.add(tf.reduceSum(tf.math.sqrt(tf.math.mul(l.values(), x)), tf.constant(new int[] {0, 1})),
                    tf.reduceSum(x, tf.constant(0)));
            try (StepGraph s = gb.build(loss)) {
                float[] before = new float[2];
                t.read(1, before, 0);
                Feeds f = s.newFeeds().ids(l, new int[] {1});
                f.floats(x, new float[] {0f}, 1);
                assertThatThrownBy(() -> s.train(f, 1f, 0, 41)).isInstanceOf(NonFiniteException.class)
                        .hasMessageContaining("step 41").hasMessageContaining("gradient of table 'items'").hasMessageContaining("row id 1");
                f.floats(x, new float[] {Float.NaN}, 1);
                assertThatThrownBy(() -> s.train(f, 1f, 0, 42)).isInstanceOf(NonFiniteException.class)
                        .hasMessageContaining("step 42").hasMessageContaining("loss");
                float[] after = new float[2];
                t.read(1, after, 0);
                assertThat(after).containsExactly(before);
                assertThat(t.updates()).isZero();
            }
        }
    }

    @Test
    void validatesFeeds() {
        try (Model m = new Model()) {
            Feeds f = m.step.newFeeds();
            m.feed(f).ids(m.item, new int[] {3, 4, 9, 7});
            assertThatThrownBy(() -> m.step.train(f, 0f, 0, 0)).hasMessageContaining("lookup 'item': id 9").hasMessageContaining("table 'items'");
            f.clear();
            f.ids(m.user, new int[] {0});
            assertThatThrownBy(() -> m.step.train(f, 0f, 0, 0)).hasMessageContaining("was not fed");
            assertThatThrownBy(() -> f.ids(m.history, new int[] {1})).hasMessageContaining("sequence");
            try (Model other = new Model()) {
                assertThatThrownBy(() -> f.ids(other.user, new int[] {0})).hasMessageContaining("another graph");
            }
        }
    }

    @Test
    void forwardGraphReadsMappedTablesAndMatchesTheTrainingTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        EmbeddingTable t = EmbeddingTable.create("items", 50, 3, Optimizer.adagrad(), Initializer.embedding(3), 9);
        java.nio.file.Path file = dir.resolve("items.emb");
        t.save(file);
        try (MappedEmbeddings mapped = MappedEmbeddings.open(file, true)) {
            for (EmbeddingRows rows : new EmbeddingRows[] {t, mapped}) {
                try (GraphBuilder gb = new GraphBuilder()) {
                    Lookup seq = gb.table(rows).lookupSequence("hist");
                    Operand<TFloat32> pooled = Layers.maskedMean(gb.tf(), seq.values(), seq.mask());
                    try (StepGraph s = gb.buildForward()) {
                        Feeds f = s.newFeeds().ids(seq, new int[] {4, 4, 10, -1, -1, -1}, 2, 3);
                        float[] out = s.forward(f, pooled)[0];
                        float[] a = new float[3];
                        float[] b = new float[3];
                        t.read(4, a, 0);
                        t.read(10, b, 0);
                        for (int j = 0; j < 3; j++) {
                            assertThat(out[j]).isCloseTo((2 * a[j] + b[j]) / 3, within(1e-6f));
                            assertThat(out[3 + j]).isEqualTo(0f);
                        }
                    }
                }
            }
        }
    }
}
