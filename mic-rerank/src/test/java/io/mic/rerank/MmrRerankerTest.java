package io.mic.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.spi.Candidates;
import io.mic.spi.ConfigException;
import io.mic.spi.PluginConfig;
import io.mic.spi.Query;
import io.mic.spi.Reranker;
import io.mic.spi.Vectors;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MmrRerankerTest {
    /** Items 0 (1,0), 1 (1,0) a duplicate of 0, 2 (0,1), 3 (.6,.8), 4 (0,0) never a candidate. */
    static final Vectors ITEMS = Vectors.of(new float[] {1, 0, 1, 0, 0, 1, .6f, .8f, 0, 0}, 2);

    static Reranker create(String lambda) {
        return new MmrRerankerFactory().create(PluginConfig.of("mmr", Map.of("lambda", lambda)),
                RerankTestSupport.context().withItemVectors(ITEMS));
    }

    /**
     * One channel, scores 0: 1.0, 1: .9, 2: .5, 3: 0 -> min-max normalised relevance 1, .9, .5, 0.
     * lambda .7.
     *
     * <pre>
     * pick 1: .7 rel        -> 0 (.7)
     *         max cos to {0}: 1 -> 1, 2 -> 0, 3 -> .6
     * pick 2: 1: .63 - .3*1 = .33   2: .35 - 0 = .35   3: 0 - .18 = -.18   -> 2 (.35)
     *         max cos to {0,2}: 1 -> 1, 3 -> max(.6, .8) = .8
     * pick 3: 1: .33   3: -.24                                             -> 1 (.33)
     * pick 4: 3: -.3 * max(.8, .6) = -.24                                  -> 3 (-.24)
     * </pre>
     * Relevance alone would give 0, 1, 2, 3: the duplicate of 0 drops behind 2.
     */
    @Test
    void handWorkedExample() {
        Candidates in = RerankTestSupport.of(new float[][] {{0, 0, 1f}, {1, 0, .9f}, {2, 0, .5f}, {3, 0, 0f}});
        Candidates out = new Candidates(4);
        create("0.7").rerank(new Query(0, null, 1, null, 10), in, out);
        assertThat(out.itemsCopy()).containsExactly(0, 2, 1, 3);
        float[] expected = {.7f, .35f, .33f, -.24f};
        for (int i = 0; i < 4; i++) {
            assertThat(out.score(i)).isCloseTo(expected[i], within(1e-5f));
        }
        assertThat(out.channelScore(1, 0)).isEqualTo(.5f);
    }

    @Test
    void lambdaOneIsRelevanceOrderAndSeenItemsAndNAreRespected() {
        Candidates in = RerankTestSupport.of(new float[][] {{0, 0, 1f}, {1, 0, .9f}, {2, 0, .5f}, {3, 0, 0f}});
        Candidates out = new Candidates(4);
        create("1").rerank(new Query(0, null, 1, null, 10), in, out);
        assertThat(out.itemsCopy()).containsExactly(0, 1, 2, 3);
        // 0 seen: relevance over 1, 2, 3 re-normalised to 1, .5/.9, 0; n = 2
        // pick 1 -> 1 (.7); pick 2: 2: .7*5/9 - .3*0 = .38889, 3: 0 - .3*.6 = -.18 -> 2
        create("0.7").rerank(new Query(0, null, 1, new int[] {0}, 2), in, out);
        assertThat(out.itemsCopy()).containsExactly(1, 2);
        assertThat(out.score(1)).isCloseTo(.7f * 5f / 9f, within(1e-5f));
    }

    @Test
    void itemsWithoutVectorsHaveNoPenalty() {
        // item 7 has no row; item 1 duplicates 0
        Candidates in = RerankTestSupport.of(new float[][] {{0, 0, 1f}, {1, 0, .9f}, {7, 0, .6f}, {2, 0, 0f}});
        Candidates out = new Candidates(4);
        create("0.5").rerank(new Query(0, null, 1, null, 10), in, out);
        // rel 1, .9, .6, 0; pick 0 (.5); then 1: .45 - .5 = -.05, 7: .3 - 0 = .3, 2: 0 - 0 = 0 -> 7; then 2 (0), then 1
        assertThat(out.itemsCopy()).containsExactly(0, 7, 2, 1);
    }

    @Test
    void needsItemVectorsService() {
        assertThatThrownBy(() -> new MmrRerankerFactory().create(PluginConfig.empty("mmr"), RerankTestSupport.context()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RerankerContext.itemVectors()");
        assertThatThrownBy(() -> create("1.5")).isInstanceOf(ConfigException.class).hasMessageContaining("'lambda'");
        Vectors multi = new Vectors(new float[8], 4, 2, 2);
        assertThatThrownBy(() -> new MmrRerankerFactory().create(PluginConfig.empty("mmr"),
                RerankTestSupport.context().withItemVectors(multi))).hasMessageContaining("one row per item");
    }
}
