package io.mic.retrieval.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.registry.SeededPluginContext;
import io.mic.retrieval.TestContexts;
import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.retrieval.store.MemoryNeighborStore;
import io.mic.retrieval.table.HeapTable;
import io.mic.retrieval.table.NeighborTables;
import io.mic.spi.Candidates;
import io.mic.spi.ConfigException;
import io.mic.spi.NeighborStore;
import io.mic.spi.PluginConfig;
import io.mic.spi.Query;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hand-built world of 3 users and 6 items.
 *
 * <pre>
 * item vectors: 0 (1,0)  1 (.9,.1)  2 (0,1)  3 (.5,.5)  4 (-1,0)  5 (.2,.9)
 * item-item:    0 -> 1:.7 3:.6 5:.1     2 -> 5:.8 3:.3 0:.2
 * user-user:    0 -> 1:.9 2:.5
 * recent:       0 -> [0, 2]   1 -> [4, 3, 1]   2 -> [1, 0]
 * </pre>
 *
 * User 0 with vector (1,0) has seen item 0 (exclude = {0}).
 * <ul>
 *   <li>U2I, K1 = 3: scores 1 .9, 3 .5, 5 .2 (0 excluded) -> 1, 3, 5.
 *   <li>I2I, M = 2, M3 = 2, K2 = 2: from 0: 1 .7, 3 .6; from 2: 5 .8, 3 .3 -> 3 keeps .6; best two: 5 .8, 1 .7.
 *   <li>U2U, M1 = 2, M2 = 2, K3 = 2: user 1 (.9) brings 4, 3; user 2 (.5) brings 1 (0 excluded);
 *       best two: 3 .9 and 4 .9 (tie, smaller id first); 1 .5 is cut.
 * </ul>
 */
class ChannelsTest {
    static final float[] ITEMS = {1, 0, .9f, .1f, 0, 1, .5f, .5f, -1, 0, .2f, .9f};

    static NeighborTables tables() {
        HeapTable ii = new HeapTable(6, 3, new int[] {0, 3, 3, 6, 6, 6, 6}, new int[] {1, 3, 5, 5, 3, 0},
                new float[] {.7f, .6f, .1f, .8f, .3f, .2f});
        HeapTable uu = new HeapTable(3, 2, new int[] {0, 2, 2, 2}, new int[] {1, 2}, new float[] {.9f, .5f});
        HeapTable recent = new HeapTable(3, 3, new int[] {0, 2, 5, 7}, new int[] {0, 2, 4, 3, 1, 1, 0}, null);
        return new NeighborTables(1, 3, 6, 2, 2, "exact/1", uu, ii, recent);
    }

    static VectorIndex index() {
        ExactIndex idx = new ExactIndex(Similarity.INNER_PRODUCT, 1, 4);
        idx.build(Vectors.of(ITEMS, 2));
        return idx;
    }

    static io.mic.core.registry.SeededPluginContext context() {
        return TestContexts.context(3, 6).withItemIndex(index())
                .withNeighborStore(new MemoryNeighborStore(tables()));
    }

    static Query user0() {
        return new Query(0, new float[] {1, 0}, 1, new int[] {0}, 10);
    }

    @Test
    void eachChannelOnTheHandBuiltExample() {
        var ctx = context();
        Candidates out = new Candidates(4);
        new U2iChannelFactory().create(PluginConfig.of("u2i", Map.of("k1", "3")), ctx).retrieve(user0(), 0, out);
        assertThat(out.itemsCopy()).containsExactly(1, 3, 5);
        assertThat(out.score(0)).isEqualTo(.9f);
        assertThat(out.score(2)).isCloseTo(.2f, org.assertj.core.api.Assertions.within(1e-6f));

        out.clear();
        new I2iChannelFactory().create(PluginConfig.of("i2i", Map.of("m", "2", "m3", "2", "k2", "2")), ctx).retrieve(user0(), 3, out);
        assertThat(out.itemsCopy()).containsExactly(5, 1);
        assertThat(out.channelScore(0, 3)).isEqualTo(.8f);
        assertThat(out.channels(0)).isEqualTo(1 << 3);

        out.clear();
        new U2uChannelFactory().create(PluginConfig.of("u2u", Map.of("m1", "2", "m2", "2", "k3", "2")), ctx)
                .retrieve(user0(), 2, out);
        assertThat(out.itemsCopy()).containsExactly(3, 4);
        assertThat(out.channelScore(0, 2)).isEqualTo(.9f);
        assertThat(out.channelScore(1, 2)).isEqualTo(.9f);
    }

