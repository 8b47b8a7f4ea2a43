package io.mic.models.crmman;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.DataSplit;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.data.Splitter;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.core.data.WarmItems;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * CRM-MAN's sampled negatives ({@link CrmManModel#negative}, what every training step draws R of
 * per positive): with {@code cold_items} never a cold item and never one of the user's training
 * items; without cold items exactly the draws of the loop before {@link WarmItems} (so results do
 * not move). On the old loop ({@code rng.nextInt(numItems)}) the cold-item assertion fails: about a
 * fifth of the draws are cold.
 *
 * <p>Data: 200 users, 150 items, leave-one-out, 20% of the items held out (seed 3).
 */
class ColdItemNegativesTest {
    private static final DataSplit SPLIT = Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(200, 150, 4, 15, 0.8, 0.8), 2));

    @Test
    void noNegativeIsColdOrATrainingItem() {
        DataSplit cold = Splitter.holdOutItems(SPLIT, 0.2, 3);
        WarmItems warm = WarmItems.of(cold);
        InteractionMatrix train = cold.train();
        SplittableRandom rng = new SplittableRandom(5);
        int[] count = new int[warm.numItems()];
        for (int rep = 0; rep < 50; rep++) {
            for (int u = 0; u < train.numUsers(); u++) {
                int[] own = train.sortedItemsOf(u);
                int x = CrmManModel.negative(own, warm, rng);
                assertThat(Arrays.binarySearch(own, x)).as("user %d drew her own item %d", u, x).isNegative();
                count[x]++;
            }
        }
        for (int i : warm.cold()) {
            assertThat(count[i]).as("draws of cold item %d", i).isZero();
        }
        int distinct = 0;
        for (int c : count) {
            distinct += c > 0 ? 1 : 0;
        }
        assertThat(distinct).as("distinct negatives").isGreaterThan(warm.size() * 9 / 10);
    }

    @Test
    void withoutColdItemsTheDrawsAreTheOldOnes() {
        WarmItems warm = WarmItems.of(SPLIT);
        int n = SPLIT.train().numItems();
        SplittableRandom a = new SplittableRandom(6);
        SplittableRandom b = new SplittableRandom(6);
        for (int u = 0; u < SPLIT.train().numUsers(); u++) {
            int[] own = SPLIT.train().sortedItemsOf(u);
            int old;
            int tries = 0;
            do {
                old = b.nextInt(n);
            } while (Arrays.binarySearch(own, old) >= 0 && ++tries < 100);
            assertThat(CrmManModel.negative(own, warm, a)).isEqualTo(old);
        }
    }
}
