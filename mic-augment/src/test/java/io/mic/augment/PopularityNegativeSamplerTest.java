package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.core.data.DataSplit;
import io.mic.spi.Column;
import io.mic.spi.ComponentContext;
import io.mic.spi.ConfigException;
import io.mic.spi.Sampler;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;
import io.mic.spi.Schema;
import io.mic.testkit.SamplerContractTest;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PopularityNegativeSamplerTest extends SamplerContractTest {
    private static final int ITEMS = 50;

    @Override
    protected SamplerFactory factory() {
        return new PopularityNegativeSamplerFactory();
    }

    @Override
    protected Expected expected() {
        return new Expected(4, Samples.Target.ITEM, false, false);
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("per_row", "0"), Map.of("target", "items"));
    }

    /** Zipf counts over 50 items, the last five never seen in training. */
    private static int[] counts() {
        int[] c = Splits.zipf(ITEMS, 1000);
        for (int i = 45; i < ITEMS; i++) {
            c[i] = 0;
        }
        return c;
    }

    private static ComponentContext contextFor(int[] itemCounts) {
        return TestContext.of(Schema.of(100, itemCounts.length)).withData(Splits.withItemCounts(100, itemCounts));
    }

    /** Expected distribution: count^alpha, without the excluded id, normalised. */
    private static double[] expected(int[] counts, double alpha, int excluded) {
        double[] q = new double[counts.length];
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            q[i] = i == excluded ? 0 : Math.pow(counts[i], alpha);
            sum += q[i];
        }
        for (int i = 0; i < q.length; i++) {
            q[i] /= sum;
        }
        return q;
    }

    private static double totalVariation(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / 2;
    }

    /** Empirical distribution of {@code rows * 4} negatives for rows whose positive is {@code positive}. */
    private static double[] draw(Sampler s, int rows, int positive, int numIds, long seed) {
        int[] users = new int[rows];
        int[] items = new int[rows];
        java.util.Arrays.fill(items, positive);
        Samples out = s.sample(users, items, new SplittableRandom(seed));
        double[] f = new double[numIds];
        for (int id : out.ids()) {
            f[id]++;
        }
        for (int i = 0; i < numIds; i++) {
            f[i] /= out.ids().length;
        }
        return f;
    }

    @Test
    void aliasTableHoldsExactlyTheNormalisedWeights() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] w = new double[257];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = i % 7 == 0 ? 0 : rnd.nextDouble() * (i % 3 == 0 ? 1000 : 1);
            sum += w[i];
        }
        AliasTable t = AliasTable.of(w);
        for (int i = 0; i < w.length; i++) {
            assertThat(t.probability(i)).as("id %d", i).isCloseTo(w[i] / sum, within(1e-12));
        }
        assertThatThrownBy(() -> AliasTable.of(new double[] {0, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AliasTable.of(new double[] {1, -1})).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * 200k draws (50k rows x 4) whose positive is item 0, the most popular: frequencies must match
     * count^0.75 over the other items. Why total variation below 0.02: E|f_i - q_i| ≤ sqrt(q_i / N),
     * so E[TV] ≤ ½ Σ sqrt(q_i / N) ≤ ½ sqrt(m / N) = 0.0074 for m = 44 drawable ids and N = 200k
     * (Cauchy–Schwarz); one draw moves TV by at most 1/N, so by McDiarmid P(TV ≥ E[TV] + 0.0126) ≤
     * exp(-2 · 0.0126² · N) ≈ e^-63. Conversely a wrong exponent (alpha = 1, or uniform) or a
     * failure to exclude the positive lies more than 0.05 away, which the last assertions confirm.
     */
    @Test
    void frequenciesFollowCountToTheAlphaWithoutThePositive() {
        int[] counts = counts();
        Sampler s = Plugins.sampler(name(), Map.of("alpha", "0.75", "per_row", "4", "exclude_train_items", "false"),
                contextFor(counts));
        double[] f = draw(s, 50_000, 0, ITEMS, 17);
        double[] q = expected(counts, 0.75, 0);
        assertThat(totalVariation(f, q)).isLessThan(0.02);
        assertThat(f[0]).as("the positive").isZero();
        for (int i = 45; i < ITEMS; i++) {
            assertThat(f[i]).as("unseen item %d", i).isZero();
        }
        // the check discriminates: plausible mistakes are far outside the tolerance
        assertThat(totalVariation(f, expected(counts, 1.0, 0))).isGreaterThan(0.05);
        assertThat(totalVariation(f, expected(counts, 0.5, 0))).isGreaterThan(0.05);
        assertThat(totalVariation(f, expected(counts, 0.75, -1))).isGreaterThan(0.05);
    }

    @Test
    void alphaZeroIsUniformOverEveryId() {
        int[] counts = counts();
        Sampler s = Plugins.sampler(name(), Map.of("alpha", "0", "exclude_train_items", "false"), contextFor(counts));
        double[] f = draw(s, 50_000, 3, ITEMS, 5);
        double[] uniform = new double[ITEMS];
        java.util.Arrays.fill(uniform, 1.0 / (ITEMS - 1));
        uniform[3] = 0;
        // same bound as above with m = 49: E[TV] ≤ 0.0078
        assertThat(totalVariation(f, uniform)).isLessThan(0.02);
        assertThat(f[47]).as("an unseen item is drawn when alpha = 0").isPositive();
    }

    @Test
    void userTargetWeighsUsersByTheirTrainingCounts() {
        // user u has u interactions (user 0 none), items arbitrary
        int users = 20;
        int n = users * (users - 1) / 2;
        int[] u = new int[n];
        int[] it = new int[n];
        for (int x = 1, k = 0; x < users; x++) {
            for (int j = 0; j < x; j++, k++) {
                u[k] = x;
                it[k] = j % 7;
            }
        }
        ComponentContext ctx = TestContext.of(Schema.of(users, 7)).withData(Splits.of(users, 7, u, it));
        Sampler s = Plugins.sampler(name(), Map.of("target", "user", "alpha", "1", "per_row", "2"), ctx);
        int rows = 100_000;
        int[] batchUsers = new int[rows];
        java.util.Arrays.fill(batchUsers, 5);
        Samples out = s.sample(batchUsers, new int[rows], new SplittableRandom(8));
        assertThat(out.target()).isEqualTo(Samples.Target.USER);
        double[] f = new double[users];
        for (int id : out.ids()) {
            f[id] += 1.0 / out.ids().length;
        }
        int[] counts = new int[users];
        for (int x = 0; x < users; x++) {
            counts[x] = x;
        }
        // 200k draws over m = 18 ids: E[TV] ≤ ½ sqrt(18 / 200k) = 0.0047
        assertThat(totalVariation(f, expected(counts, 1.0, 5))).isLessThan(0.02);
        assertThat(f[0]).isZero();
        assertThat(f[5]).isZero();
    }

    @Test
    void withoutTheTrainingSplitCreateFailsClearly() {
        assertThatThrownBy(() -> Plugins.sampler(name(), Map.of(), TestContext.of(Batches.SCHEMA)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("popularity-negative")
                .hasMessageContaining("io.mic.core.data.DataSplit")
                .hasMessageContaining("training");
    }

    @Test
    void aTrainingSplitWithoutInteractionsIsRejected() {
        assertThatThrownBy(() -> Plugins.sampler(name(), Map.of(), contextFor(new int[3])))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no item interactions");
    }

    @Test
    void whenThePositiveHoldsAllTheMassSlotsArePaddedAndCounted() {
        int[] counts = {100, 0, 0};
        TestContext.RecordingSink sink = new TestContext.RecordingSink();
        ComponentContext ctx = TestContext.of(Schema.of(100, 3)).withData(Splits.withItemCounts(100, counts)).withMetrics(sink);
        Sampler s = Plugins.sampler(name(), Map.of("per_row", "2"), ctx);
        Samples out = s.sample(new int[] {1, 2}, new int[] {0, 1}, new SplittableRandom(1));
        assertThat(out.ids()).containsExactly(Column.MISSING, Column.MISSING, 0, 0);
        assertThat(sink.counts).containsEntry("sampler.popularity-negative.exhausted", 2L);
    }

    @Test
    void alphaOutOfRangeIsRejected() {
        assertThatThrownBy(() -> create(Map.of("alpha", "-1"))).isInstanceOf(ConfigException.class).hasMessageContaining("'alpha'");
    }
}
