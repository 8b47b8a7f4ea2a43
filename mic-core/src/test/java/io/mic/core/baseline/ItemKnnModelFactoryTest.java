package io.mic.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.core.data.DataSplit;
import io.mic.core.eval.EvaluationResult;
import io.mic.core.eval.FullRankingEvaluator;
import io.mic.core.eval.Metric;
import io.mic.core.eval.TestSplits;
import io.mic.spi.ConfigException;
import io.mic.spi.Model;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginId;
import io.mic.spi.Progress;
import io.mic.spi.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ItemKnnModelFactoryTest {
    /** Similarities are stored as float: relative error ~6e-8 on values <= 1. */
    private static final Offset<Float> F = within(1e-6f);

    /*
     * users: 0 {0,1}, 1 {0,1,2}, 2 {1,2}, 3 {0,3}
     * U_0 = {0,1,3} (3)   U_1 = {0,1,2} (3)   U_2 = {1,2} (2)   U_3 = {3} (1)
     * co-occurrence: (0,1) = 2  (0,2) = 1  (0,3) = 1  (1,2) = 2  (1,3) = 0  (2,3) = 0
     * shrink 0: sim(0,1) = 2/(√3·√3) = 2/3     sim(0,2) = 1/(√3·√2) = 1/√6
     *           sim(0,3) = 1/(√3·1)  = 1/√3    sim(1,2) = 2/(√3·√2) = 2/√6
     */
    private static final DataSplit HAND = TestSplits.of(4,
            new int[][] {{0, 1}, {0, 1, 2}, {1, 2}, {0, 3}},
            TestSplits.none(4),
            TestSplits.none(4));
    private static final float S01 = (float) (2.0 / 3);
    private static final float S02 = (float) (1 / Math.sqrt(6));
    private static final float S03 = (float) (1 / Math.sqrt(3));
    private static final float S12 = (float) (2 / Math.sqrt(6));

    private static ItemKnnModel fit(DataSplit split, int k, double shrink, int threads) {
        ItemKnnModel model = new ItemKnnModel(k, shrink, threads);
        model.fit(split);
        return model;
    }

    private static float[] scores(Model model, int user, int numItems) {
        float[] out = new float[numItems];
        model.score(user, out);
        return out;
    }

    @Test
    void similaritiesMatchHandComputedCosine() {
        ItemKnnModel m = fit(HAND, 100, 0.0, 1);
        assertThat(m.similarity(0, 1)).isCloseTo(S01, F);
        assertThat(m.similarity(1, 0)).isCloseTo(S01, F);
        assertThat(m.similarity(0, 2)).isCloseTo(S02, F);
        assertThat(m.similarity(2, 0)).isCloseTo(S02, F);
        assertThat(m.similarity(0, 3)).isCloseTo(S03, F);
        assertThat(m.similarity(1, 2)).isCloseTo(S12, F);
        // never co-consumed, and self-similarity is excluded
        assertThat(m.similarity(1, 3)).isZero();
        assertThat(m.similarity(2, 3)).isZero();
        assertThat(m.similarity(0, 0)).isZero();
    }

    @Test
    void scoresSumSimilaritiesOfTheUsersTrainItems() {
        ItemKnnModel m = fit(HAND, 100, 0.0, 1);
        // user 2 {1,2}: target 0 = sim(1,0) + sim(2,0); target 1 = sim(2,1); target 2 = sim(1,2); target 3 = 0
        assertThat(scores(m, 2, 4)).containsExactly(new float[] {S01 + S02, S12, S12, 0f}, F);
        // user 3 {0,3}: target 0 = sim(3,0); 1 = sim(0,1); 2 = sim(0,2); 3 = sim(0,3)
        assertThat(scores(m, 3, 4)).containsExactly(new float[] {S03, S01, S02, S03}, F);
    }

    @Test
    void topKIsKeptPerTargetItemAsInRecBole() {
        /*
         * k = 1, each target keeps its single best neighbour:
         *   target 0: {1: 2/3, 2: 0.408, 3: 0.577} -> 1     target 1: {0: 2/3, 2: 0.816} -> 2
         *   target 2: {0: 0.408, 1: 0.816}         -> 1     target 3: {0: 0.577}         -> 0
         * so the kept weights are asymmetric: 1 is in 0's list, 0 is not in 1's.
         */
        ItemKnnModel m = fit(HAND, 1, 0.0, 1);
        assertThat(m.similarity(1, 0)).isCloseTo(S01, F);
        assertThat(m.similarity(2, 0)).isZero();
        assertThat(m.similarity(3, 0)).isZero();
        assertThat(m.similarity(2, 1)).isCloseTo(S12, F);
        assertThat(m.similarity(0, 1)).isZero();
        assertThat(m.similarity(1, 2)).isCloseTo(S12, F);
        assertThat(m.similarity(0, 3)).isCloseTo(S03, F);
        for (int j = 0; j < 4; j++) {
            assertThat(m.neighbourCount(j)).isEqualTo(1);
        }
        // user 2 {1,2}: target 0 keeps 1 -> 2/3; target 1 keeps 2 -> S12; target 2 keeps 1 -> S12; target 3 keeps 0 -> 0
        assertThat(scores(m, 2, 4)).containsExactly(new float[] {S01, S12, S12, 0f}, F);
        // user 3 {0,3}: only target 3 keeps one of its items (0)
        assertThat(scores(m, 3, 4)).containsExactly(new float[] {0f, 0f, 0f, S03}, F);
    }

    @Test
    void shrinkIsAddedToTheDenominator() {
        ItemKnnModel m = fit(HAND, 100, 1.0, 1);
        assertThat(m.similarity(0, 1)).isCloseTo((float) (2 / (3 + 1.0)), F);
        assertThat(m.similarity(0, 2)).isCloseTo((float) (1 / (Math.sqrt(6) + 1)), F);
        assertThat(m.similarity(0, 3)).isCloseTo((float) (1 / (Math.sqrt(3) + 1)), F);
        assertThat(m.similarity(1, 2)).isCloseTo((float) (2 / (Math.sqrt(6) + 1)), F);
    }

    @Test
    void equalSimilaritiesKeepTheLowerItemId() {
        // user 0 {0,1,2}: every pair has similarity 1; with k=1 each target keeps the lowest other id
        DataSplit split = TestSplits.of(4, new int[][] {{0, 1, 2}, {3}}, TestSplits.none(2), TestSplits.none(2));
        ItemKnnModel m = fit(split, 1, 0.0, 1);
        assertThat(m.similarity(1, 0)).isEqualTo(1f);
        assertThat(m.similarity(2, 0)).isZero();
        assertThat(m.similarity(0, 1)).isEqualTo(1f);
        assertThat(m.similarity(2, 1)).isZero();
        assertThat(m.similarity(0, 2)).isEqualTo(1f);
        assertThat(m.similarity(1, 2)).isZero();
        // item 3 co-occurs with nothing: no neighbours rather than zero-weight ones
        assertThat(m.neighbourCount(3)).isZero();
    }

    @Test
    void repeatedInteractionsCountOnce() {
        // user 0 has item 0 twice; on the binary matrix |U_0| = |U_1| = 1, so sim(0,1) = 1 (not 2)
        DataSplit split = TestSplits.of(2, new int[][] {{0, 0, 1}}, TestSplits.none(1), TestSplits.none(1));
        ItemKnnModel m = fit(split, 10, 0.0, 1);
        assertThat(m.similarity(0, 1)).isEqualTo(1f);
        assertThat(scores(m, 0, 2)).containsExactly(1f, 1f);
    }

    @Test
    void matchesBruteForceAndIsIndependentOfBuildThreads() {
        SplittableRandom rnd = new SplittableRandom(3);
        int numUsers = 300;
        int numItems = 120;
        int[][] train = new int[numUsers][];
        for (int u = 0; u < numUsers; u++) {
            train[u] = new int[rnd.nextInt(1, 25)];
            for (int p = 0; p < train[u].length; p++) {
                // skewed item popularity so neighbour lists have ties and truncation matters
                train[u][p] = (int) (numItems * Math.pow(rnd.nextDouble(), 2));
            }
        }
        DataSplit split = TestSplits.of(numItems, train, TestSplits.none(numUsers), TestSplits.none(numUsers));
        int k = 7;
        double shrink = 2.5;
        ItemKnnModel one = fit(split, k, shrink, 1);
        ItemKnnModel four = fit(split, k, shrink, 4);
        float[][] expected = bruteForceScores(train, numItems, k, shrink);

        float[] batch = new float[numUsers * numItems];
        int[] all = new int[numUsers];
        Arrays.setAll(all, u -> u);
        four.score(all, batch, numItems);
        for (int u = 0; u < numUsers; u++) {
            float[] a = scores(one, u, numItems);
            assertThat(Arrays.copyOfRange(batch, u * numItems, (u + 1) * numItems)).containsExactly(a);
            // float accumulation of <= 25 terms each <= 1: error well under 1e-5
            assertThat(a).as("user " + u).containsExactly(expected[u], within(1e-5f));
        }
    }

    /** Dense cosine over user sets, each column sorted by (sim desc, id asc) and cut at k, then R · W. */
    private static float[][] bruteForceScores(int[][] train, int numItems, int k, double shrink) {
        List<Set<Integer>> usersOf = new ArrayList<>();
        for (int i = 0; i < numItems; i++) {
            usersOf.add(new HashSet<>());
        }
        for (int u = 0; u < train.length; u++) {
            for (int i : train[u]) {
                usersOf.get(i).add(u);
            }
        }
        double[][] w = new double[numItems][numItems];
        for (int j = 0; j < numItems; j++) {
            double[] col = new double[numItems];
            List<Integer> cand = new ArrayList<>();
            for (int i = 0; i < numItems; i++) {
                Set<Integer> inter = new HashSet<>(usersOf.get(i));
                inter.retainAll(usersOf.get(j));
                if (i != j && !inter.isEmpty()) {
                    col[i] = (float) (inter.size() / (Math.sqrt(usersOf.get(i).size()) * Math.sqrt(usersOf.get(j).size()) + shrink));
                    cand.add(i);
                }
            }
            cand.sort((a, b) -> col[a] != col[b] ? Double.compare(col[b], col[a]) : Integer.compare(a, b));
            for (int r = 0; r < Math.min(k, cand.size()); r++) {
                w[cand.get(r)][j] = col[cand.get(r)];
            }
        }
        float[][] out = new float[train.length][numItems];
        for (int u = 0; u < train.length; u++) {
            Set<Integer> items = new HashSet<>();
            for (int i : train[u]) {
                items.add(i);
            }
            for (int j = 0; j < numItems; j++) {
                double s = 0;
                for (int i : items) {
                    s += w[i][j];
                }
                out[u][j] = (float) s;
            }
        }
        return out;
    }

    @Test
    void beatsPopOnBlockStructuredData() {
        /*
         * 4 user groups, each consuming its own block of 25 items. Group 0 is the largest, so its
         * items are the most popular and pop recommends them to everyone; item-knn should
         * recommend each user's own block. Each user: 10 own-block items + 1 random other item in
         * train, 3 further own-block items in test.
         */
        SplittableRandom rnd = new SplittableRandom(11);
        int[] groupSizes = {120, 40, 40, 40};
        int block = 25;
        int numItems = 4 * block;
        int numUsers = 240;
        int[][] train = new int[numUsers][];
        int[][] test = new int[numUsers][];
        int u = 0;
        for (int g = 0; g < 4; g++) {
            for (int n = 0; n < groupSizes[g]; n++, u++) {
                int[] own = shuffledBlock(rnd, g * block, block);
                train[u] = Arrays.copyOf(own, 11);
                train[u][10] = rnd.nextInt(numItems);
                test[u] = Arrays.copyOfRange(own, 10, 13);
            }
        }
        DataSplit split = TestSplits.of(numItems, train, TestSplits.none(numUsers), test);
        TestPluginContext context = new TestPluginContext(Schema.of(numUsers, numItems), 1);
        FullRankingEvaluator evaluator = new FullRankingEvaluator(split, List.of(Metric.RECALL), new int[] {10}, 2);

        Model pop = new PopModelFactory().create(PluginConfig.empty("pop"), context);
        pop.fit(split);
        Model knn = new ItemKnnModelFactory().create(PluginConfig.of("item-knn", Map.of("k", "20")), context);
        knn.fit(split);
        EvaluationResult popResult = evaluator.evaluate(pop, FullRankingEvaluator.Target.TEST, Progress.NOOP);
        EvaluationResult knnResult = evaluator.evaluate(knn, FullRankingEvaluator.Target.TEST, Progress.NOOP);

        // pop only serves group 0 (half the users, ~10 of their 15 unseen items in its top 10): ~0.35
        // measured. item-knn ranks each user's 15 unseen own-block items first: ~10/15 = 0.67 measured.
        assertThat(popResult.get(Metric.RECALL, 10)).isLessThan(0.55);
        assertThat(knnResult.get(Metric.RECALL, 10)).isGreaterThan(0.6);
        assertThat(knnResult.get(Metric.RECALL, 10)).isGreaterThan(popResult.get(Metric.RECALL, 10) + 0.1);
    }

    private static int[] shuffledBlock(SplittableRandom rnd, int first, int size) {
        int[] a = new int[size];
        for (int i = 0; i < size; i++) {
            a[i] = first + i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    @Test
    void configIsStrictAndRangeChecked() {
        ItemKnnModelFactory factory = new ItemKnnModelFactory();
        TestPluginContext context = new TestPluginContext(Schema.of(4, 4), 1);
        assertThatThrownBy(() -> factory.create(PluginConfig.of("item-knn", Map.of("k", "0")), context))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'k'").hasMessageContaining("out of range");
        assertThatThrownBy(() -> factory.create(PluginConfig.of("item-knn", Map.of("shrink", "-1")), context))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'shrink'");
        assertThatThrownBy(() -> factory.create(PluginConfig.of("item-knn", Map.of("k", "ten")), context))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not an integer");
        PluginConfig typo = PluginConfig.of("item-knn", Map.of("shrnk", "5"));
        factory.create(typo, context);
        assertThatThrownBy(typo::requireAllKeysKnown).hasMessageContaining("did you mean 'shrink'");

        PluginConfig ok = PluginConfig.of("item-knn", Map.of("k", "2", "shrink", "0.5"));
        Model model = factory.create(ok, context);
        ok.requireAllKeysKnown();
        model.fit(HAND);
        assertThat(((ItemKnnModel) model).neighbourCount(0)).isEqualTo(2);
        assertThat(((ItemKnnModel) model).similarity(1, 0)).isCloseTo((float) (2 / (3 + 0.5)), F);
    }

    @Test
    void scoringBeforeFitIsAnError() {
        assertThatThrownBy(() -> new ItemKnnModel(5, 0, 1).score(0, new float[4])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void serviceLoaderFindsItByName() {
        ModelFactory found = null;
        for (ModelFactory f : ServiceLoader.load(ModelFactory.class)) {
            if (f.name().equals("item-knn")) {
                assertThat(found).as("two factories named item-knn").isNull();
                found = f;
            }
        }
        assertThat(found).isInstanceOf(ItemKnnModelFactory.class);
        assertThat(new PluginId(found.name(), found.version())).hasToString("item-knn/1");
        assertThat(found.description()).isNotBlank();
    }
}
