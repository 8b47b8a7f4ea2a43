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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequenceReorderAugmenterTest extends AugmenterContractTest {

    @Override
    protected AugmenterFactory factory() {
        return new SequenceReorderAugmenterFactory();
    }

    /** A sequence augmenter applies to batches that have its column: user batches, for the default 'history'. */
    @Override
    protected List<FeatureBatch> batches() {
        return List.of(data().users(256, 11), data().users(64, 13));
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("beta", "-1"));
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("beta", "0.5");
    }

    @Test
    void onlyAWindowOfFloorBetaNIsPermuted() {
        FeatureBatch in = Batches.users(500, 4);
        FeatureBatch out = create(Map.of("beta", "0.4")).augment(in, new SplittableRandom(6));
        Column.MultiIds before = in.multi(FeatureBatch.HISTORY);
        Column.MultiIds after = out.multi(FeatureBatch.HISTORY);
        assertThat(after.offsets()).isSameAs(before.offsets());
        for (int r = 0; r < in.size(); r++) {
            int[] orig = Batches.row(before, r);
            int[] got = Batches.row(after, r);
            int[] a = orig.clone();
            int[] b = got.clone();
            Arrays.sort(a);
            Arrays.sort(b);
            assertThat(b).as("row %d keeps its ids", r).containsExactly(a);
            int first = -1;
            int last = -1;
            for (int i = 0; i < orig.length; i++) {
                if (orig[i] != got[i]) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            if (first >= 0) {
                assertThat(last - first + 1).as("row %d changed span", r).isLessThanOrEqualTo((int) Math.floor(0.4 * orig.length + 1e-9));
            }
        }
    }

    @Test
    void fullWindowShuffleIsUniformOverPermutations() {
        int reps = 12_000;
        FeatureBatch in = FeatureBatch.of(1, Map.of(FeatureBatch.HISTORY, Batches.multi(new int[][] {{0, 1, 2}})));
        Augmenter a = create(Map.of("beta", "1"));
        SplittableRandom rnd = new SplittableRandom(5);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < reps; i++) {
            counts.merge(Arrays.toString(a.augment(in, rnd).multi(FeatureBatch.HISTORY).values()), 1, Integer::sum);
        }
        assertThat(counts).hasSize(6);
        // five standard errors of a Bernoulli(1/6) frequency over 12k draws: 0.017
        double tol = 5 * Math.sqrt((1.0 / 6) * (5.0 / 6) / reps);
        counts.values().forEach(c -> assertThat((double) c / reps).isCloseTo(1.0 / 6, within(tol)));
    }

    @Test
    void windowsShorterThanTwoChangeNothing() {
        FeatureBatch in = FeatureBatch.of(1, Map.of(FeatureBatch.HISTORY, Batches.multi(new int[][] {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}})));
        Augmenter a = create(Map.of("beta", "0.19"));
        for (long seed = 0; seed < 20; seed++) {
            Batches.assertSameContent(a.augment(in, new SplittableRandom(seed)), in);
        }
    }

    @Test
    void badParametersAreErrors() {
        assertThatThrownBy(() -> create(Map.of("beta", "-1"))).isInstanceOf(ConfigException.class).hasMessageContaining("'beta'");
        Augmenter a = create(Map.of("column", "genres"));
        assertThatThrownBy(() -> a.augment(Batches.users(3, 1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'genres'");
    }
}
