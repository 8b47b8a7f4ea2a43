package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Splitter;
import io.mic.core.data.WarmItems;
import io.mic.spi.Column;
import io.mic.spi.ComponentContext;
import io.mic.spi.Sampler;
import io.mic.spi.Samples;
import io.mic.spi.Schema;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With {@code cold_items} no item sampler returns a cold item: not as a popularity, in-batch or
 * k-means negative, not as a kNN positive (embedding space or co-occurrence). Every sampler is
 * refreshed (when embedding-aware) with fixed Gaussian embeddings, cold rows included, and drawn
 * from for 100 batches of training pairs; the same sampler over the same split without its cold
 * items does draw some of them, so each assertion can fail (it did on the code before
 * {@link WarmItems}: popularity at alpha 0, kmeans-negative and knn-positive returned cold items).
 *
 * <p>World: 40 users, 60 items, user u has items {@code (u + 11k) % 60} for k < 12; a quarter of the
 * items are then held out cold (seed 3).
 */
class ColdItemSamplingTest {
    private static final int USERS = 40;
    private static final int ITEMS = 60;

    private static DataSplit full() {
        int per = 12;
        int[] users = new int[USERS * per];
        int[] items = new int[USERS * per];
        for (int u = 0, k = 0; u < USERS; u++) {
            for (int j = 0; j < per; j++, k++) {
                users[k] = u;
                items[k] = (u + 11 * j) % ITEMS;
            }
        }
        return Splits.of(USERS, ITEMS, users, items);
    }

    private static Sampler sampler(String name, String extra, DataSplit split) {
        Map<String, String> p = new HashMap<>();
        p.put("per_row", "6");
        p.put("exclude_train_items", "false");
        if (name.equals("kmeans-negative")) {
            p.put("clusters", "6");
        }
        if (name.equals("knn-positive")) {
            p.remove("exclude_train_items");
            p.put("k", "8");
        }
        if (!extra.isEmpty()) {
            String[] kv = extra.split("=");
            p.put(kv[0], kv[1]);
        }
        ComponentContext ctx = TestContext.of(Schema.of(USERS, ITEMS)).withData(split);
        Sampler s = Plugins.sampler(name, p, ctx);
        if (s.refreshEvery() > 0) {
            s.refresh(TestVectors.gaussian(USERS, 8, 1), TestVectors.gaussian(ITEMS, 8, 2), new SplittableRandom(4));
        }
        return s;
    }

    /** Item ids drawn over 100 batches of 32 training pairs of {@code split}, counted per id. */
    private static int[] draws(Sampler s, DataSplit split) {
        int[] count = new int[ITEMS];
        SplittableRandom r = new SplittableRandom(9);
        int nnz = split.train().nnz();
        int[] rowUser = new int[nnz];
        for (int u = 0; u < split.train().numUsers(); u++) {
            for (int q = split.train().start(u); q < split.train().end(u); q++) {
                rowUser[q] = u;
            }
        }
        for (int rep = 0; rep < 100; rep++) {
            int[] users = new int[32];
            int[] items = new int[32];
            for (int k = 0; k < 32; k++) {
                int e = r.nextInt(nnz);
                users[k] = rowUser[e];
                items[k] = split.train().items()[e];
            }
            Samples out = s.sample(users, items, r);
            assertThat(out.target()).isEqualTo(Samples.Target.ITEM);
            for (int id : out.ids()) {
                if (id != Column.MISSING) {
                    count[id]++;
                }
            }
        }
        return count;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"popularity-negative, alpha=0", "popularity-negative, alpha=0.75", "in-batch-negative, ''", "kmeans-negative, ''",
            "knn-positive, space=embedding", "knn-positive, space=interactions"})
    void noSamplerReturnsAColdItem(String name, String extra) {
        DataSplit cold = Splitter.holdOutItems(full(), 0.25, 3);
        WarmItems warm = WarmItems.of(cold);
        assertThat(warm.hasCold()).isTrue();
        int[] drawn = draws(sampler(name, extra, cold), cold);
        int total = 0;
        for (int i = 0; i < ITEMS; i++) {
            total += drawn[i];
            if (warm.isCold(i)) {
                assertThat(drawn[i]).as("%s drew cold item %d", name, i).isZero();
            }
        }
        assertThat(total).as("%s drew anything", name).isGreaterThan(1000);
    }

    /**
     * The control: over the same training interactions but a split that does not declare them cold,
     * the embedding-aware samplers and uniform popularity do return the (now merely unseen) items,
     * so the test above is not vacuous for them.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"popularity-negative, alpha=0", "kmeans-negative, ''", "knn-positive, space=embedding"})
    void withoutTheColdListTheSameSamplersDrawThoseItems(String name, String extra) {
        DataSplit cold = Splitter.holdOutItems(full(), 0.25, 3);
        DataSplit undeclared = new DataSplit(cold.dataset(), cold.train(), cold.valid(), cold.test(), cold.protocol());
        int[] drawn = draws(sampler(name, extra, undeclared), undeclared);
        int coldDraws = 0;
        for (int i : cold.coldItems()) {
            coldDraws += drawn[i];
        }
        assertThat(coldDraws).as("%s draws of the unseen items when they are not declared cold", name).isPositive();
    }
}
