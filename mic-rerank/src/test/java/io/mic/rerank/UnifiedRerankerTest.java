package io.mic.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.spi.Candidates;
import io.mic.spi.ConfigException;
import io.mic.spi.ItemCatalog;
import io.mic.spi.PluginConfig;
import io.mic.spi.Query;
import io.mic.spi.Reranker;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnifiedRerankerTest {
    static final int A = 1;
    static final int B = 2;
    static final int C = 3;

    /**
     * Channels 0 = u2i, 1 = i2i, 2 = u2u. Item 15 is seen (excluded).
     *
     * <pre>
     * item cat  u2i  i2i  u2u
     *  10   A   .9   .5
     *  11   A   .5
     *  12   B        .9
     *  13   C   .1        .8
     *  14   A             .4
     *  15   B   .7                 (seen)
     *
     * min-max per channel over the 5 unseen: u2i [.1,.9], i2i [.5,.9], u2u [.4,.8]
     * similarity = max normalised: 10 max(1, 0) = 1; 11 .5; 12 1; 13 max(0, 1) = 1; 14 0
     * s_i:                         10 2; 11 1; 12 1; 13 2; 14 1
     * categories A x3, B x1, C x1 -> diversity = 5 - count: 10 2; 11 2; 12 4; 13 4; 14 2
     * score = 1 sim + .5 s_i + .2 div:
     *   10: 1 + 1 + .4 = 2.4    11: .5 + .5 + .4 = 1.4    12: 1 + .5 + .8 = 2.3
     *   13: 1 + 1 + .8 = 2.8    14: 0 + .5 + .4 = 0.9
     * order: 13, 10, 12, 11, 14
     * </pre>
     */
    static Candidates example() {
        return RerankTestSupport.of(new float[][] {
            {10, 0, .9f}, {10, 1, .5f}, {11, 0, .5f}, {12, 1, .9f}, {13, 0, .1f}, {13, 2, .8f}, {14, 2, .4f}, {15, 0, .7f}});
    }

    static ItemCatalog catalog() {
        return RerankTestSupport.catalog(Map.of(10, A, 11, A, 12, B, 13, C, 14, A, 15, B));
    }

    static Reranker create(Map<String, String> params) {
        return new UnifiedRerankerFactory().create(PluginConfig.of("mic-unified", params),
                RerankTestSupport.context().withCatalog(catalog()));
    }

    @Test
    void handWorkedExampleAtDefaultWeights() {
        Candidates in = example();
        Candidates out = new Candidates(4);
        create(Map.of()).rerank(new Query(0, null, 1, new int[] {15}, 10), in, out);
        assertThat(out.itemsCopy()).containsExactly(13, 10, 12, 11, 14);
        float[] expected = {2.8f, 2.4f, 2.3f, 1.4f, 0.9f};
        for (int i = 0; i < 5; i++) {
            assertThat(out.score(i)).isCloseTo(expected[i], within(1e-5f));
        }
        // provenance survives, input untouched
        assertThat(out.channels(0)).isEqualTo(0b101);
        assertThat(out.channelScore(0, 2)).isEqualTo(.8f);
        assertThat(in.size()).isEqualTo(6);
        assertThat(in.score(in.indexOf(13))).isEqualTo(.8f);
    }

    @Test
    void topNAndSeenItemsAndWeights() {
        Candidates out = new Candidates(4);
        create(Map.of()).rerank(new Query(0, null, 1, new int[] {15}, 3), example(), out);
        assertThat(out.itemsCopy()).containsExactly(13, 10, 12);
        // without the exclusion, 15 (cat B, u2i .7) joins: the counts and the u2i range change
        create(Map.of()).rerank(new Query(0, null, 1, null, 10), example(), out);
        assertThat(out.itemsCopy()).contains(15);
        // similarity only, raw merged scores: 10 .9, 12 .9, 13 .8, 11 .5, 14 .4 (ties by id)
        create(Map.of("w-count", "0", "w-div", "0", "similarity", "merged")).rerank(new Query(0, null, 1, new int[] {15}, 10),
                example(), out);
        assertThat(out.itemsCopy()).containsExactly(10, 12, 13, 11, 14);
        // normalised diversity: div / (m - 1) -> 10 .5, 11 .5, 12 1, 13 1, 14 .5
        // scores: 10 1+1+.1 = 2.1, 11 .5+.5+.1 = 1.1, 12 1+.5+.2 = 1.7, 13 1+1+.2 = 2.2, 14 0+.5+.1 = .6
        create(Map.of("normalize-diversity", "true")).rerank(new Query(0, null, 1, new int[] {15}, 10), example(), out);
        assertThat(out.itemsCopy()).containsExactly(13, 10, 12, 11, 14);
        assertThat(out.score(1)).isCloseTo(2.1f, within(1e-5f));
    }

    @Test
    void allSeenOrEmptyGivesEmptyOutput() {
        Candidates out = new Candidates(4);
        out.add(99, 0, 1f);
        create(Map.of()).rerank(new Query(0, null, 1, new int[] {10, 11, 12, 13, 14, 15}, 10), example(), out);
        assertThat(out.size()).isZero();
        create(Map.of()).rerank(new Query(0, null, 1, null, 10), new Candidates(4), out);
        assertThat(out.size()).isZero();
    }

    @Test
    void manyCandidatesMatchAFullSortAndTheHotPathDoesNotAllocate() {
        // 2000 candidates over 3 channels and 50 categories; compare with scoring + full sort
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        Candidates in = new Candidates(16);
        for (int i = 0; i < 2000; i++) {
            int channels = 1 + r.nextInt(7);
            for (int ch = 0; ch < 3; ch++) {
                if ((channels & (1 << ch)) != 0) {
                    in.add(i, ch, (float) r.nextDouble());
                }
            }
        }
        ItemCatalog cat = new ItemCatalog() {
            @Override
            public int numItems() {
                return 2000;
            }

            @Override
            public int category(int item) {
                return item % 50 == 0 ? -1 : item % 50;
            }
        };
        UnifiedReranker rr = new UnifiedReranker(1f, .5f, .2f, false, Relevance.MAX_NORMALIZED, cat);
        Query q = new Query(0, null, 1, new int[] {3, 500, 1999}, 100);
        Candidates out = new Candidates(128);
        rr.rerank(q, in, out);
        assertThat(out.size()).isEqualTo(100);

        // reference: O(n^2) diversity, straight from the definition
        float[] min = new float[3];
        float[] max = new float[3];
        java.util.Arrays.fill(min, Float.MAX_VALUE);
        java.util.Arrays.fill(max, -Float.MAX_VALUE);
        for (int i = 0; i < in.size(); i++) {
            if (q.excluded(in.item(i))) {
                continue;
            }
            for (int ch = 0; ch < 3; ch++) {
                float s = in.channelScore(i, ch);
                if (!Float.isNaN(s)) {
                    min[ch] = Math.min(min[ch], s);
                    max[ch] = Math.max(max[ch], s);
                }
            }
        }
        java.util.List<double[]> ref = new java.util.ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            int item = in.item(i);
            if (q.excluded(item)) {
                continue;
            }
            double sim = 0;
            for (int ch = 0; ch < 3; ch++) {
                float s = in.channelScore(i, ch);
                if (!Float.isNaN(s)) {
                    sim = Math.max(sim, (s - min[ch]) / (max[ch] - min[ch]));
                }
            }
            int div = 0;
            for (int j = 0; j < in.size(); j++) {
                if (j != i && !q.excluded(in.item(j)) && cat.category(in.item(j)) != cat.category(item)) {
                    div++;
                }
            }
            ref.add(new double[] {item, sim + .5 * in.channelCount(i) + .2 * div});
        }
        ref.sort((a, b) -> a[1] != b[1] ? Double.compare(b[1], a[1]) : Double.compare(a[0], b[0]));
        for (int k = 0; k < 100; k++) {
            assertThat(out.score(k)).isCloseTo((float) ref.get(k)[1], within(1e-3f));
        }
        // top-100 item sets agree apart from float-vs-double near ties at the cut
        long same = java.util.stream.IntStream.range(0, 100).filter(k -> out.item(k) == (int) ref.get(k)[0]).count();
        assertThat(same).isGreaterThanOrEqualTo(98);

        for (int i = 0; i < 200; i++) {
            rr.rerank(q, in, out); // warm up (JIT, scratch growth)
        }
        long before = RerankTestSupport.allocatedBytes();
        for (int i = 0; i < 1000; i++) {
            rr.rerank(q, in, out);
        }
        long perCall = (RerankTestSupport.allocatedBytes() - before) / 1000;
        assertThat(perCall).as("bytes allocated per rerank call").isLessThan(16);
    }

    @Test
    void concurrentCallsGiveTheSingleThreadedAnswers() throws Exception {
        // one instance, 4 threads, different queries: per-thread scratch must not leak between them
        Reranker r = create(Map.of());
        int[][] excludes = {{15}, {}, {10, 15}, {12, 13}};
        int[][] expected = new int[excludes.length][];
        for (int q = 0; q < excludes.length; q++) {
            Candidates out = new Candidates(4);
            r.rerank(new Query(0, null, 1, excludes[q], 10), example(), out);
            expected[q] = out.itemsCopy();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(pool.submit(() -> {
                    Candidates in = example();
                    Candidates out = new Candidates(4);
                    for (int i = 0; i < 2000; i++) {
                        int q = i % excludes.length;
                        r.rerank(new Query(0, null, 1, excludes[q], 10), in, out);
                        if (!java.util.Arrays.equals(out.itemsCopy(), expected[q])) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var f : fs) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void configAndServices() {
        var bare = RerankTestSupport.context();
        assertThatThrownBy(() -> new UnifiedRerankerFactory().create(PluginConfig.empty("mic-unified"), bare))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'w-div'").hasMessageContaining("io.mic.spi.ItemCatalog");
        // without diversity no catalog is needed
        Reranker r = new UnifiedRerankerFactory().create(PluginConfig.of("mic-unified", Map.of("w-div", "0")), bare);
        Candidates out = new Candidates(4);
        r.rerank(new Query(0, null, 1, new int[] {15}, 10), example(), out);
        // sim + .5 s_i: 10 2.0, 13 2.0, 12 1.5, 11 1.0, 14 .5
        assertThat(out.itemsCopy()).containsExactly(10, 13, 12, 11, 14);
        assertThatThrownBy(() -> create(Map.of("similarity", "avg"))).hasMessageContaining("'avg' is not one of");
        assertThatThrownBy(() -> create(Map.of("w-sim", "NaN"))).hasMessageContaining("not finite");
    }
}
