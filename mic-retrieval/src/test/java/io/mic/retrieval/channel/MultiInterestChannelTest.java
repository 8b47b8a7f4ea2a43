package io.mic.retrieval.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.retrieval.TestContexts;
import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.spi.Candidates;
import io.mic.spi.ConfigException;
import io.mic.spi.PluginConfig;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code multi-interest} against brute force over an exact index: 300 random items (dim 8), users
 * with K = 4 random interests and 0–30 seen items. The expected list is computed independently:
 * per interest, the best {@code perInterest} unseen items by a full scan; the union with each
 * item's best score over the interests that found it; the best {@code quota} of that (score
 * descending, id ascending). Scores agree to 1e-4 (the index may sum the 8 products in another
 * order: float rounding ~1e-6 on scores ~3); with Gaussian data no two candidates are that close,
 * so the order must match exactly.
 */
class MultiInterestChannelTest {
    private static final int ITEMS = 300;
    private static final int DIM = 8;
    private static final int K = 4;

    private final SplittableRandom r = new SplittableRandom(17);
    private final float[] items = random(ITEMS * DIM);
    private final VectorIndex index = index();

    private float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private VectorIndex index() {
        ExactIndex idx = new ExactIndex(Similarity.INNER_PRODUCT, 1, 4);
        idx.build(Vectors.of(items, DIM));
        return idx;
    }

    private float dot(float[] q, int qo, int item) {
        float s = 0f;
        for (int c = 0; c < DIM; c++) {
            s += q[qo + c] * items[item * DIM + c];
        }
        return s;
    }

    private record Hit(int item, float score, int interest) {
    }

