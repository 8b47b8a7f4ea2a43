package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.data.DataSplit;
import io.mic.core.data.UserItemSet;
import io.mic.spi.Column;
import io.mic.spi.ComponentContext;
import io.mic.spi.ConfigException;
import io.mic.spi.Sampler;
import io.mic.spi.Samples;
import io.mic.spi.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The item-negative samplers never return an item the row's user has in training
 * ({@code exclude_train_items}, default on), and behave as documented when no such item exists.
 * {@code kmeans-negative} is refreshed once with fixed Gaussian embeddings (8 clusters) first.
 *
 * <p>World: 30 items; user u < 19 has {@code 1 + u % 15} items ({@code (u + 7k) % 30}), so every
 * set leaves at least half of the items free; user 19 has every item.
 */
class NegativeExclusionTest {
    private static final int USERS = 20;
    private static final int ITEMS = 30;
    private static final int FULL = 19;

    private static DataSplit split() {
        List<int[]> pairs = new ArrayList<>();
        for (int u = 0; u < FULL; u++) {
            for (int k = 0; k <= u % 15; k++) {
                pairs.add(new int[] {u, (u + 7 * k) % ITEMS});
            }
        }
        for (int i = 0; i < ITEMS; i++) {
            pairs.add(new int[] {FULL, i});
        }
        int[] users = new int[pairs.size()];
        int[] items = new int[pairs.size()];
        for (int k = 0; k < pairs.size(); k++) {
            users[k] = pairs.get(k)[0];
            items[k] = pairs.get(k)[1];
        }
        return Splits.of(USERS, ITEMS, users, items);
    }

    private static ComponentContext context(DataSplit split, TestContext.RecordingSink sink) {
        return TestContext.of(Schema.of(USERS, ITEMS)).withData(split).withMetrics(sink);
    }

    /** The sampler, refreshed with fixed embeddings when it is embedding-aware (kmeans-negative). */
    private static Sampler sampler(String name, Map<String, String> params, ComponentContext context) {
        Map<String, String> p = new java.util.HashMap<>(params);
        if (name.equals("kmeans-negative")) {
            p.put("clusters", "8");
        }
        Sampler s = Plugins.sampler(name, p, context);
        if (s.refreshEvery() > 0) {
            s.refresh(TestVectors.gaussian(USERS, 8, 1), TestVectors.gaussian(ITEMS, 8, 2), new SplittableRandom(4));
        }
        return s;
    }

    /** {@code rows} training pairs of users below {@link #FULL}, each with one of its own items. */
    private static int[][] batch(UserItemSet train, int rows, SplittableRandom r) {
        int[] users = new int[rows];
        int[] items = new int[rows];
        for (int k = 0; k < rows; k++) {
            int u = r.nextInt(FULL);
            int i;
            do {
                i = r.nextInt(ITEMS);
            } while (!train.contains(u, i));
            users[k] = u;
            items[k] = i;
        }
        return new int[][] {users, items};
    }

    @ParameterizedTest
    @ValueSource(strings = {"popularity-negative", "in-batch-negative", "kmeans-negative"})
    void noNegativeIsATrainingItemOfItsUser(String name) {
        DataSplit split = split();
        UserItemSet train = UserItemSet.of(split.train());
        TestContext.RecordingSink sink = new TestContext.RecordingSink();
        Sampler s = sampler(name, Map.of("per_row", "8"), context(split, sink));
        SplittableRandom r = new SplittableRandom(5);
        int drawn = 0;
        for (int rep = 0; rep < 200; rep++) {
            int[][] b = batch(train, 64, r);
            Samples out = s.sample(b[0], b[1], r);
            for (int k = 0; k < out.ids().length; k++) {
                int user = b[0][k / 8];
                int id = out.ids()[k];
                assertThat(id).as("slot %d", k).isNotEqualTo(Column.MISSING);
                assertThat(train.contains(user, id)).as("user %d drew its training item %d", user, id).isFalse();
                drawn++;
            }
        }
        assertThat(drawn).isEqualTo(200 * 64 * 8);
        // a set covering at most half the items is left by 64 draws with probability <= 2^-64: never capped here
        assertThat(sink.counts).doesNotContainKey("sampler." + name + ".capped");
    }

