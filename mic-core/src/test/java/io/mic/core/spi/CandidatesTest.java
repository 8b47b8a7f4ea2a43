package io.mic.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    @Test
    void mergesChannelsKeepingTheBestScoreAndEveryChannelsOwn() {
        Candidates c = new Candidates(4);
        c.add(7, 0, 0.5f);
        c.add(3, 1, 0.9f);
        c.add(7, 2, 0.8f);
        c.add(7, 0, 0.1f);
        assertThat(c.size()).isEqualTo(2);
        int i = c.indexOf(7);
        assertThat(c.score(i)).isEqualTo(0.8f);
        assertThat(c.channels(i)).isEqualTo(0b101);
        assertThat(c.channelCount(i)).isEqualTo(2);
        assertThat(c.channelScore(i, 0)).isEqualTo(0.5f);
        assertThat(c.channelScore(i, 1)).isNaN();
        assertThatThrownBy(() -> c.add(1, Candidates.MAX_CHANNELS, 0f)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bulkChannelScoresEqualTheSingleReadsWithTheAbsentValueForUnrecalledCandidates() {
        SplittableRandom r = new SplittableRandom(11);
        Candidates c = new Candidates(4); // grows: columns must follow
        for (int n = 0; n < 300; n++) {
            int item = r.nextInt(1000);
            c.add(item, r.nextInt(3), (float) r.nextGaussian());
        }
        int[] positions = new int[c.size()];
        for (int k = 0; k < positions.length; k++) {
            positions[k] = positions.length - 1 - k; // any order
        }
        float[] out = new float[positions.length];
        for (int ch = 0; ch < 4; ch++) { // channel 3 never added: no column at all
            for (float absent : new float[] {Float.NaN, Float.POSITIVE_INFINITY, -7f}) {
                c.channelScores(ch, positions, positions.length, out, absent);
                for (int k = 0; k < positions.length; k++) {
                    float single = c.channelScore(positions[k], ch);
                    float expected = Float.isNaN(single) ? absent : single;
                    assertThat(Float.floatToRawIntBits(out[k])).as("channel %d position %d", ch, positions[k])
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
        assertThatThrownBy(() -> c.channelScores(-1, positions, 1, out, 0f)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Reuse after clear must behave like a new buffer. Colliding ids (a small table, many reuses)
     * caught a clear that broke later entries' probe chains and left stale slots behind.
     */
    @Test
    void clearedBufferBehavesLikeANewOne() {
        Candidates reused = new Candidates(64);
        SplittableRandom r = new SplittableRandom(3);
        for (int round = 0; round < 500; round++) {
            reused.clear();
            Candidates fresh = new Candidates(64);
            int n = 1 + r.nextInt(40);
            for (int k = 0; k < n; k++) {
                int item = r.nextInt(200);
                float s = (float) r.nextDouble();
                reused.add(item, k % 3, s);
                fresh.add(item, k % 3, s);
            }
            assertThat(reused.itemsCopy()).as("round %d", round).containsExactly(fresh.itemsCopy());
            for (int i = 0; i < fresh.size(); i++) {
                assertThat(reused.indexOf(fresh.item(i))).isEqualTo(i);
                assertThat(reused.score(i)).isEqualTo(fresh.score(i));
            }
            assertThat(reused.indexOf(1000)).isEqualTo(-1);
        }
    }

    @Test
    void copyFromKeepsProvenanceAndMergesIntoAnExistingEntry() {
        Candidates from = new Candidates(4);
        from.add(10, 0, 0.5f);
        from.add(10, 3, 0.9f);
        from.add(11, 1, 0.2f);
        Candidates out = new Candidates(1); // forces growth
        int a = out.copyFrom(from, 0);
        int b = out.copyFrom(from, 1);
        org.assertj.core.api.Assertions.assertThat(out.size()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(out.item(a)).isEqualTo(10);
        org.assertj.core.api.Assertions.assertThat(out.channels(a)).isEqualTo(0b1001);
        org.assertj.core.api.Assertions.assertThat(out.channelScore(a, 0)).isEqualTo(0.5f);
        org.assertj.core.api.Assertions.assertThat(out.channelScore(a, 3)).isEqualTo(0.9f);
        org.assertj.core.api.Assertions.assertThat(out.channelScore(a, 1)).isNaN();
        org.assertj.core.api.Assertions.assertThat(out.score(a)).isEqualTo(0.9f);
        org.assertj.core.api.Assertions.assertThat(out.indexOf(11)).isEqualTo(b);
        // merging: item 10 already present with channel 1; the copy adds channels 0 and 3
        Candidates merged = new Candidates(4);
        merged.add(10, 1, 0.7f);
        merged.add(10, 0, 0.6f);
        int m = merged.copyFrom(from, 0);
        org.assertj.core.api.Assertions.assertThat(merged.size()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(merged.channels(m)).isEqualTo(0b1011);
        org.assertj.core.api.Assertions.assertThat(merged.channelScore(m, 0)).isEqualTo(0.6f); // max kept
        org.assertj.core.api.Assertions.assertThat(merged.channelScore(m, 1)).isEqualTo(0.7f);
        org.assertj.core.api.Assertions.assertThat(merged.channelScore(m, 3)).isEqualTo(0.9f);
    }
}
