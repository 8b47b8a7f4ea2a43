package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.Column;
import io.mic.spi.ConfigException;
import io.mic.spi.FeatureBatch;
import io.mic.testkit.AugmenterContractTest;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FieldMaskAugmenterTest extends AugmenterContractTest {

    @Override
    protected AugmenterFactory factory() {
        return new FieldMaskAugmenterFactory();
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("p", "1.5"), Map.of("sequence_p", "-0.1"), Map.of("p.gender", "2"));
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("p", "0.3", "sequence_p", "0.3");
    }

    /**
     * Tolerance for a Bernoulli rate estimated from {@code n} draws: five standard errors. The draws
     * are seeded, so the test is deterministic; five standard errors is loose enough that a correct
     * implementation passes for essentially any seed (two-sided tail ≈ 6e-7), and tight enough to
     * catch an off-by-a-factor rate (e.g. p applied twice: 0.09 instead of 0.3).
     */
    private static double tolerance(double p, long n) {
        return 5 * Math.sqrt(p * (1 - p) / n);
    }

    @Test
    void wholeFieldMaskRateIsP() {
        int rows = 40_000;
        FeatureBatch in = Batches.users(rows, 3);
        FeatureBatch out = create(Map.of("p", "0.3", "sequence_p", "0")).augment(in, new SplittableRandom(9));
        for (String name : new String[] {"id", "gender"}) {
            int[] v = out.ids(name).values();
            int masked = 0;
            for (int r = 0; r < rows; r++) {
                if (v[r] == Column.MISSING) {
                    masked++;
                } else {
                    assertThat(v[r]).isEqualTo(in.ids(name).values()[r]);
                }
            }
            assertThat((double) masked / rows).as(name).isCloseTo(0.3, within(tolerance(0.3, rows)));
        }
    }

    @Test
    void perFieldOverrideReplacesP() {
        int rows = 40_000;
        FeatureBatch in = Batches.users(rows, 3);
        FeatureBatch out = create(Map.of("p", "0.1", "p.gender", "0.6", "sequence_p", "0")).augment(in, new SplittableRandom(9));
        assertThat(missingRate(out.ids("gender").values())).isCloseTo(0.6, within(tolerance(0.6, rows)));
        assertThat(missingRate(out.ids("id").values())).isCloseTo(0.1, within(tolerance(0.1, rows)));
    }

    @Test
    void sequenceIdsAreDroppedWithSequencePAndOrderIsKept() {
        int rows = 20_000;
        int len = 10;
        int[][] h = new int[rows][];
        for (int r = 0; r < rows; r++) {
            h[r] = new int[len];
            for (int i = 0; i < len; i++) {
                h[r][i] = r * len + i;
            }
        }
        FeatureBatch in = FeatureBatch.of(rows, Map.of(FeatureBatch.HISTORY, Batches.multi(h)));
        FeatureBatch out = create(Map.of("p", "0.2", "sequence_p", "0.3")).augment(in, new SplittableRandom(4));
        Column.MultiIds hist = out.multi(FeatureBatch.HISTORY);
        long emptyRows = 0;
        long unmaskedRows = 0;
        long kept = 0;
        for (int r = 0; r < rows; r++) {
            int[] got = Batches.row(hist, r);
            // a subsequence of the original row, in order
            int prev = -1;
            for (int v : got) {
                assertThat(v / len).isEqualTo(r);
                assertThat(v).isGreaterThan(prev);
                prev = v;
            }
            if (got.length == 0) {
                emptyRows++;
            } else {
                unmaskedRows++;
                kept += got.length;
            }
        }
        // an unmasked row loses all 10 ids with probability 0.3^10 ≈ 6e-6: the empty rate is p up to that
        assertThat((double) emptyRows / rows).isCloseTo(0.2, within(tolerance(0.2, rows)));
        long slots = unmaskedRows * len;
        assertThat((double) kept / slots).isCloseTo(0.7, within(tolerance(0.7, slots)));
    }

    @Test
    void denseRowsAreZeroedWhole() {
        int rows = 20_000;
        FeatureBatch in = Batches.users(rows, 5);
        FeatureBatch out = create(Map.of("p", "0.25", "fields", "title")).augment(in, new SplittableRandom(2));
        float[] before = in.dense("title").values();
        float[] after = out.dense("title").values();
        int dim = Batches.TEXT_DIM;
        int zeroed = 0;
        for (int r = 0; r < rows; r++) {
            boolean allZero = true;
            boolean same = true;
            for (int d = 0; d < dim; d++) {
                allZero &= after[r * dim + d] == 0f;
                same &= after[r * dim + d] == before[r * dim + d];
            }
            assertThat(allZero || same).as("row %d is either zeroed or untouched", r).isTrue();
            if (allZero) {
                zeroed++;
            }
        }
        assertThat((double) zeroed / rows).isCloseTo(0.25, within(tolerance(0.25, rows)));
    }

    @Test
    void pOneMasksEverythingAndPZeroNothing() {
        FeatureBatch in = Batches.users(50, 1);
        FeatureBatch all = create(Map.of("p", "1", "sequence_p", "0")).augment(in, new SplittableRandom(1));
        assertThat(all.ids("id").values()).containsOnly(Column.MISSING);
        assertThat(all.ids("gender").values()).containsOnly(Column.MISSING);
        assertThat(all.multi(FeatureBatch.HISTORY).values()).isEmpty();
        assertThat(all.multi(FeatureBatch.HISTORY).offsets()).containsOnly(0);
        assertThat(all.dense("title").values()).containsOnly(0f);

        FeatureBatch none = create(Map.of("p", "0", "sequence_p", "0")).augment(in, new SplittableRandom(1));
        for (String name : in.names()) {
            assertThat(none.column(name)).as("unchanged column '%s' is shared", name).isSameAs(in.column(name));
        }
    }

    @Test
    void onlyListedFieldsAreConsidered() {
        FeatureBatch in = Batches.users(200, 2);
        FeatureBatch out = create(Map.of("p", "1", "fields", "gender, history")).augment(in, new SplittableRandom(1));
        assertThat(out.ids("gender").values()).containsOnly(Column.MISSING);
        assertThat(out.multi(FeatureBatch.HISTORY).values()).isEmpty();
        assertThat(out.column("id")).isSameAs(in.column("id"));
        assertThat(out.column("age")).isSameAs(in.column("age"));
        assertThat(out.column("title")).isSameAs(in.column("title"));
    }

    @Test
    void aFieldAbsentAtAugmentTimeIsAnError() {
        Augmenter a = create(Map.of("fields", "gender,genres"));
        assertThatThrownBy(() -> a.augment(Batches.users(10, 1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'genres'")
                .hasMessageContaining("fields")
                .hasMessageContaining("[id, gender, age, history, title]");
    }

    @Test
    void overrideForAColumnTheBatchLacksIsHarmlessWithDefaultFields() {
        // one configuration serves user and item batches: p.gender has nothing to do on items
        Augmenter a = create(Map.of("p", "0", "p.gender", "1", "sequence_p", "0"));
        FeatureBatch items = Batches.items(20, 1);
        Batches.assertSameContent(a.augment(items, new SplittableRandom(1)), items);
        assertThat(a.augment(Batches.users(20, 1), new SplittableRandom(1)).ids("gender").values()).containsOnly(Column.MISSING);
    }

    @Test
    void outOfRangeOrMalformedProbabilitiesAreRejected() {
        assertThatThrownBy(() -> create(Map.of("p", "1.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'p'").hasMessageContaining("1.5").hasMessageContaining("[0.0, 1.0]");
        assertThatThrownBy(() -> create(Map.of("p", "-0.1"))).isInstanceOf(ConfigException.class).hasMessageContaining("'p'");
        assertThatThrownBy(() -> create(Map.of("p", "often"))).isInstanceOf(ConfigException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> create(Map.of("sequence_p", "2"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sequence_p'");
        assertThatThrownBy(() -> create(Map.of("p.gender", "NaN"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'p.gender'");
    }

    @Test
    void overridesNamingUnknownColumnsAreRejected() {
        assertThatThrownBy(() -> create(Map.of("p.gendr", "0.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'p.gendr'")
                .hasMessageContaining("gender");
        assertThatThrownBy(() -> create(Map.of("fields", "id,history", "p.gender", "0.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'p.gender'")
                .hasMessageContaining("not in 'fields'");
        assertThatThrownBy(() -> create(Map.of("p.", "0.5"))).isInstanceOf(ConfigException.class).hasMessageContaining("p.<field>");
        assertThatThrownBy(() -> create(Map.of("fields", "id,id"))).isInstanceOf(ConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> create(Map.of("fields", " , "))).isInstanceOf(ConfigException.class).hasMessageContaining("empty");
    }

    private static double missingRate(int[] v) {
        int m = 0;
        for (int x : v) {
            if (x == Column.MISSING) {
                m++;
            }
        }
        return (double) m / v.length;
    }
}
