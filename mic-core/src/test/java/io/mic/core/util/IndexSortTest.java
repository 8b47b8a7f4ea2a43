package io.mic.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IndexSortTest {

    @Test
    void matchesAStableLibrarySortOnRangesWithManyTies() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            int n = rnd.nextInt(0, 200);
            long[] key = new long[n];
            for (int i = 0; i < n; i++) {
                key[i] = rnd.nextInt(8); // ties on purpose: stability is what is tested
            }
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = n - 1 - i; // a non-identity start order
            }
            int from = n == 0 ? 0 : rnd.nextInt(n);
            int to = from + rnd.nextInt(n - from + 1);
            Integer[] expected = new Integer[to - from];
            for (int i = from; i < to; i++) {
                expected[i - from] = rows[i];
            }
            Arrays.sort(expected, Comparator.comparingLong(r -> key[r])); // stable (TimSort)
            int[] before = rows.clone();
            IndexSort.stableByKey(rows, new int[n], from, to, key);
            for (int i = 0; i < n; i++) {
                if (i < from || i >= to) {
                    assertThat(rows[i]).as("outside the range").isEqualTo(before[i]);
                } else {
                    assertThat(rows[i]).as("trial %d pos %d", trial, i).isEqualTo(expected[i - from]);
                }
            }
        }
    }
}
