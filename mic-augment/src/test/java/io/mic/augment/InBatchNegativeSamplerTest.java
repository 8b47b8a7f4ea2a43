package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mic.spi.Column;
import io.mic.spi.Sampler;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;
import io.mic.testkit.SamplerContractTest;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InBatchNegativeSamplerTest extends SamplerContractTest {

    @Override
    protected SamplerFactory factory() {
        return new InBatchNegativeSamplerFactory();
    }

    @Override
    protected Expected expected() {
        return new Expected(4, Samples.Target.ITEM, false, false);
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("per_row", "0"), Map.of("target", "items"));
    }

    @Test
    void negativesAreOtherRowsIdsInProportionToTheirBatchFrequency() {
        // the base distribution, without excluding training items (NegativeExclusionTest covers that)
        Sampler s = create(Map.of("per_row", "4", "exclude_train_items", "false"));
        int[] items = {0, 0, 0, 1, 2, 3};
        int[] users = {10, 11, 12, 13, 14, 15};
        int reps = 20_000;
        double[][] freq = new double[items.length][4];
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < reps; i++) {
            Samples out = s.sample(users, items, rnd);
            for (int r = 0; r < items.length; r++) {
                for (int j = 0; j < 4; j++) {
                    freq[r][out.ids()[r * 4 + j]] += 1.0 / (reps * 4);
                }
            }
        }
        // row 5 (item 3): the other rows hold 0,0,0,1,2; row 0 (item 0): its duplicates are redrawn,
        // leaving 1,2,3 uniformly. Five standard errors over 80k draws: at most 0.0089.
        double tol = 5 * Math.sqrt(0.25 / (reps * 4));
        assertThat(freq[5]).containsExactly(new double[] {0.6, 0.2, 0.2, 0}, within(tol));
        assertThat(freq[0]).containsExactly(new double[] {0, 1 / 3.0, 1 / 3.0, 1 / 3.0}, within(tol));
    }

    @Test
    void userTargetDrawsOtherRowsUsers() {
        Sampler s = create(Map.of("target", "user", "per_row", "3"));
        int[] users = {7, 8, 9};
        Samples out = s.sample(users, new int[] {0, 0, 0}, new SplittableRandom(1));
        assertThat(out.target()).isEqualTo(Samples.Target.USER);
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 3; j++) {
                int id = out.ids()[r * 3 + j];
                assertThat(id).isIn(7, 8, 9).isNotEqualTo(users[r]);
            }
        }
    }

    @Test
    void withNoOtherIdTheSlotsArePadded() {
        Sampler s = create(Map.of("per_row", "2"));
        assertThat(s.sample(new int[] {1}, new int[] {4}, new SplittableRandom(1)).ids()).containsOnly(Column.MISSING);
        assertThat(s.sample(new int[] {1, 2, 3}, new int[] {4, 4, 4}, new SplittableRandom(1)).ids()).containsOnly(Column.MISSING);
        // a MISSING id in another row is never a negative
        assertThat(s.sample(new int[] {1, 2}, new int[] {4, Column.MISSING}, new SplittableRandom(1)).ids())
                .containsExactly(Column.MISSING, Column.MISSING, 4, 4);
    }
}
