package io.mic.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitterTest {
    /**
     * User u has u+1 interactions (u = 0..5) with items u*10 + k, written in reverse time order so
     * that source order and time order differ; user 5 has a time tie between its items 51 and 52.
     */
    private static Dataset growing(boolean withTime) {
        int nu = 6;
        int n = nu * (nu + 1) / 2;
        int[] users = new int[n];
        int[] items = new int[n];
        long[] time = new long[n];
        int w = 0;
        for (int u = 0; u < nu; u++) {
            for (int k = u; k >= 0; k--) {
                users[w] = u;
                items[w] = u * 10 + k;
                time[w] = 1000L * u + k;
                w++;
            }
        }
        time[w - 2] = time[w - 3]; // user 5: item 51 (source later) ties with item 52 (source earlier)
        return new Dataset(withTime ? "toy" : "ml-1m", IdMap.range(nu), IdMap.range(60), users, items, null, withTime ? time : null, null,
                List.of(), List.of());
    }

    @Test
    void leaveLastOutTakesTheLastTwoByTime() {
        DataSplit s = Splitter.leaveLastOut(growing(true));
        assertThat(s.protocol()).isEqualTo("leave-last-out");
        // 1 interaction: train only; 2: train + test (RecBole); 3+: train, valid, test
        assertThat(s.train().itemsOf(0)).containsExactly(0);
        assertThat(s.valid().itemsOf(0)).isEmpty();
        assertThat(s.test().itemsOf(0)).isEmpty();
        assertThat(s.train().itemsOf(1)).containsExactly(10);
        assertThat(s.valid().itemsOf(1)).isEmpty();
        assertThat(s.test().itemsOf(1)).containsExactly(11);
        assertThat(s.train().itemsOf(2)).containsExactly(20);
        assertThat(s.valid().itemsOf(2)).containsExactly(21);
        assertThat(s.test().itemsOf(2)).containsExactly(22);
        assertThat(s.train().itemsOf(4)).containsExactly(40, 41, 42);
        // 51 and 52 share a timestamp: source order (52 first) breaks the tie
        assertThat(s.train().itemsOf(5)).containsExactly(50, 52, 51, 53);
        assertThat(s.valid().itemsOf(5)).containsExactly(54);
        assertThat(s.test().itemsOf(5)).containsExactly(55);
        assertPartition(s);
    }

    @Test
    void timeSplitsRefuseDataWithoutTimestamps() {
        Dataset d = growing(false);
        assertThatThrownBy(() -> Splitter.leaveLastOut(d)).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "dataset 'ml-1m' has no timestamps (ratings_uir.dat); leave-last-out needs time: use a random split or provide ratings.dat");
        assertThatThrownBy(() -> Splitter.timeRatio(d, new double[] {0.8, 0.2})).hasMessageContaining("time-ratio needs time");
    }

    @Test
    void timeRatioSplitsEachUserInTimeOrder() {
        DataSplit s = Splitter.timeRatio(growing(true), new double[] {0.6, 0.2, 0.2});
        assertThat(s.protocol()).isEqualTo("time-ratio");
        // 5 interactions -> counts [3, 1, 1]
        assertThat(s.train().itemsOf(4)).containsExactly(40, 41, 42);
        assertThat(s.valid().itemsOf(4)).containsExactly(43);
        assertThat(s.test().itemsOf(4)).containsExactly(44);
        // 2 interactions -> [1, 0, 1]
        assertThat(s.train().itemsOf(1)).containsExactly(10);
        assertThat(s.test().itemsOf(1)).containsExactly(11);
        assertPartition(s);
    }

    @Test
    void twoRatiosMeanTrainAndTest() {
        DataSplit s = Splitter.timeRatio(growing(true), new double[] {0.7, 0.3});
        assertThat(s.valid().nnz()).isZero();
        assertThat(s.test().itemsOf(5)).containsExactly(55); // 6 interactions: int(0.3 * 6) = 1 -> [5, 1]
        assertPartition(s);
    }

    @Test
    void randomRatioIsSeededAndCountsLikeRecBole() {
        Dataset d = growing(false);
        DataSplit a = Splitter.randomRatio(d, new double[] {0.6, 0.2, 0.2}, 42);
        DataSplit b = Splitter.randomRatio(d, new double[] {0.6, 0.2, 0.2}, 42);
        assertThat(a.protocol()).isEqualTo("random-ratio");
        boolean anyDifferent = false;
        for (long seed = 1; seed <= 5; seed++) {
            DataSplit c = Splitter.randomRatio(d, new double[] {0.6, 0.2, 0.2}, seed);
            anyDifferent |= !java.util.Arrays.equals(c.test().items(), a.test().items());
        }
        assertThat(anyDifferent).as("different seeds give different splits").isTrue();
        assertThat(a.train().items()).containsExactly(b.train().items());
        assertThat(a.valid().items()).containsExactly(b.valid().items());
        assertThat(a.test().items()).containsExactly(b.test().items());
        for (int u = 0; u < d.numUsers(); u++) {
            int[] cnt = Splitter.ratioCounts(u + 1, new double[] {0.6, 0.2, 0.2});
            assertThat(new int[] {a.train().count(u), a.valid().count(u), a.test().count(u)}).containsExactly(cnt);
        }
        assertPartition(a);
    }

    @Test
    void randomRatioKeepsTimeOrderInsideEachPart() {
        DataSplit s = Splitter.randomRatio(growing(true), new double[] {0.5, 0.25, 0.25}, 7);
        for (InteractionMatrix m : List.of(s.train(), s.valid(), s.test())) {
            for (int u = 0; u < m.numUsers(); u++) {
                for (int k = m.start(u) + 1; k < m.end(u); k++) {
                    assertThat(m.timestamps()[k]).isGreaterThanOrEqualTo(m.timestamps()[k - 1]);
                }
            }
        }
    }

    /** Values from RecBole's {@code _calcu_split_ids} run in Python for tot = 1..12. */
    @Test
    void ratioCountsMatchRecBoleForSmallTotals() {
        int[][] r811 = {{1, 0, 0}, {1, 0, 1}, {1, 1, 1}, {2, 1, 1}, {3, 1, 1}, {4, 1, 1}, {5, 1, 1}, {6, 1, 1}, {7, 1, 1}, {8, 1, 1}, {9, 1, 1},
            {10, 1, 1}};
        int[][] r73 = {{1, 0}, {1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}, {5, 2}, {6, 2}, {7, 2}, {7, 3}, {8, 3}, {9, 3}};
        int[][] r622 = {{1, 0, 0}, {1, 0, 1}, {1, 1, 1}, {2, 1, 1}, {3, 1, 1}, {4, 1, 1}, {5, 1, 1}, {6, 1, 1}, {7, 1, 1}, {6, 2, 2}, {7, 2, 2},
            {8, 2, 2}};
        for (int tot = 1; tot <= 12; tot++) {
            assertThat(Splitter.ratioCounts(tot, new double[] {0.8, 0.1, 0.1})).as("0.8/0.1/0.1, tot %d", tot).containsExactly(r811[tot - 1]);
            assertThat(Splitter.ratioCounts(tot, new double[] {0.7, 0.3})).as("0.7/0.3, tot %d", tot).containsExactly(r73[tot - 1]);
            assertThat(Splitter.ratioCounts(tot, new double[] {0.6, 0.2, 0.2})).as("0.6/0.2/0.2, tot %d", tot).containsExactly(r622[tot - 1]);
        }
    }

    @Test
    void badRatiosAreRejected() {
        Dataset d = growing(true);
        assertThatThrownBy(() -> Splitter.randomRatio(d, new double[] {0.8, 0.1}, 1)).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> Splitter.randomRatio(d, new double[] {1.2, -0.2}, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Splitter.timeRatio(d, new double[] {1.0})).hasMessageContaining("expected 2");
        assertThatThrownBy(() -> Splitter.timeRatio(d, new double[] {0.25, 0.25, 0.25, 0.25})).hasMessageContaining("expected 2");
    }

    @Test
    void givenUsesTheDatasetsTagsAndRefusesWithout() {
        Dataset d = growing(true);
        assertThatThrownBy(() -> Splitter.given(d)).hasMessageContaining("dataset 'toy' does not come with its own split");
        byte[] tags = new byte[d.numInteractions()];
        tags[0] = Dataset.TAG_TEST;
        tags[1] = Dataset.TAG_VALID;
        Dataset tagged = new Dataset("t", d.users(), d.items(), d.userColumn(), d.itemColumn(), null, d.timestamps(), tags, List.of(), List.of());
        DataSplit s = Splitter.given(tagged);
        assertThat(s.protocol()).isEqualTo("given");
        assertThat(s.test().itemsOf(0)).containsExactly(0);
        assertThat(s.valid().itemsOf(1)).containsExactly(11);
        assertThat(s.train().nnz()).isEqualTo(d.numInteractions() - 2);
    }

    /** Train, valid and test are disjoint and together hold every interaction, user by user. */
    private static void assertPartition(DataSplit s) {
        Dataset d = s.dataset();
        assertThat(s.train().nnz() + s.valid().nnz() + s.test().nnz()).isEqualTo(d.numInteractions());
        InteractionMatrix all = d.toMatrix();
        for (int u = 0; u < d.numUsers(); u++) {
            Set<Integer> seen = new HashSet<>();
            for (InteractionMatrix m : List.of(s.train(), s.valid(), s.test())) {
                for (int it : m.itemsOf(u)) {
                    assertThat(seen.add(it)).as("item %d of user %d in two parts", it, u).isTrue();
                }
            }
            Set<Integer> expected = new HashSet<>();
            for (int it : all.itemsOf(u)) {
                expected.add(it);
            }
            assertThat(seen).isEqualTo(expected);
        }
    }

    /** 50 users x 40 items, 6..15 distinct random items each in time order, leave-last-out. */
    private static DataSplit randomSplit() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        java.util.List<int[]> rows = new java.util.ArrayList<>();
        for (int u = 0; u < 50; u++) {
            int n = 6 + rnd.nextInt(10);
            java.util.Set<Integer> seen = new java.util.LinkedHashSet<>();
            while (seen.size() < n) {
                seen.add(rnd.nextInt(40));
            }
            int t = 0;
            for (int item : seen) {
                rows.add(new int[] {u, item, t++});
            }
        }
        int[] users = rows.stream().mapToInt(r -> r[0]).toArray();
        int[] items = rows.stream().mapToInt(r -> r[1]).toArray();
        long[] time = rows.stream().mapToLong(r -> r[2]).toArray();
        return Splitter.leaveLastOut(new Dataset("gen", IdMap.range(50), IdMap.range(40), users, items, null, time, null, List.of(), List.of()));
    }

    private static int[] without(int[] items, java.util.Set<Integer> drop) {
        return java.util.Arrays.stream(items).filter(i -> !drop.contains(i)).toArray();
    }

    @Test
    void holdOutItemsDropsTheColdItemsFromTrainAndValidOnly() {
        DataSplit s = randomSplit();
        DataSplit cold = Splitter.holdOutItems(s, 0.25, 7);

        int[] ids = cold.coldItems();
        assertThat(ids).hasSize(10).isSorted().doesNotHaveDuplicates();
        java.util.Set<Integer> drop = new java.util.HashSet<>();
        for (int i : ids) {
            drop.add(i);
        }
        int coldTest = 0;
        for (int u = 0; u < 50; u++) {
            // train and valid: the old lists minus the cold items, in the same (time) order
            assertThat(cold.train().itemsOf(u)).containsExactly(without(s.train().itemsOf(u), drop));
            assertThat(cold.valid().itemsOf(u)).containsExactly(without(s.valid().itemsOf(u), drop));
            assertThat(cold.test().itemsOf(u)).containsExactly(s.test().itemsOf(u));
            for (int i : s.test().itemsOf(u)) {
                coldTest += drop.contains(i) ? 1 : 0;
            }
        }
        assertThat(coldTest).as("the generated data has test interactions on cold items").isPositive();
        assertThat(cold.train().itemCounts()).satisfies(c -> {
            for (int i : ids) {
                assertThat(c[i]).as("train count of cold item %d", i).isZero();
            }
        });
        assertThat(cold.train().nnz()).isLessThan(s.train().nnz());
        assertThat(cold.dataset()).isSameAs(s.dataset());
        assertThat(cold.protocol()).isEqualTo(s.protocol());
    }

    @Test
    void holdOutItemsIsSeeded() {
        DataSplit s = randomSplit();
        assertThat(Splitter.holdOutItems(s, 0.25, 7).coldItems()).containsExactly(Splitter.holdOutItems(s, 0.25, 7).coldItems());
        assertThat(Splitter.holdOutItems(s, 0.25, 8).coldItems()).isNotEqualTo(Splitter.holdOutItems(s, 0.25, 7).coldItems());
        assertThat(Splitter.holdOutItems(s, 0.001, 7).coldItems()).as("at least one item").hasSize(1);
    }

    @Test
    void holdOutItemsRefusesABadShareAndASecondHoldOut() {
        DataSplit s = randomSplit();
        for (double share : new double[] {0, 1, -0.1, Double.NaN}) {
            assertThatThrownBy(() -> Splitter.holdOutItems(s, share, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("share");
        }
        DataSplit once = Splitter.holdOutItems(s, 0.1, 1);
        assertThatThrownBy(() -> Splitter.holdOutItems(once, 0.1, 2)).hasMessageContaining("already holds");
    }
}
