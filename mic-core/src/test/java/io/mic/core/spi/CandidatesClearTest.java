package io.mic.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Regression: {@link Candidates#clear()} used to empty the hash slots oldest-first, which cut the
 * probe chains of colliding items added later; their slots stayed set, and after reuse such an
 * item was "found" at a stale index beyond {@code size()} and silently dropped by {@code add}.
 * Found by the multi-interest channel's brute-force test. Checked here against a fresh buffer
 * over many reuse rounds with colliding ids.
 */
class CandidatesClearTest {
    @Test
    void reusedBufferBehavesLikeAFreshOne() {
        SplittableRandom r = new SplittableRandom(3);
        Candidates reused = new Candidates(64);
        for (int round = 0; round < 500; round++) {
            Candidates fresh = new Candidates(64);
            reused.clear();
            int n = r.nextInt(1, 40); // stays under size * 4 < table.length, the per-item clearing path
            for (int j = 0; j < n; j++) {
                int item = r.nextInt(300);
                float score = (float) r.nextDouble();
                int ch = r.nextInt(3);
                assertThat(reused.add(item, ch, score)).isEqualTo(fresh.add(item, ch, score));
            }
            assertThat(reused.size()).as("round %s", round).isEqualTo(fresh.size());
            for (int i = 0; i < fresh.size(); i++) {
                assertThat(reused.item(i)).isEqualTo(fresh.item(i));
                assertThat(reused.score(i)).isEqualTo(fresh.score(i));
                assertThat(reused.channels(i)).isEqualTo(fresh.channels(i));
                assertThat(reused.indexOf(fresh.item(i))).isEqualTo(i);
            }
        }
    }
}
