package io.mic.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void matchesAFullSortWithTiesToTheLowerId() {
        SplittableRandom rnd = new SplittableRandom(1);
        TopK top = new TopK(50);
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(1, 300);
            int k = rnd.nextInt(0, 51);
            float[] s = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = rnd.nextInt(20) / 4f; // many ties on purpose
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i));
            // offer in a shuffled order: the result must not depend on it
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            top.reset(k);
            for (int i : perm) {
                top.offer(i, s[i]);
            }
            int[] ids = new int[k];
            float[] sc = new float[k];
            int got = top.drainBestFirst(ids, sc);
            assertThat(got).isEqualTo(Math.min(k, n));
            for (int r = 0; r < got; r++) {
                assertThat(ids[r]).as("trial %d rank %d", trial, r).isEqualTo(order[r]);
                assertThat(sc[r]).isEqualTo(s[order[r]]);
            }
            assertThat(top.size()).isZero();
        }
    }

    @Test
    void thresholdIsMinusInfinityUntilFullThenTheWorstKeptScore() {
        TopK top = new TopK(2);
        top.reset(2);
        top.offer(7, 1f);
        assertThat(top.threshold()).isEqualTo(Float.NEGATIVE_INFINITY);
        top.offer(3, 5f);
        assertThat(top.threshold()).isEqualTo(1f);
        top.offer(9, 2f);
        assertThat(top.threshold()).isEqualTo(2f);
        assertThat(new int[] {top.idAt(0), top.idAt(1)}).containsExactlyInAnyOrder(9, 3);
    }

    @Test
    void drainsAtAnOffsetWithoutScoresAndGrowsOnALargerReset() {
        TopK top = new TopK(1);
        top.reset(3); // beyond the initial capacity: grows
        for (int i = 0; i < 5; i++) {
            top.offer(i, i);
        }
        int[] ids = {-1, -1, -1, -1, -1};
        assertThat(top.drainBestFirst(ids, null, 2)).isEqualTo(3);
        assertThat(ids).containsExactly(-1, -1, 4, 3, 2);
        assertThat(top.capacity()).isEqualTo(3);
        top.reset(0);
        top.offer(1, 1f);
        assertThat(top.size()).isZero();
    }
}
