package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.InteractionMatrix;
import io.mic.spi.Column;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;
import io.mic.testkit.SamplerContractTest;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code knn-positive} with {@code space: interactions}: neighbours by co-consumption, through the Sampler kit too. */
class CooccurrencePositivesTest extends SamplerContractTest {

    @Override
    protected SamplerFactory factory() {
        return new KnnPositiveSamplerFactory();
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("space", "interactions", "per_row", "2", "k", "5");
    }

    @Override
    protected Expected expected() {
        return new Expected(2, Samples.Target.ITEM, true, false);
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("space", "graph"), Map.of("k", "0"));
    }

    /**
     * Users × items: u0 {0,1,2}, u1 {0,1}, u2 {1,3}, u3 {3} (u3 consumed item 3 twice). Item
     * cosines: (0,1) 2/√(2·3) = .816, (1,2) 1/√3 = .577, (0,2) 1/√2 = .707, (1,3) 1/√(3·2) = .408;
     * item 4 was never consumed.
     */
    private static InteractionMatrix byUser() {
        return new InteractionMatrix(4, 5, new int[] {0, 3, 5, 7, 9}, new int[] {0, 1, 2, 0, 1, 1, 3, 3, 3}, null, null);
    }

    @Test
    void itemNeighboursAreCosineOfTheirUserSetsBestFirst() {
        InteractionMatrix train = byUser();
        CooccurrenceNeighbors t = CooccurrenceNeighbors.topK(train.transpose(), train, 3);
        assertThat(t.width).isEqualTo(3);
        assertThat(row(t, 0)).containsExactly(1, 2);
        assertThat(row(t, 1)).containsExactly(0, 2, 3);
        assertThat(row(t, 2)).containsExactly(0, 1);
        assertThat(row(t, 3)).containsExactly(1);
        assertThat(row(t, 4)).isEmpty();
        assertThat(t.ids[4 * 3]).isEqualTo(Column.MISSING);
    }

    @Test
    void userNeighboursShareItemsAndKeepOnlyTheTopK() {
        InteractionMatrix train = byUser();
        CooccurrenceNeighbors t = CooccurrenceNeighbors.topK(train, train.transpose(), 1);
        // u0 shares 2 items with u1 (2/√6 = .816) and 1 with u2 (1/√6)
        assertThat(row(t, 0)).containsExactly(1);
        // u3's item 3 is shared only with u2
        assertThat(row(t, 3)).containsExactly(2);
    }

    @Test
    void samplesComeFromTheRowsNeighboursAndPadWhenThereAreFewer() {
        InteractionMatrix train = byUser();
        KnnPositiveSampler s = new KnnPositiveSampler(CooccurrenceNeighbors.topK(train.transpose(), train, 3), 3, 2,
                Samples.Target.ITEM, io.mic.spi.MetricsSink.NOOP);
        assertThat(s.refreshEvery()).isZero();
        Samples out = s.sample(new int[] {0, 0, 0}, new int[] {3, 4, 1}, new SplittableRandom(5));
        assertThat(out.ids()[0]).isEqualTo(1);
        assertThat(out.ids()[1]).isEqualTo(Column.MISSING);
        assertThat(out.ids()[2]).isEqualTo(Column.MISSING);
        assertThat(out.ids()[3]).isEqualTo(Column.MISSING);
        assertThat(List.of(out.ids()[4], out.ids()[5])).doesNotHaveDuplicates().allMatch(i -> i == 0 || i == 2 || i == 3);
    }

    private static int[] row(CooccurrenceNeighbors t, int r) {
        return java.util.Arrays.copyOfRange(t.ids, r * t.width, r * t.width + t.counts[r]);
    }
}