    private List<Hit> bruteForce(Query q, int quota, int perInterest) {
        float[] best = new float[ITEMS];
        int[] from = new int[ITEMS];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        Arrays.fill(from, -1);
        for (int k = 0; k < q.interests(); k++) {
            List<Hit> all = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                if (!q.excluded(i)) {
                    all.add(new Hit(i, dot(q.userVector(), k * DIM, i), k));
                }
            }
            all.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : Integer.compare(a.item(), b.item()));
            for (Hit h : all.subList(0, Math.min(perInterest, all.size()))) {
                if (h.score() > best[h.item()]) {
                    best[h.item()] = h.score();
                    from[h.item()] = k;
                }
            }
        }
        List<Hit> merged = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            if (from[i] >= 0) {
                merged.add(new Hit(i, best[i], from[i]));
            }
        }
        merged.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : Integer.compare(a.item(), b.item()));
        return merged.subList(0, Math.min(quota, merged.size()));
    }

    private Query query(int user, int interests) {
        int seen = r.nextInt(31);
        int[] ex = r.ints(seen, 0, ITEMS).distinct().sorted().toArray();
        return new Query(user, random(interests * DIM), interests, ex, 10);
    }

    @Test
    void matchesBruteForceWithProvenance() {
        int[][] settings = {{20, 20}, {50, 10}, {5, 30}};
        for (int[] s : settings) {
            MultiInterestChannel ch = new MultiInterestChannel(index, s[0], s[1]);
            for (int u = 0; u < 30; u++) {
                Query q = query(u, K);
                Candidates out = new Candidates(8);
                out.add(999, 0, 5f); // another channel's candidate stays as it was
                int[] interestOf = new int[out.size() + ch.quota()];
                ch.retrieve(q, 2, out, interestOf);
                List<Hit> want = bruteForce(q, s[0], s[1]);
                assertThat(out.size() - 1).as("quota %s, user %s", s[0], u).isEqualTo(want.size());
                assertThat(out.item(0)).isEqualTo(999);
                assertThat(out.channels(0)).isEqualTo(1);
                for (int i = 0; i < want.size(); i++) {
                    Hit h = want.get(i);
                    int c = i + 1;
                    assertThat(out.item(c)).as("rank %s settings %s/%s want %s got %s %s", i, s[0], s[1], want, Arrays.toString(out.itemsCopy()), out).isEqualTo(h.item());
                    assertThat(out.score(c)).isCloseTo(h.score(), org.assertj.core.data.Offset.offset(1e-4f));
                    assertThat(out.channels(c)).isEqualTo(1 << 2);
                    assertThat(out.channelScore(c, 2)).isEqualTo(out.score(c));
                    assertThat(interestOf[c]).isEqualTo(h.interest());
                    assertThat(q.excluded(h.item())).isFalse();
                }
            }
        }
    }

    @Test
    void oneInterestIsPlainU2i() {
        MultiInterestChannel mi = new MultiInterestChannel(index, 25, 25);
        U2iChannel u2i = new U2iChannel(index, 25);
        for (int u = 0; u < 10; u++) {
            Query q = query(u, 1);
            Candidates a = new Candidates(8);
            Candidates b = new Candidates(8);
            mi.retrieve(q, 1, a);
            u2i.retrieve(q, 1, b);
            assertThat(a.itemsCopy()).containsExactly(b.itemsCopy());
        }
    }

    /** Beside another channel in one buffer (the merge + rerank path): provenance bits and per-channel scores combine. */
    @Test
    void mergesWithOtherChannelsInOneBuffer() {
        MultiInterestChannel mi = new MultiInterestChannel(index, 20, 20);
        Query q = query(3, K);
        // a u2i channel fed with interest 0 alone, as a single-vector model would query
        Query first = new Query(3, Arrays.copyOf(q.userVector(), DIM), 1, q.exclude(), 10);
        Candidates out = new Candidates(16);
        new U2iChannel(index, 20).retrieve(first, 0, out);
        mi.retrieve(q, 1, out);
        int both = 0;
        for (int c = 0; c < out.size(); c++) {
            assertThat(out.channels(c)).isBetween(1, 3);
            if (out.channels(c) == 3) {
                both++;
                // the multi-interest score is a max over interests, so never below interest 0's own score
                assertThat(out.channelScore(c, 1)).isGreaterThanOrEqualTo(out.channelScore(c, 0));
                assertThat(out.score(c)).isEqualTo(Math.max(out.channelScore(c, 0), out.channelScore(c, 1)));
            }
        }
        assertThat(both).as("items found by both channels").isPositive();
    }

    @Test
    void noVectorNoCandidatesAndShapeErrors() {
        MultiInterestChannel ch = new MultiInterestChannel(index, 10, 10);
        Candidates out = new Candidates(8);
        ch.retrieve(new Query(0, null, 1, null, 10), 0, out);
        assertThat(out.size()).isZero();
        assertThatThrownBy(() -> ch.retrieve(new Query(0, new float[DIM * 3], 2, null, 10), 0, out))
                .hasMessageContaining("2 interests x " + DIM);
    }

    @Test
    void factoryThroughTheRegistry() {
        PluginRegistry reg = PluginRegistry.discover();
        assertThat(reg.names(PluginKind.RETRIEVAL_CHANNEL)).contains("multi-interest");
        var ctx = TestContexts.context(5, ITEMS).withItemIndex(index);
        RetrievalChannel ch = reg.create(PluginKind.RETRIEVAL_CHANNEL, PluginConfig.of("multi-interest", Map.of("k", "30", "per_interest", "12")),
                ctx, "test");
        assertThat(ch.label()).isEqualTo("multi-interest");
        assertThat(ch.quota()).isEqualTo(30);
        assertThatThrownBy(() -> reg.create(PluginKind.RETRIEVAL_CHANNEL, PluginConfig.of("multi-interest", Map.of("per_interest", "0")), ctx, "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("per_interest");
        assertThatThrownBy(() -> reg.create(PluginKind.RETRIEVAL_CHANNEL, PluginConfig.empty("multi-interest"), TestContexts.context(5, ITEMS), "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VectorIndex");
    }
}
