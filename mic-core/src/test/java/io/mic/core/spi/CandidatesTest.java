package io.mic.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CandidatesTest {
    /**
     * A buffer reused through {@link Candidates#clear()} must behave like a fresh one. Clearing a
     * linear-probing table in insertion order left displaced slots behind (a later item probing past
     * an already emptied slot), so a reused buffer could report an item it no longer held: checked
     * against a map over many random rounds with colliding ids.
     */
    @Test
    void reusedBufferMatchesAFreshOne() {
        SplittableRandom rnd = new SplittableRandom(3);
        Candidates reused = new Candidates(64);
        for (int round = 0; round < 2000; round++) {
            reused.clear();
            Map<Integer, Float> expected = new LinkedHashMap<>();
            int n = 1 + rnd.nextInt(20);
            for (int k = 0; k < n; k++) {
                int item = rnd.nextInt(200);
                float s = rnd.nextInt(100);
                reused.add(item, 0, s);
                expected.merge(item, s, Math::max);
            }
            assertThat(reused.size()).isEqualTo(expected.size());
            for (int item = 0; item < 200; item++) {
                int idx = reused.indexOf(item);
                if (expected.containsKey(item)) {
                    assertThat(idx).isNotNegative();
                    assertThat(reused.item(idx)).isEqualTo(item);
                    assertThat(reused.score(idx)).isEqualTo(expected.get(item));
                } else {
                    assertThat(idx).as("round %d item %d", round, item).isNegative();
                }
            }
        }
    }
}
