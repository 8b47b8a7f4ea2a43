package io.mic.models.mic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.IdMap;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.eval.Metric;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.spi.Model;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 17's training defaults: xavier-normal id tables and BPR negatives outside the user's
 * training items. Each is checked directly, and together they are checked where they matter: on
 * planted-group data, mf-bpr with the defaults beats mf-bpr with the old ones (Normal(0, 1/sqrt(dim))
 * tables, negatives that only avoid the row's positive) under the same trainer and seed.
 */
class TrainingDefaultsTest {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingDefaultsTest.class);

    private static double std(EmbeddingTable t) {
        float[] row = new float[t.dim()];
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (int r = 0; r < t.rows(); r++) {
            t.read(r, row, 0);
            for (float v : row) {
                sum += v;
                sq += (double) v * v;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(sq / n - mean * mean);
    }

    private static EmbeddingTable userTable(Fixture fx, String... params) {
        String[] kv = new String[params.length + 2];
        kv[0] = "dim";
        kv[1] = "32";
        System.arraycopy(params, 0, kv, 2, params.length);
        FeatureTowerEncoder e = (FeatureTowerEncoder) fx.encoder(Fixture.Spec.of("mf-bpr", kv));
        e.prepare(FeatureTowerEncoder.optimizerOf("adam"));
        return e.tables().stream().filter(t -> t.name().equals("user_id")).findFirst().orElseThrow();
    }

    /**
     * The table scale of each scheme. The sample std of N = rows x 32 (25,600 here) normal values
     * has a relative standard error of 1/sqrt(2N) = 0.44%, so 3% is ~7 standard errors, while the
     * two schemes differ by a factor of ~3.
     */
    @Test
    void idTablesAreXavierNormalByDefaultAndTheOldSchemeIsSelectable() {
        Fixture fx = Fixture.small(1);
        EmbeddingTable xavier = userTable(fx);
        double expected = Math.sqrt(2.0 / (xavier.rows() + 32));
        assertThat(std(xavier)).isCloseTo(expected, within(0.03 * expected));
        EmbeddingTable old = userTable(fx, "init", "normal-inv-sqrt-dim");
        assertThat(std(old)).isCloseTo(1 / Math.sqrt(32), within(0.03 / Math.sqrt(32)));
    }

    /**
     * BPR's retry cap: 30 items; user 0 has every item, users 1..9 three each. User 0 has no valid
     * negative, so each of its draws reaches the cap and is counted: exactly its examples times the
     * epochs. Any other user's draw is a training item with probability 0.1, and reaches the cap
     * with probability 1e-32: never. With exclusion off nothing is counted.
     */
    @Test
    void bprCountsExactlyTheNegativesOfAUserWithEveryItem() {
        int items = 30;
        int users = 10;
        int n = items + 3 * (users - 1);
        int[] us = new int[n];
        int[] is = new int[n];
        int k = 0;
        for (int i = 0; i < items; i++, k++) {
            us[k] = 0;
            is[k] = i;
        }
        for (int u = 1; u < users; u++) {
            for (int j = 0; j < 3; j++, k++) {
                us[k] = u;
                is[k] = (u * 3 + j) % items;
            }
        }
        Dataset d = new Dataset("full-user", IdMap.range(users), IdMap.range(items), us, is, null, null, null, List.of(), List.of());
        DataSplit split = new DataSplit(d, d.toMatrix(), d.toMatrix(), InteractionMatrix.empty(users, items), "test");
        Fixture fx = new Fixture(split, 4);
        int epochs = 3;
        CrossChannelModel m = (CrossChannelModel) fx.model("two-tower", Map.of(), Fixture.Spec.of("mf-bpr", "dim", "4"), List.of(), List.of(),
                Fixture.trainer(epochs, 16, 0.01, null, false));
        m.fit(split);
        assertThat(m.cappedNegatives()).isEqualTo((long) items * epochs);
        CrossChannelModel off = (CrossChannelModel) fx.model("two-tower", Map.of("exclude_train_items", "false"),
                Fixture.Spec.of("mf-bpr", "dim", "4"), List.of(), List.of(), Fixture.trainer(epochs, 16, 0.01, null, false));
        off.fit(split);
        assertThat(off.cappedNegatives()).isZero();
    }

    private static double ndcg(Fixture fx, Map<String, String> model, String... encoder) {
        Model m = fx.model("two-tower", model, Fixture.Spec.of("mf-bpr", encoder), List.of(), List.of(), Fixture.trainer(EPOCHS, 256, 0.005, null, false));
        m.fit(fx.split);
        return fx.test(m).get(Metric.NDCG, 10);
    }

    private static final int EPOCHS = 12;

    /**
     * Planted groups (800 users, 400 items, leave-one-out), mf-bpr dim 32, 12 epochs of batch 256,
     * Adam 0.005, L2 0, best validation epoch restored. Measured when written, test NDCG@10 old →
     * new defaults: seed 3 0.1356 → 0.1947, and on data seeds 4 / 5 / 6 0.1420 → 0.1807,
     * 0.1329 → 0.1850, 0.1253 → 0.1801: gaps 0.039 to 0.059, while one configuration varies by
     * 0.017 (old) and 0.015 (new) across seeds. The required margin, 0.025, is below the smallest gap
     * and above the spread of either configuration, so a regression of either fix to no effect
     * (each alone moved ml-100k by +0.03 to +0.05 in the issue) fails.
     */
    @Test
    void newDefaultsBeatTheOldOnPlantedGroups() {
        Fixture fx = Fixture.small(3);
        double old = ndcg(fx, Map.of("l2", "0", "exclude_train_items", "false"), "dim", "32", "init", "normal-inv-sqrt-dim");
        double now = ndcg(fx, Map.of("l2", "0"), "dim", "32");
        LOG.info("planted groups, test ndcg@10: old defaults {}, new {}", String.format("%.4f", old), String.format("%.4f", now));
        assertThat(now).isGreaterThan(old + 0.025);
    }
}
