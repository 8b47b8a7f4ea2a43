package io.mic.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link WarmItems}: without cold items its draws are exactly {@code nextInt(numItems)} (what every
 * model drew before, so fingerprinted results do not move); with cold items it never returns one and
 * is uniform over the rest.
 */
class WarmItemsTest {
    private static DataSplit split() {
        return Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(60, 50, 3, 10, 0.8, 0.8), 1));
    }

    @Test
    void withoutColdItemsTheDrawsAreTheOldOnes() {
        WarmItems w = WarmItems.of(split());
        assertThat(w.hasCold()).isFalse();
        assertThat(w.size()).isEqualTo(50);
        assertThat(w.isCold(3)).isFalse();
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int k = 0; k < 1000; k++) {
            assertThat(w.uniform(a)).isEqualTo(b.nextInt(50));
        }
        SplittableRandom c = new SplittableRandom(8);
        SplittableRandom d = new SplittableRandom(8);
        for (int k = 0; k < 1000; k++) {
            int positive = k % 50;
            int old;
            do {
                old = d.nextInt(50);
            } while (old == positive);
            assertThat(w.otherThan(positive, c)).isEqualTo(old);
        }
        float[] v = new float[50 * 2];
        assertThat(w.warmRows(v, 2)).isSameAs(v);
    }

    @Test
    void withColdItemsNoneIsEverDrawnAndTheRestAreUniform() {
        DataSplit cold = Splitter.holdOutItems(split(), 0.3, 5);
        WarmItems w = WarmItems.of(cold);
        int[] coldIds = cold.coldItems();
        assertThat(w.hasCold()).isTrue();
        assertThat(w.cold()).containsExactly(coldIds);
        assertThat(w.size()).isEqualTo(50 - coldIds.length);
        assertThat(w.ids()).hasSize(w.size()).doesNotContain(coldIds).isSorted();
        int[] count = new int[50];
        SplittableRandom r = new SplittableRandom(3);
        int n = 200_000;
        for (int k = 0; k < n; k++) {
            count[w.uniform(r)]++;
        }
        double expected = (double) n / w.size();
        for (int i = 0; i < 50; i++) {
            if (w.isCold(i)) {
                assertThat(count[i]).as("cold item %d", i).isZero();
            } else {
                // binomial sd = sqrt(n p (1 - p)) ~ 78 here; 6 sd
                assertThat((double) count[i]).as("warm item %d", i).isCloseTo(expected, org.assertj.core.data.Offset.offset(6 * Math.sqrt(expected)));
            }
        }
        int warmFirst = w.ids()[0];
        for (int k = 0; k < 1000; k++) {
            int x = w.otherThan(warmFirst, r);
            assertThat(x).isNotEqualTo(warmFirst);
            assertThat(w.isCold(x)).isFalse();
        }
    }

    @Test
    void warmRowsKeepOnlyTheWarmItemsInIdOrder() {
        DataSplit cold = Splitter.holdOutItems(split(), 0.5, 2);
        WarmItems w = WarmItems.of(cold);
        float[] v = new float[50 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        float[] rows = w.warmRows(v, 3);
        int[] ids = w.ids();
        assertThat(rows).hasSize(ids.length * 3);
        for (int r = 0; r < ids.length; r++) {
            assertThat(rows[r * 3]).isEqualTo(ids[r] * 3f);
            assertThat(rows[r * 3 + 2]).isEqualTo(ids[r] * 3f + 2);
        }
        assertThatThrownBy(() -> w.warmRows(new float[7], 3)).hasMessageContaining("expected 50 rows of 3 floats");
    }
}
