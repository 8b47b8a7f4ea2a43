package io.mic.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.DataSplit;
import io.mic.core.data.WarmItems;
import io.mic.spi.Vectors;
import java.util.Arrays;

/**
 * The end-to-end check behind {@code cold_items}: a model with per-item rows, fitted twice from the same seed for
 * different numbers of epochs, serves the same vector for every cold item (no step touched its row) while most warm
 * item rows moved (so the check can fail).
 */
public final class ColdItemRows {
    private ColdItemRows() {
    }

    /**
     * @param split   the split with {@link DataSplit#coldItems()} (must hold at least one)
     * @param shorter item vectors after the shorter fit
     * @param longer  item vectors after the longer fit, same seed and initialisation
     */
    public static void assertUntouchedWhileWarmRowsMove(DataSplit split, Vectors shorter, Vectors longer) {
        WarmItems warm = WarmItems.of(split);
        assertThat(warm.hasCold()).as("the split holds cold items").isTrue();
        for (int i : warm.cold()) {
            assertThat(longer.row(i)).as("cold item %d", i).containsExactly(shorter.row(i));
        }
        int moved = 0;
        int[] ids = warm.ids();
        for (int i : ids) {
            moved += Arrays.equals(shorter.row(i), longer.row(i)) ? 0 : 1;
        }
        assertThat(moved).as("warm item rows that changed between the two fits").isGreaterThan(ids.length / 2);
    }
}
