package io.mic.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link UserItemSet#contains} against a brute-force set of the same interactions (duplicates, empty users, both orientations). */
class UserItemSetTest {

    @Test
    void containsMatchesBruteForce() {
        int users = 40;
        int items = 60;
        SplittableRandom r = new SplittableRandom(4);
        int n = 900;
        int[] us = new int[n];
        int[] is = new int[n];
        Set<Long> truth = new HashSet<>();
        for (int k = 0; k < n; k++) {
            us[k] = r.nextInt(users - 3); // the last three users have nothing
            is[k] = r.nextInt(items / 2) * 2; // only even items, so odd ones are never contained; duplicates happen
            truth.add((long) us[k] * items + is[k]);
        }
        InteractionMatrix m = InteractionMatrix.fromColumns(users, items, us, is, null, null, null);
        for (long budget : new long[] {UserItemSet.BITMAP_BUDGET_BYTES, 0}) {
            UserItemSet set = UserItemSet.of(m, budget);
            UserItemSet byItem = UserItemSet.of(m.transpose(), budget);
            assertThat(set.hasBitmap()).as("budget %d", budget).isEqualTo(budget > 0);
            check(set, byItem, truth, users, items, n);
        }
    }

    private static void check(UserItemSet set, UserItemSet byItem, Set<Long> truth, int users, int items, int n) {
        int distinct = 0;
        for (int u = 0; u < users; u++) {
            int count = 0;
            for (int i = 0; i < items; i++) {
                boolean expected = truth.contains((long) u * items + i);
                assertThat(set.contains(u, i)).as("user %d item %d", u, i).isEqualTo(expected);
                assertThat(byItem.contains(i, u)).as("item %d user %d", i, u).isEqualTo(expected);
                count += expected ? 1 : 0;
            }
            assertThat(set.count(u)).isEqualTo(count);
            distinct += count;
        }
        assertThat(distinct).isEqualTo(truth.size()).isLessThan(n);
        assertThat(set.numUsers()).isEqualTo(users);
        assertThat(set.contains(-1, 0)).isFalse();
        assertThat(set.contains(users, 0)).isFalse();
        assertThat(set.contains(0, -1)).isFalse();
        assertThat(set.contains(0, items)).isFalse();
    }
}