    @Test
    void mergedProvenanceAcrossChannels() {
        var ctx = context();
        Candidates out = new Candidates(4);
        new U2iChannelFactory().create(PluginConfig.of("u2i", Map.of("k1", "3")), ctx).retrieve(user0(), 0, out);
        new I2iChannelFactory().create(PluginConfig.of("i2i", Map.of("m", "2", "m3", "2", "k2", "2")), ctx).retrieve(user0(), 1, out);
        new U2uChannelFactory().create(PluginConfig.of("u2u", Map.of("m1", "2", "m2", "2", "k3", "2")), ctx)
                .retrieve(user0(), 2, out);
        assertThat(out.itemsCopy()).containsExactlyInAnyOrder(1, 3, 4, 5);
        int i1 = out.indexOf(1);
        assertThat(out.channels(i1)).isEqualTo(0b011);
        assertThat(out.channelScore(i1, 0)).isEqualTo(.9f);
        assertThat(out.channelScore(i1, 1)).isEqualTo(.7f);
        assertThat(out.channelScore(i1, 2)).isNaN();
        int i3 = out.indexOf(3);
        assertThat(out.channels(i3)).isEqualTo(0b101);
        assertThat(out.channelScore(i3, 2)).isEqualTo(.9f);
        assertThat(out.score(i3)).isEqualTo(.9f); // merged = max over channels
        int i5 = out.indexOf(5);
        assertThat(out.channels(i5)).isEqualTo(0b011);
        assertThat(out.channelScore(i5, 1)).isEqualTo(.8f);
        assertThat(out.channels(out.indexOf(4))).isEqualTo(0b100);
        assertThat(out.contains(0)).isFalse();
    }

    @Test
    void multiInterestQueriesOncePerInterestAndMergesByMax() {
        // interest 1 (1,0): 1 .9, 3 .5, 5 .2; interest 2 (0,1): 2 1, 5 .9, 3 .5, 1 .1
        // max: 2 1.0, 1 .9, 5 .9, 3 .5 -> top 3: 2, 1, 5 (1 before 5 on the tie)
        var ch = new U2iChannelFactory().create(PluginConfig.of("u2i", Map.of("k1", "3")), context());
        Candidates out = new Candidates(4);
        ch.retrieve(new Query(0, new float[] {1, 0, 0, 1}, 2, new int[] {0}, 10), 0, out);
        assertThat(out.itemsCopy()).containsExactly(2, 1, 5);
        assertThat(out.score(2)).isEqualTo(.9f);
    }

    @Test
    void quotasAndExclusionsAreRespected() {
        var ctx = context();
        Candidates out = new Candidates(4);
        // defaults (k1 = 100) but everything except 2 and 4 excluded
        Query q = new Query(0, new float[] {1, 0}, 1, new int[] {0, 1, 3, 5}, 10);
        var u2i = new U2iChannelFactory().create(PluginConfig.empty("u2i"), ctx);
        assertThat(u2i.quota()).isEqualTo(100);
        u2i.retrieve(q, 0, out);
        assertThat(out.itemsCopy()).containsExactly(2, 4);
        out.clear();
        var i2i = new I2iChannelFactory().create(PluginConfig.of("i2i", Map.of("k2", "1")), ctx);
        i2i.retrieve(user0(), 1, out);
        assertThat(out.itemsCopy()).containsExactly(5); // 5 .8 beats 1 .7 and 3 .6
        assertThat(i2i.quota()).isEqualTo(1);
        out.clear();
        new U2uChannelFactory().create(PluginConfig.empty("u2u"), ctx).retrieve(new Query(0, null, 1, new int[] {3, 4}, 10), 2, out);
        // user 1 (.9) brings 4, 3 (both excluded) and 1; user 2 (.5) brings 1 (already at .9) and 0
        assertThat(out.itemsCopy()).containsExactly(1, 0);
        assertThat(out.score(0)).isEqualTo(.9f);
        out.clear();
        u2i.retrieve(new Query(1, null, 1, null, 10), 0, out);
        assertThat(out.size()).isZero(); // no user vector, no U2I candidates
    }

    @Test
    void missingServicesAreNamedAtCreation() {
        var bare = TestContexts.context(3, 6);
        assertThatThrownBy(() -> new U2iChannelFactory().create(PluginConfig.empty("u2i"), bare)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("io.mic.spi.VectorIndex");
        assertThatThrownBy(() -> new I2iChannelFactory().create(PluginConfig.empty("i2i"), bare)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("io.mic.spi.NeighborStore");
        assertThatThrownBy(() -> new U2uChannelFactory().create(PluginConfig.empty("u2u"), bare)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("io.mic.spi.NeighborStore");
    }
}
