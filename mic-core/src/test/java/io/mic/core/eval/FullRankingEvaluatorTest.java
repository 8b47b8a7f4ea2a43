package io.mic.core.eval;

import static io.mic.core.eval.Metric.COVERAGE;
import static io.mic.core.eval.Metric.HIT;
import static io.mic.core.eval.Metric.MRR;
import static io.mic.core.eval.Metric.NDCG;
import static io.mic.core.eval.Metric.PRECISION;
import static io.mic.core.eval.Metric.RECALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.core.data.DataSplit;
import io.mic.core.eval.FullRankingEvaluator.Target;
import io.mic.spi.Model;
import io.mic.spi.Progress;
import io.mic.spi.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class FullRankingEvaluatorTest {
    private static final List<Metric> ALL = List.of(RECALL, NDCG, HIT, MRR, PRECISION, COVERAGE);
    /** The hand values below are exact up to double rounding of a few operations. */
    private static final Offset<Double> EPS = within(1e-12);
    /** DCG gain of a hit at rank 2 and rank 3: 1/log2(3) and 1/log2(4). */
    private static final double D2 = 1 / (Math.log(3) / Math.log(2));
    private static final double D3 = 0.5;

    /*
     * The hand-worked example: 5 items, 3 users.
     *
     *   user  train  valid  test    scores (items 0..4)
     *   0     {0}    {2}    {3,4}   0.9  0.8  0.5  0.3  0.7
     *   1     {4}    {}     {1,2}   0.2  0.6  0.8  0.4  1.0
     *   2     {1}    {3}    {}      0.1  0.9  0.3  0.3  0.2
     */
    private static final DataSplit SPLIT = TestSplits.of(5,
            new int[][] {{0}, {4}, {1}},
            new int[][] {{2}, {}, {3}},
            new int[][] {{3, 4}, {1, 2}, {}});
    private static final Model MODEL = new ScoreTableModel(new float[][] {
            {0.9f, 0.8f, 0.5f, 0.3f, 0.7f},
            {0.2f, 0.6f, 0.8f, 0.4f, 1.0f},
            {0.1f, 0.9f, 0.3f, 0.3f, 0.2f}});

    @Test
    void testTargetMatchesHandComputation() {
        /*
         * TEST: truth = test, mask = train + valid. User 2 has no test items: skipped.
         * user 0: mask {0,2} (item 0 has the top score 0.9 but is a train item), truth {3,4}
         *         ranking 1 (0.8), 4 (0.7), 3 (0.3): miss, hit, hit
         *   K=1: hits 0                   -> all 0
         *   K=2: hits 1  recall 1/2  precision 1/2  hit 1  mrr 1/2
         *        ndcg = D2 / (1 + D2)       (IDCG over min(2,2) = 2 hits)
         *   K=3: hits 2  recall 1    precision 2/3  hit 1  mrr 1/2
         *        ndcg = (D2 + D3) / (1 + D2)
         * user 1: mask {4}, truth {1,2}; ranking 2 (0.8), 1 (0.6), 3 (0.4), 0 (0.2): hit, hit, miss
         *   K=1: recall 1/2  precision 1    hit 1  mrr 1  ndcg 1/1 = 1
         *   K=2: recall 1    precision 1    hit 1  mrr 1  ndcg (1 + D2) / (1 + D2) = 1
         *   K=3: recall 1    precision 2/3  hit 1  mrr 1  ndcg 1
         * coverage: top-1 lists {1}, {2} -> 2/5; top-2 add 4, 1 -> {1,2,4} 3/5; top-3 add 3 -> 4/5
         */
        EvaluationResult r = new FullRankingEvaluator(SPLIT, ALL, new int[] {1, 2, 3}, 1).evaluate(MODEL, Target.TEST, Progress.NOOP);

        assertThat(r.users()).isEqualTo(2);
        assertThat(r.get(RECALL, 1)).isCloseTo((0 + 0.5) / 2, EPS);
        assertThat(r.get(PRECISION, 1)).isCloseTo((0 + 1.0) / 2, EPS);
        assertThat(r.get(HIT, 1)).isCloseTo((0 + 1.0) / 2, EPS);
        assertThat(r.get(MRR, 1)).isCloseTo((0 + 1.0) / 2, EPS);
        assertThat(r.get(NDCG, 1)).isCloseTo((0 + 1.0) / 2, EPS);
        assertThat(r.get(COVERAGE, 1)).isCloseTo(2.0 / 5, EPS);

        assertThat(r.get(RECALL, 2)).isCloseTo((0.5 + 1) / 2, EPS);
        assertThat(r.get(PRECISION, 2)).isCloseTo((0.5 + 1) / 2, EPS);
        assertThat(r.get(HIT, 2)).isCloseTo(1.0, EPS);
        assertThat(r.get(MRR, 2)).isCloseTo((0.5 + 1) / 2, EPS);
        assertThat(r.get(NDCG, 2)).isCloseTo((D2 / (1 + D2) + 1) / 2, EPS);
        assertThat(r.get(COVERAGE, 2)).isCloseTo(3.0 / 5, EPS);

        assertThat(r.get(RECALL, 3)).isCloseTo(1.0, EPS);
        assertThat(r.get(PRECISION, 3)).isCloseTo((2.0 / 3 + 2.0 / 3) / 2, EPS);
        assertThat(r.get(HIT, 3)).isCloseTo(1.0, EPS);
        assertThat(r.get(MRR, 3)).isCloseTo((0.5 + 1) / 2, EPS);
        assertThat(r.get(NDCG, 3)).isCloseTo(((D2 + D3) / (1 + D2) + 1) / 2, EPS);
        assertThat(r.get(COVERAGE, 3)).isCloseTo(4.0 / 5, EPS);
    }

    @Test
    void validTargetMasksTrainOnlyAndBreaksTiesByLowerItemId() {
        /*
         * VALID: truth = valid, mask = train. User 1 has no valid items: skipped.
         * user 0: mask {0}, truth {2}; ranking 1 (0.8), 4 (0.7), 2 (0.5), 3 (0.3): hit at rank 3
         * user 2: mask {1}, truth {3}; items 2 and 3 tie at 0.3, the lower id ranks first:
         *         ranking 2 (0.3), 3 (0.3), 4 (0.2), 0 (0.1): hit at rank 2
         *         (breaking the tie the other way would give a hit at rank 1)
         *   K=1: both miss -> 0; coverage {1, 2} = 2/5
         *   K=2: user 0 miss; user 2 recall 1, precision 1/2, hit 1, mrr 1/2, ndcg D2/1
         *        coverage {1,4} + {2,3} = 4/5
         *   K=3: user 0 recall 1, precision 1/3, hit 1, mrr 1/3, ndcg D3/1
         *        user 2 recall 1, precision 1/3, hit 1, mrr 1/2, ndcg D2/1
         *        coverage {1,4,2} + {2,3,4} = 4/5
         */
        EvaluationResult r = new FullRankingEvaluator(SPLIT, ALL, new int[] {3, 1, 2}, 1).evaluate(MODEL, Target.VALID, Progress.NOOP);

        assertThat(r.users()).isEqualTo(2);
        assertThat(r.ks()).containsExactly(1, 2, 3);
        for (Metric m : List.of(RECALL, NDCG, HIT, MRR, PRECISION)) {
            assertThat(r.get(m, 1)).as(m.label()).isZero();
        }
        assertThat(r.get(COVERAGE, 1)).isCloseTo(2.0 / 5, EPS);

        assertThat(r.get(RECALL, 2)).isCloseTo(0.5, EPS);
        assertThat(r.get(PRECISION, 2)).isCloseTo(0.25, EPS);
        assertThat(r.get(HIT, 2)).isCloseTo(0.5, EPS);
        assertThat(r.get(MRR, 2)).isCloseTo(0.25, EPS);
        assertThat(r.get(NDCG, 2)).isCloseTo(D2 / 2, EPS);
        assertThat(r.get(COVERAGE, 2)).isCloseTo(4.0 / 5, EPS);

        assertThat(r.get(RECALL, 3)).isCloseTo(1.0, EPS);
        assertThat(r.get(PRECISION, 3)).isCloseTo(1.0 / 3, EPS);
        assertThat(r.get(HIT, 3)).isCloseTo(1.0, EPS);
        assertThat(r.get(MRR, 3)).isCloseTo((1.0 / 3 + 0.5) / 2, EPS);
        assertThat(r.get(NDCG, 3)).isCloseTo((D3 + D2) / 2, EPS);
        assertThat(r.get(COVERAGE, 3)).isCloseTo(4.0 / 5, EPS);
    }

    @Test
    void unmaskedTestKeepsHistoryItemsInTheRanking() {
        // user 0: train {0}, valid {2}, test {1}; scores 0: 5, 2: 4.5, 1: 4, 3: 3. Masked, the test item ranks first;
        // unmasked (RecBole's sequential full sort) the train and valid items rank above it: hit at rank 3
        DataSplit split = TestSplits.of(4, new int[][] {{0}}, new int[][] {{2}}, new int[][] {{1}});
        Model model = new ScoreTableModel(new float[][] {{5f, 4f, 4.5f, 3f}});
        FullRankingEvaluator evaluator = new FullRankingEvaluator(split, ALL, new int[] {1, 2, 3}, 1);
        EvaluationResult masked = evaluator.evaluate(model, Target.TEST, Progress.NOOP);
        EvaluationResult unmasked = evaluator.evaluate(model, Target.TEST_UNMASKED, Progress.NOOP);

        assertThat(masked.get(HIT, 1)).isEqualTo(1.0);
        assertThat(unmasked.get(HIT, 1)).isZero();
        assertThat(unmasked.get(HIT, 2)).isZero();
        assertThat(unmasked.get(HIT, 3)).isEqualTo(1.0);
        assertThat(unmasked.get(MRR, 3)).isCloseTo(1.0 / 3, EPS);
        assertThat(unmasked.get(NDCG, 3)).isCloseTo(D3, EPS);
    }

    @Test
    void coldTargetScoresOnlyTheTestItemsThatAreColdAgainstTheWholeCatalogue() {
        /*
         * The hand-worked SPLIT with item 3 cold, so without user 2's valid item 3 (a cold item has no train or valid
         * interaction). Truth = the test items in {3}:
         * user 0: test {3,4} -> truth {3}; mask {0,2}; ranking 1 (0.8), 4 (0.7), 3 (0.3): the cold item at rank 3.
         *         Item 4 (a warm test item) still ranks and pushes the cold item down.
         * user 1: test {1,2} -> no cold item: skipped. user 2: no test items: skipped.
         */
        DataSplit hand = TestSplits.of(5, new int[][] {{0}, {4}, {1}}, new int[][] {{2}, {}, {}}, new int[][] {{3, 4}, {1, 2}, {}});
        DataSplit cold = new DataSplit(hand.dataset(), hand.train(), hand.valid(), hand.test(), "by-hand", new int[] {3});
        FullRankingEvaluator evaluator = new FullRankingEvaluator(cold, ALL, new int[] {1, 2, 3}, 1);
        EvaluationResult r = evaluator.evaluate(MODEL, Target.TEST_COLD, Progress.NOOP);

        assertThat(evaluator.coldTestInteractions()).isEqualTo(1);
        assertThat(r.users()).isEqualTo(1);
        assertThat(r.get(RECALL, 2)).isZero();
        assertThat(r.get(RECALL, 3)).isEqualTo(1.0);
        assertThat(r.get(MRR, 3)).isCloseTo(1.0 / 3, EPS);
        assertThat(r.get(NDCG, 3)).isCloseTo(D3, EPS);
        // the plain test target still reads every test item
        assertThat(evaluator.evaluate(MODEL, Target.TEST, Progress.NOOP).users()).isEqualTo(2);
    }

    @Test
    void coldTargetWithoutColdItemsIsRefused() {
        FullRankingEvaluator evaluator = new FullRankingEvaluator(SPLIT, ALL, new int[] {1}, 1);
        assertThat(evaluator.hasColdItems()).isFalse();
        assertThatThrownBy(() -> evaluator.evaluate(MODEL, Target.TEST_COLD, Progress.NOOP))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cold_items");
    }

    @Test
    void maskedTrainItemWithTopScoreNeverEntersTheList() {
        // user 0's train item 0 scores highest; the test item 1 is second. Unmasked, hit@1 would be 0.
        DataSplit split = TestSplits.of(3, new int[][] {{0}}, new int[][] {{}}, new int[][] {{1}});
        Model model = new ScoreTableModel(new float[][] {{5f, 4f, 3f}});
        EvaluationResult r = new FullRankingEvaluator(split, ALL, new int[] {1}, 1).evaluate(model, Target.TEST, Progress.NOOP);

        assertThat(r.get(HIT, 1)).isEqualTo(1.0);
        assertThat(r.get(MRR, 1)).isEqualTo(1.0);
        // the top-1 list is {1}: item 0 was never recommended
        assertThat(r.get(COVERAGE, 1)).isCloseTo(1.0 / 3, EPS);
    }

    @Test
    void validItemsAreMaskedOnTestButNotOnValid() {
        // item 2 is a valid item with the top score: it is the hit on VALID and masked on TEST
        DataSplit split = TestSplits.of(4, new int[][] {{0}}, new int[][] {{2}}, new int[][] {{3}});
        Model model = new ScoreTableModel(new float[][] {{1f, 2f, 9f, 3f}});
        FullRankingEvaluator evaluator = new FullRankingEvaluator(split, List.of(MRR), new int[] {3}, 1);

        assertThat(evaluator.evaluate(model, Target.VALID, Progress.NOOP).get(MRR, 3)).isEqualTo(1.0);
        // TEST ranking without 0 and 2: 3 (3.0), 1 (2.0)
        assertThat(evaluator.evaluate(model, Target.TEST, Progress.NOOP).get(MRR, 3)).isEqualTo(1.0);
        Model preferOne = new ScoreTableModel(new float[][] {{1f, 4f, 9f, 3f}});
        // TEST ranking: 1 (4.0), 3 (3.0): hit at rank 2
        assertThat(evaluator.evaluate(preferOne, Target.TEST, Progress.NOOP).get(MRR, 3)).isEqualTo(0.5);
    }

    @Test
    void groundTruthItemAlsoSeenInTrainStaysRankableAsInRecBole() {
        // repeat consumption: item 1 is in train and test. RecBole masks used minus positive items.
        DataSplit split = TestSplits.of(3, new int[][] {{0, 1}}, new int[][] {{}}, new int[][] {{1}});
        Model model = new ScoreTableModel(new float[][] {{3f, 2f, 1f}});
        EvaluationResult r = new FullRankingEvaluator(split, List.of(HIT, RECALL), new int[] {1}, 1)
                .evaluate(model, Target.TEST, Progress.NOOP);

        assertThat(r.get(HIT, 1)).isEqualTo(1.0);
        assertThat(r.get(RECALL, 1)).isEqualTo(1.0);
    }

    @Test
    void allEqualScoresRankByItemId() {
        // 6 items, all scores 0: ranking is 0,1,2,3,4,5 minus the mask {1}; truth {4} sits at rank 4
        DataSplit split = TestSplits.of(6, new int[][] {{1}}, new int[][] {{}}, new int[][] {{4}});
        Model model = new ScoreTableModel(new float[][] {{0f, 0f, 0f, 0f, 0f, 0f}});
        EvaluationResult r = new FullRankingEvaluator(split, List.of(MRR, COVERAGE), new int[] {3, 4}, 1)
                .evaluate(model, Target.TEST, Progress.NOOP);

        assertThat(r.get(MRR, 3)).isZero();
        assertThat(r.get(MRR, 4)).isEqualTo(0.25);
        // top-3 = {0, 2, 3}
        assertThat(r.get(COVERAGE, 3)).isCloseTo(3.0 / 6, EPS);
    }

    @Test
    void shortListsStillDivideByK() {
        // 3 items, 1 masked: only 2 candidates for K=5. Precision is hits / K as in RecBole; NDCG's
        // ideal is over min(|truth|, K) = 1 hit.
        DataSplit split = TestSplits.of(3, new int[][] {{0}}, new int[][] {{}}, new int[][] {{2}});
        Model model = new ScoreTableModel(new float[][] {{1f, 2f, 1f}});
        EvaluationResult r = new FullRankingEvaluator(split, ALL, new int[] {5}, 1).evaluate(model, Target.TEST, Progress.NOOP);

        assertThat(r.get(PRECISION, 5)).isCloseTo(1.0 / 5, EPS);
        assertThat(r.get(NDCG, 5)).isCloseTo(D2, EPS);
        assertThat(r.get(RECALL, 5)).isEqualTo(1.0);
        // the masked item is not padded into the list
        assertThat(r.get(COVERAGE, 5)).isCloseTo(2.0 / 3, EPS);
    }

    @Test
    void resultIsIdenticalForAnyThreadCountAndMatchesBruteForce() {
        SplittableRandom rnd = new SplittableRandom(42);
        int numUsers = 1100; // more than four blocks of 256 users
        int numItems = 300;
        int[][] train = new int[numUsers][];
        int[][] valid = new int[numUsers][];
        int[][] test = new int[numUsers][];
        float[][] scores = new float[numUsers][numItems];
        for (int u = 0; u < numUsers; u++) {
            train[u] = randomItems(rnd, numItems, rnd.nextInt(0, 30));
            valid[u] = randomItems(rnd, numItems, rnd.nextInt(0, 3));
            test[u] = randomItems(rnd, numItems, rnd.nextInt(0, 6));
            for (int i = 0; i < numItems; i++) {
                // 20 distinct values: plenty of ties to exercise the id tie-break
                scores[u][i] = rnd.nextInt(20) / 4f;
            }
        }
        DataSplit plain = TestSplits.of(numItems, train, valid, test);
        // every 7th item cold (for TEST_COLD; the other targets ignore the cold set)
        int[] cold = java.util.stream.IntStream.range(0, numItems).filter(i -> i % 7 == 0).toArray();
        DataSplit split = new DataSplit(plain.dataset(), plain.train(), plain.valid(), plain.test(), plain.protocol(), cold);
        Model model = new ScoreTableModel(scores);
        int[] ks = {1, 5, 10, 20, 50};

        for (Target target : Target.values()) {
            EvaluationResult one = new FullRankingEvaluator(split, ALL, ks, 1).evaluate(model, target, Progress.NOOP);
            EvaluationResult four = new FullRankingEvaluator(split, ALL, ks, 4).evaluate(model, target, Progress.NOOP);
            EvaluationResult three = new FullRankingEvaluator(split, ALL, ks, 3).evaluate(model, target, Progress.NOOP);
            assertThat(four).isEqualTo(one);
            assertThat(three).isEqualTo(one);
            assertThat(one.users()).isGreaterThan(target == Target.TEST_COLD ? 300 : 4 * FullRankingEvaluator.MAX_BLOCK_USERS / 2);

            EvaluationResult reference = bruteForce(split, scores, target, ks);
            assertThat(one.users()).isEqualTo(reference.users());
            for (Metric m : ALL) {
                for (int k : ks) {
                    // different summation order only: well below 1e-12 for ~1000 terms in [0, 1]
                    assertThat(one.get(m, k)).as(m.label() + "@" + k + " " + target).isCloseTo(reference.get(m, k), EPS);
                }
            }
        }
    }

    @Test
    void nanScoreIsRejectedNamingUserAndItem() {
        Model model = new ScoreTableModel(new float[][] {
                {0.9f, 0.8f, 0.5f, 0.3f, 0.7f},
                {0.2f, 0.6f, 0.8f, Float.NaN, 1.0f},
                {0.1f, 0.9f, 0.3f, 0.3f, 0.2f}});
        for (int threads : new int[] {1, 2}) {
            FullRankingEvaluator evaluator = new FullRankingEvaluator(SPLIT, ALL, new int[] {2}, threads);
            assertThatThrownBy(() -> evaluator.evaluate(model, Target.TEST, Progress.NOOP))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("NaN")
                    .hasMessageContaining("user 1 (external id '1')")
                    .hasMessageContaining("item 3 (external id '3')");
        }
    }

    @Test
    void nanOnAMaskedItemIsStillRejected() {
        // a NaN is a model bug wherever it appears; item 0 is user 0's train item
        Model model = new ScoreTableModel(new float[][] {
                {Float.NaN, 0.8f, 0.5f, 0.3f, 0.7f},
                {0.2f, 0.6f, 0.8f, 0.4f, 1.0f},
                {0.1f, 0.9f, 0.3f, 0.3f, 0.2f}});
        assertThatThrownBy(() -> new FullRankingEvaluator(SPLIT, ALL, new int[] {2}, 1).evaluate(model, Target.TEST, Progress.NOOP))
                .hasMessageContaining("user 0 (external id '0'), item 0");
    }

    @Test
    void unwrittenScoreIsRejected() {
        // writes items 0..3 only: the evaluator's NaN pre-fill exposes item 4
        Model lazy = new Model() {
            @Override
            public void fit(TrainingData trainingData) {
                DataSplit split = DataSplit.of(trainingData);
            }

            @Override
            public void score(int user, float[] out) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void score(int[] users, float[] out, int numItems) {
                for (int j = 0; j < users.length; j++) {
                    for (int i = 0; i < numItems - 1; i++) {
                        out[j * numItems + i] = i;
                    }
                }
            }
        };
        assertThatThrownBy(() -> new FullRankingEvaluator(SPLIT, ALL, new int[] {2}, 1).evaluate(lazy, Target.TEST, Progress.NOOP))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unwritten")
                .hasMessageContaining("item 4");
    }

    @Test
    void modelExceptionPropagatesFromPoolWorkers() {
        // 1000 users with one test item each: four blocks, so four pooled workers; user 900 fails
        int numUsers = 1000;
        int[][] test = new int[numUsers][];
        Arrays.setAll(test, u -> new int[] {u % 5});
        DataSplit split = TestSplits.of(5, TestSplits.none(numUsers), TestSplits.none(numUsers), test);
        Model broken = new Model() {
            @Override
            public void fit(TrainingData trainingData) {
                DataSplit s = DataSplit.of(trainingData);
            }

            @Override
            public void score(int user, float[] out) {
                if (user == 900) {
                    throw new IllegalArgumentException("cannot score user 900");
                }
                Arrays.fill(out, 0, 5, 1f);
            }
        };
        AtomicLong done = new AtomicLong();
        Progress counting = new Progress() {
            @Override
            public void start(String task, long total) {
            }

            @Override
            public void step(long delta) {
            }

            @Override
            public void message(String text) {
            }

            @Override
            public void done() {
                done.incrementAndGet();
            }
        };
        assertThatThrownBy(() -> new FullRankingEvaluator(split, ALL, new int[] {2}, 4).evaluate(broken, Target.TEST, counting))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot score user 900");
        assertThat(done.get()).as("progress ended despite the failure").isEqualTo(1);
    }

    @Test
    void progressCountsEvaluatedUsers() {
        AtomicLong total = new AtomicLong();
        AtomicLong steps = new AtomicLong();
        List<String> events = new ArrayList<>();
        Progress progress = new Progress() {
            @Override
            public void start(String task, long t) {
                events.add("start " + task);
                total.set(t);
            }

            @Override
            public void step(long delta) {
                steps.addAndGet(delta);
            }

            @Override
            public void message(String text) {
            }

            @Override
            public void done() {
                events.add("done");
            }
        };
        new FullRankingEvaluator(SPLIT, ALL, new int[] {2}, 2).evaluate(MODEL, Target.TEST, progress);

        assertThat(events).containsExactly("start evaluate test", "done");
        assertThat(total.get()).isEqualTo(2);
        assertThat(steps.get()).isEqualTo(2);
    }

    @Test
    void noUserWithTruthGivesNaN() {
        DataSplit split = TestSplits.of(3, new int[][] {{0}}, new int[][] {{}}, new int[][] {{1}});
        EvaluationResult r = new FullRankingEvaluator(split, List.of(RECALL), new int[] {1}, 2)
                .evaluate(new ScoreTableModel(new float[][] {{1f, 2f, 3f}}), Target.VALID, Progress.NOOP);

        assertThat(r.users()).isZero();
        assertThat(r.get(RECALL, 1)).isNaN();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new FullRankingEvaluator(SPLIT, List.of(), new int[] {1}, 1)).hasMessageContaining("no metrics");
        assertThatThrownBy(() -> new FullRankingEvaluator(SPLIT, List.of(HIT, HIT), new int[] {1}, 1)).hasMessageContaining("hit is listed twice");
        assertThatThrownBy(() -> new FullRankingEvaluator(SPLIT, ALL, new int[] {}, 1)).hasMessageContaining("no cut-off");
        assertThatThrownBy(() -> new FullRankingEvaluator(SPLIT, ALL, new int[] {10, 0}, 1)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> new FullRankingEvaluator(SPLIT, ALL, new int[] {10}, 0)).hasMessageContaining("threads");
        assertThat(new FullRankingEvaluator(SPLIT, ALL, new int[] {20, 10, 20}, 1).ks()).containsExactly(10, 20);
    }

    @Test
    void hugeCataloguesShrinkTheBlock() {
        assertThat(FullRankingEvaluator.blockUsers(3_700)).isEqualTo(FullRankingEvaluator.MAX_BLOCK_USERS);
        assertThat(FullRankingEvaluator.blockUsers(1 << 20)).isEqualTo(16);
        assertThat(FullRankingEvaluator.blockUsers(1 << 30)).isEqualTo(1);
    }

    private static int[] randomItems(SplittableRandom rnd, int numItems, int n) {
        Set<Integer> s = new HashSet<>();
        while (s.size() < n) {
            s.add(rnd.nextInt(numItems));
        }
        int[] a = new int[n];
        int w = 0;
        for (int i : s) {
            a[w++] = i;
        }
        return a;
    }

    /** The definitions applied literally: full sort of the candidates, per-user metrics, plain averages. */
    private static EvaluationResult bruteForce(DataSplit split, float[][] scores, Target target, int[] ks) {
        int numItems = split.train().numItems();
        double[] values = new double[ALL.size() * ks.length];
        List<Set<Integer>> union = new ArrayList<>();
        for (int k = 0; k < ks.length; k++) {
            union.add(new HashSet<>());
        }
        int users = 0;
        for (int u = 0; u < split.train().numUsers(); u++) {
            Set<Integer> truth = toSet((target == Target.VALID ? split.valid() : split.test()).itemsOf(u));
            if (target == Target.TEST_COLD) {
                truth.removeIf(i -> java.util.Arrays.binarySearch(split.coldItems(), i) < 0);
            }
            if (truth.isEmpty()) {
                continue;
            }
            users++;
            Set<Integer> used = toSet(split.train().itemsOf(u));
            if (target == Target.TEST || target == Target.TEST_COLD) {
                used.addAll(toSet(split.valid().itemsOf(u)));
            }
            if (target == Target.TEST_UNMASKED) {
                used.clear();
            }
            used.removeAll(truth);
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < numItems; i++) {
                if (!used.contains(i)) {
                    candidates.add(i);
                }
            }
            float[] s = scores[u];
            candidates.sort((a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
            for (int ki = 0; ki < ks.length; ki++) {
                int k = ks[ki];
                List<Integer> top = candidates.subList(0, Math.min(k, candidates.size()));
                union.get(ki).addAll(top);
                int hits = 0;
                double dcg = 0;
                int first = 0;
                for (int r = 0; r < top.size(); r++) {
                    if (truth.contains(top.get(r))) {
                        hits++;
                        dcg += 1 / (Math.log(r + 2) / Math.log(2));
                        if (first == 0) {
                            first = r + 1;
                        }
                    }
                }
                double idcg = 0;
                for (int i = 1; i <= Math.min(truth.size(), k); i++) {
                    idcg += 1 / (Math.log(i + 1) / Math.log(2));
                }
                double[] perMetric = {(double) hits / truth.size(), dcg / idcg, hits > 0 ? 1 : 0, first > 0 ? 1.0 / first : 0,
                        (double) hits / k, 0};
                for (int m = 0; m < ALL.size(); m++) {
                    values[m * ks.length + ki] += perMetric[m];
                }
            }
        }
        for (int m = 0; m < ALL.size(); m++) {
            for (int ki = 0; ki < ks.length; ki++) {
                values[m * ks.length + ki] = ALL.get(m) == COVERAGE ? (double) union.get(ki).size() / numItems
                        : values[m * ks.length + ki] / users;
            }
        }
        return new EvaluationResult(ALL, ks, values, users);
    }

    private static Set<Integer> toSet(int[] items) {
        Set<Integer> s = new HashSet<>();
        for (int i : items) {
            s.add(i);
        }
        return s;
    }

    @Test
    void bruteForceHelperAgreesWithTheHandExample() {
        // guards the reference itself against sharing a bug with the evaluator
        float[][] scores = {{0.9f, 0.8f, 0.5f, 0.3f, 0.7f}, {0.2f, 0.6f, 0.8f, 0.4f, 1.0f}, {0.1f, 0.9f, 0.3f, 0.3f, 0.2f}};
        EvaluationResult r = bruteForce(SPLIT, scores, Target.VALID, new int[] {3});
        assertThat(r.get(MRR, 3)).isCloseTo((1.0 / 3 + 0.5) / 2, EPS);
        assertThat(r.users()).isEqualTo(2);
    }
}
