package io.mic.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CandidatesTest {

    /**
     * Reuse across many requests with colliding ids (the serving path: clear, then three channels'
     * adds). Found by CandidatesMergeBenchmark: clearing oldest-first left stale slots behind until
     * the table filled and {@code add} looped forever.
     */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void clearedBufferBehavesLikeANewOneAcrossManyRequests() {
        Candidates c = new Candidates(400);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int request = 0; request < 2_000; request++) {
            c.clear();
            assertThat(c.size()).isZero();
            int base = rnd.nextInt(1_000_000);
            Set<Integer> distinct = new HashSet<>();
            for (int j = 0; j < 300; j++) {
                int item = base + rnd.nextInt(200) * 37;
                distinct.add(item);
                c.add(item, j % 3, rnd.nextFloat());
            }
            assertThat(c.size()).isEqualTo(distinct.size());
            for (int item : distinct) {
                assertThat(c.contains(item)).isTrue();
            }
            assertThat(c.contains(base - 1)).isFalse();
        }
    }

    @Test
    void mergesChannelsKeepingTheMaximum() {
        Candidates c = new Candidates(4);
        c.add(7, 0, 0.5f);
        c.add(7, 2, 0.9f);
        c.add(7, 0, 0.1f);
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.channelCount(0)).isEqualTo(2);
        assertThat(c.channelScore(0, 0)).isEqualTo(0.5f);
        assertThat(c.channelScore(0, 2)).isEqualTo(0.9f);
        assertThat(c.score(0)).isEqualTo(0.9f);
        assertThat(c.channelScore(0, 1)).isNaN();
    }
}
