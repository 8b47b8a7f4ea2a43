package io.mic.models.tf.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Lookup;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.StepResult;
import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import io.mic.models.tf.tables.EmbeddingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Frozen item features in a training graph: a user id table against an item tower that is a
 * trainable adapter over a read-only {@link FeatureTable}. Items fall into 4 groups whose features
 * share a centre; user u likes the items of group u % 4. Training must lower the loss, move the
 * adapter and user weights, and leave the feature table bit-identical.
 */
class FrozenFeaturesTest {
    private static final Logger LOG = LoggerFactory.getLogger(FrozenFeaturesTest.class);

    @Test
    void adapterTrainsOverAFrozenTableAndTheTableIsUnchanged() {
        int items = 40;
        int users = 24;
        int fdim = 12;
        SplittableRandom r = new SplittableRandom(3);
        float[][] centre = new float[4][fdim];
        for (float[] c : centre) {
            for (int k = 0; k < fdim; k++) {
                c[k] = (float) r.nextGaussian();
            }
        }
        float[] feats = new float[items * fdim];
        for (int i = 0; i < items; i++) {
            for (int k = 0; k < fdim; k++) {
                feats[i * fdim + k] = centre[i % 4][k] + 0.3f * (float) r.nextGaussian();
            }
        }
        FeatureTable table = new FeatureTable("text", feats, fdim);
        float[] before = new float[items * fdim];
        for (int i = 0; i < items; i++) {
            table.read(i, before, i * fdim);
        }
        Optimizer adam = new Optimizer.Adam(0.9f, 0.999f, 1e-8f);
        FeatureAdapter adapter = new FeatureAdapter("adapter", table, new int[] {16, 8}, Activation.RELU, adam, 5);
        EmbeddingTable userTable = EmbeddingTable.create("users", users, 8, adam, Initializer.embedding(8), 6);
        List<float[]> adapterBefore = new ArrayList<>();
        for (DenseParam p : adapter.params()) {
            adapterBefore.add(p.values().clone());
        }
        float[] userBefore = new float[users * 8];
        userTable.gather(range(users), 0, users, userBefore, 0);

        StepGraph g;
        Lookup user;
        FeatureAdapter.Applied item;
        try (GraphBuilder gb = new GraphBuilder()) {
            user = gb.table(userTable).lookup("user");
            item = adapter.lookup(gb, "item");
            Operand<TFloat32> q = Layers.l2Normalize(gb.tf(), user.values(), 1e-6);
            Operand<TFloat32> c = Layers.l2Normalize(gb.tf(), item.output(), 1e-6);
            g = gb.build(Losses.infoNce(q, c).temperature(0.2).withoutLogQ().build(gb.tf()));
        }
        try (g) {
            assertThat(g.tables()).containsExactly(userTable, table);
            Feeds f = g.newFeeds();
            int batch = 16;
            int[] u = new int[batch];
            int[] it = new int[batch];
            SplittableRandom data = new SplittableRandom(9);
            double first = 0;
            double last = 0;
            int steps = 120;
            for (int s = 0; s < steps; s++) {
                for (int b = 0; b < batch; b++) {
                    u[b] = data.nextInt(users);
                    // the positive: a random item of the user's group
                    it[b] = (u[b] % 4) + 4 * data.nextInt(items / 4);
                }
                f.clear().ids(user, u).ids(item.lookup(), it);
                StepResult res = g.train(f, 0.01f, 0, s);
                if (s < 10) {
                    first += res.loss() / 10;
                }
                if (s >= steps - 10) {
                    last += res.loss() / 10;
                }
            }
            LOG.info("frozen features: loss {} -> {}", first, last);
            assertThat(last).isLessThan(first * 0.85);
        }
        float[] after = new float[items * fdim];
        for (int i = 0; i < items; i++) {
            table.read(i, after, i * fdim);
        }
        assertThat(after).containsExactly(before);
        for (int p = 0; p < adapter.params().size(); p++) {
            assertThat(adapter.params().get(p).values()).as(adapter.params().get(p).name()).isNotEqualTo(adapterBefore.get(p));
        }
        float[] userAfter = new float[users * 8];
        userTable.gather(range(users), 0, users, userAfter, 0);
        assertThat(userAfter).isNotEqualTo(userBefore);
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
