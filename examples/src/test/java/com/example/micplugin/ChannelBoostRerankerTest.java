package com.example.micplugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.spi.Candidates;
import io.mic.spi.Query;
import io.mic.spi.RerankerFactory;
import io.mic.testkit.RerankerContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Reranker contract (inherited checks) plus one hand-worked ranking. */
class ChannelBoostRerankerTest extends RerankerContractTest {

    @Override
    protected RerankerFactory factory() {
        return new ChannelBoostRerankerFactory();
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("boost", "0.5");
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("boost", "-1"), Map.of("boost", "lots"));
    }

    @Test
    void aSecondChannelIsWorthTheBoost() {
        // item 7: 1.0 from channel 0; item 8: 0.7 from channels 0 and 1 -> 0.7 + 0.5 = 1.2; item 9 is excluded
        Candidates in = new Candidates(4);
        in.add(7, 0, 1.0f);
        in.add(8, 0, 0.7f);
        in.add(8, 1, 0.6f);
        in.add(9, 0, 5.0f);
        Candidates out = new Candidates(4);
        create().rerank(new Query(1, null, 1, new int[] {9}, 2), in, out);
        assertThat(out.itemsCopy()).containsExactly(8, 7);
        assertThat(out.score(0)).isEqualTo(1.2f);
        assertThat(out.channels(0)).isEqualTo(0b11);
    }
}
