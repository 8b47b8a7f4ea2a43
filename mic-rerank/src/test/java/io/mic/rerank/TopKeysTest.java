package io.mic.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopKeysTest {

    @Test
    void keysOrderByScoreDescendingThenItemAscendingAndRoundTrip() {
        float[] scores = {-3.5f, -0f, 0f, 1e-30f, 0.25f, 7f, Float.MAX_VALUE, Float.NEGATIVE_INFINITY};
        for (float a : scores) {
            for (float b : scores) {
                long ka = TopKeys.key(a, 5);
                long kb = TopKeys.key(b, 9);
                if (a != b) {
                    assertThat(ka > kb).as("%s vs %s", a, b).isEqualTo(a > b);
                }
                assertThat(TopKeys.score(ka)).isEqualTo(a);
                assertThat(TopKeys.item(kb)).isEqualTo(9);
            }
        }
        assertThat(TopKeys.key(1f, 3)).isGreaterThan(TopKeys.key(1f, 4)); // tie: smaller item first
        assertThat(TopKeys.item(TopKeys.key(2f, Integer.MAX_VALUE))).isEqualTo(Integer.MAX_VALUE);
        assertThat(TopKeys.item(TopKeys.key(2f, 0))).isZero();
    }

    /** Against a full sort, over distributions that stress the histogram: uniform, ties, one outlier, all equal, few distinct. */
    @Test
    void selectEqualsTheHeadOfAFullSort() {
        SplittableRandom r = new SplittableRandom(3);
        TopKeys top = new TopKeys();
        for (int trial = 0; trial < 400; trial++) {
            int m = 1 + r.nextInt(700);
            int n = r.nextInt(m + 20);
            int shape = trial % 5;
            long[] keys = new long[m];
            for (int k = 0; k < m; k++) {
                float s = switch (shape) {
                    case 0 -> (float) r.nextGaussian();
                    case 1 -> r.nextInt(4) * 0.5f; // heavy ties: order falls to items
                    case 2 -> k == 0 ? 1e9f : (float) r.nextDouble(); // the rest crowd one bucket
                    case 3 -> 2f;
                    default -> (float) (r.nextInt(30) - 15) * 1e6f;
                };
                keys[k] = TopKeys.key(s, k * 7 + r.nextInt(7));
            }
            long[] before = keys.clone();
            long[] expected = keys.clone();
            Arrays.sort(expected);
            int want = Math.min(n, m);
            long[] out = new long[Math.max(1, want)];
            int got = top.select(keys, m, n, out);
            assertThat(got).isEqualTo(want);
            for (int j = 0; j < want; j++) {
                assertThat(out[j]).as("trial %d shape %d rank %d", trial, shape, j).isEqualTo(expected[m - 1 - j]);
            }
            assertThat(keys).isEqualTo(before);
        }
        assertThat(top.select(new long[3], 3, 0, new long[1])).isZero();
        assertThat(top.select(new long[0], 0, 5, new long[1])).isZero();
    }
}