    /** The check discriminates: with exclusion off, the same batches draw training items (about a quarter of draws here). */
    @ParameterizedTest
    @ValueSource(strings = {"popularity-negative", "in-batch-negative", "kmeans-negative"})
    void withExclusionOffTrainingItemsAreDrawn(String name) {
        DataSplit split = split();
        UserItemSet train = UserItemSet.of(split.train());
        Sampler s = sampler(name, Map.of("per_row", "8", "exclude_train_items", "false"), context(split, new TestContext.RecordingSink()));
        SplittableRandom r = new SplittableRandom(5);
        int hits = 0;
        int total = 0;
        for (int rep = 0; rep < 50; rep++) {
            int[][] b = batch(train, 64, r);
            Samples out = s.sample(b[0], b[1], r);
            for (int k = 0; k < out.ids().length; k++) {
                hits += train.contains(b[0][k / 8], out.ids()[k]) ? 1 : 0;
                total++;
            }
        }
        assertThat((double) hits / total).isGreaterThan(0.05);
    }

    /** A user with every item: no valid negative exists, so after the cap the last draw is accepted and counted. */
    @ParameterizedTest
    @ValueSource(strings = {"popularity-negative", "in-batch-negative", "kmeans-negative"})
    void aUserWithEveryItemGetsTheCappedDrawCounted(String name) {
        TestContext.RecordingSink sink = new TestContext.RecordingSink();
        Sampler s = sampler(name, Map.of("per_row", "3"), context(split(), sink));
        int rows = 10;
        int[] users = new int[rows];
        int[] items = new int[rows];
        for (int k = 0; k < rows; k++) {
            users[k] = FULL;
            items[k] = k;
        }
        Samples out = s.sample(users, items, new SplittableRandom(2));
        for (int k = 0; k < out.ids().length; k++) {
            assertThat(out.ids()[k]).as("slot %d", k).isNotEqualTo(Column.MISSING).isNotEqualTo(items[k / 3]).isBetween(0, ITEMS - 1);
        }
        assertThat(sink.counts).containsEntry("sampler." + name + ".capped", (long) rows * 3);
    }

    /** Target user: negatives are never users the row's item has in training. */
    @ParameterizedTest
    @ValueSource(strings = {"popularity-negative", "in-batch-negative", "kmeans-negative"})
    void userTargetExcludesTheItemsTrainingUsers(String name) {
        DataSplit split = split();
        UserItemSet itemUsers = UserItemSet.of(split.train().transpose());
        UserItemSet train = UserItemSet.of(split.train());
        Sampler s = sampler(name, Map.of("per_row", "4", "target", "user"), context(split, new TestContext.RecordingSink()));
        SplittableRandom r = new SplittableRandom(9);
        int capped = 0;
        for (int rep = 0; rep < 100; rep++) {
            int[][] b = batch(train, 32, r);
            Samples out = s.sample(b[0], b[1], r);
            for (int k = 0; k < out.ids().length; k++) {
                int id = out.ids()[k];
                if (id != Column.MISSING && itemUsers.contains(b[1][k / 4], id)) {
                    capped++;
                }
            }
        }
        assertThat(capped).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-batch-negative", "kmeans-negative"})
    void withoutTheTrainingSplitExclusionFailsClearlyAndCanBeTurnedOff(String name) {
        ComponentContext bare = TestContext.of(Schema.of(USERS, ITEMS));
        assertThatThrownBy(() -> Plugins.sampler(name, Map.of(), bare)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("exclude_train_items").hasMessageContaining("training split");
        assertThat(Plugins.sampler(name, Map.of("exclude_train_items", "false"), bare)).isNotNull();
    }
}
