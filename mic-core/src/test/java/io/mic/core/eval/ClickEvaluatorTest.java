package io.mic.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.IdMap;
import io.mic.core.data.InteractionMatrix;
import io.mic.spi.Model;
import io.mic.spi.TrainingData;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClickEvaluatorTest {

    /** AUC as the definition: over all (positive, negative) pairs, 1 if pos > neg, 1/2 if equal. */
    private static double bruteAuc(float[] s, byte[] y) {
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    sum += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        return sum / pairs;
    }

    @Test
    void aucMatchesBruteForceWithTies() {
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 200; t++) {
            int n = 2 + r.nextInt(60);
            float[] s = new float[n];
            byte[] y = new byte[n];
            int levels = 1 + r.nextInt(6); // few distinct scores: many ties
            for (int i = 0; i < n; i++) {
                s[i] = r.nextInt(levels) * 0.5f;
                y[i] = (byte) r.nextInt(2);
            }
            y[0] = 1;
            y[1] = 0;
            assertThat(ClickEvaluator.auc(s, y)).as("trial %d", t).isCloseTo(bruteAuc(s, y), within(1e-12));
        }
        assertThat(ClickEvaluator.auc(new float[] {1, 2, 3}, new byte[] {0, 1, 1})).isEqualTo(1.0);
        assertThat(ClickEvaluator.auc(new float[] {1, 1}, new byte[] {0, 1})).isEqualTo(0.5);
        assertThat(ClickEvaluator.auc(new float[] {1, 2}, new byte[] {1, 1})).isNaN();
    }

    @Test
    void bestThresholdMatchesAScanOfEveryCandidate() {
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 0; t < 100; t++) {
            int n = 1 + r.nextInt(40);
            float[] s = new float[n];
            byte[] y = new byte[n];
            for (int i = 0; i < n; i++) {
                s[i] = r.nextInt(8) - 4;
                y[i] = (byte) r.nextInt(2);
            }
            double best = ClickEvaluator.accuracy(s, y, Double.POSITIVE_INFINITY);
            for (float c : s) {
                best = Math.max(best, ClickEvaluator.accuracy(s, y, c));
            }
            double[] got = ClickEvaluator.bestThreshold(s, y);
            assertThat(got[1]).isCloseTo(best, within(1e-12));
            assertThat(ClickEvaluator.accuracy(s, y, got[0])).isCloseTo(best, within(1e-12));
        }
    }

    /** 30 users x 40 items, each user rated 12 random items with ratings 1..5. */
    private static Dataset world() {
        SplittableRandom r = new SplittableRandom(11);
        int users = 30;
        int items = 40;
        int per = 12;
        int[] u = new int[users * per];
        int[] it = new int[users * per];
        float[] rt = new float[users * per];
        int k = 0;
        for (int a = 0; a < users; a++) {
            Set<Integer> seen = new HashSet<>();
            while (seen.size() < per) {
                int i = r.nextInt(items);
                if (seen.add(i)) {
                    u[k] = a;
                    it[k] = i;
                    rt[k] = 1 + r.nextInt(5);
                    k++;
                }
            }
        }
        return new Dataset("w", IdMap.range(users), IdMap.range(items), u, it, rt, null, null, List.of(), List.of());
    }

    @Test
    void splitHoldsPositivesSixTwoTwoAndNegativesAreNeverRated() {
        Dataset d = world();
        DataSplit s = ClickProtocol.split(d, 1);
        int positives = 0;
        for (float x : d.ratings()) {
            positives += x >= 4 ? 1 : 0;
        }
        assertThat(s.train().nnz() + s.valid().nnz() + s.test().nnz()).isEqualTo(positives);
        assertThat(s.valid().nnz()).isEqualTo((int) (0.2 * positives));
        assertThat(s.test().nnz()).isEqualTo((int) (0.2 * positives));
        for (float x : s.train().ratings()) {
            assertThat(x).isGreaterThanOrEqualTo(4f);
        }
        ClickProtocol.Pairs[] p = ClickProtocol.pairs(s, 9);
        InteractionMatrix all = d.toMatrix();
        int[] negPerUser = new int[d.numUsers()];
        int[] posPerUser = new int[d.numUsers()];
        for (ClickProtocol.Pairs part : p) {
            for (int i = 0; i < part.size(); i++) {
                if (part.labels()[i] == 0) {
                    negPerUser[part.users()[i]]++;
                    int user = part.users()[i];
                    int item = part.items()[i];
                    for (int q = all.start(user); q < all.end(user); q++) {
                        assertThat(all.items()[q]).as("negative (%d, %d) was rated", user, item).isNotEqualTo(item);
                    }
                } else {
                    posPerUser[part.users()[i]]++;
                }
            }
        }
        assertThat(negPerUser).containsExactly(posPerUser);
        // deterministic under the seed
        ClickProtocol.Pairs[] again = ClickProtocol.pairs(ClickProtocol.split(d, 1), 9);
        assertThat(again[2].items()).containsExactly(p[2].items());
        assertThat(again[2].labels()).containsExactly(p[2].labels());
    }

    @Test
    void anOracleModelScoresAucOneAndARandomOneAboutHalf() {
        Dataset d = world();
        DataSplit s = ClickProtocol.split(d, 2);
        ClickEvaluator e = new ClickEvaluator(s, 4);
        InteractionMatrix all = d.toMatrix();
        Model oracle = new Model() {
            @Override
            public void fit(TrainingData trainingData) {
                DataSplit split = DataSplit.of(trainingData);
            }

            @Override
            public void score(int user, float[] out) {
                java.util.Arrays.fill(out, 0f);
                for (int q = all.start(user); q < all.end(user); q++) {
                    out[all.items()[q]] = all.ratings()[q] >= 4 ? 1f : 0f;
                }
            }
        };
        ClickEvaluator.Result r = e.evaluate(oracle);
        assertThat(r.testAuc()).isEqualTo(1.0);
        assertThat(r.testAcc()).isEqualTo(1.0);
        Model constant = new Model() {
            @Override
            public void fit(TrainingData trainingData) {
                DataSplit split = DataSplit.of(trainingData);
            }

            @Override
            public void score(int user, float[] out) {
                java.util.Arrays.fill(out, 0f);
            }
        };
        assertThat(e.evaluate(constant).testAuc()).isEqualTo(0.5);
    }
}
