package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.data.DataSplit;
import io.mic.core.spi.Column;
import io.mic.core.spi.ConfigException;
import io.mic.core.spi.PluginContext;
import io.mic.core.spi.Sampler;
import io.mic.core.spi.SamplerFactory;
import io.mic.core.spi.Samples;
import io.mic.core.spi.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@link Sampler} SPI's promises, checked for one plugin: discovery by name, determinism
 * under a seed (refresh included), no mutation of the batch or the embeddings, the
 * {@link Samples} layout, ids in range and never the row's own id, strict config.
 */
abstract class SamplerContractTest {
    static final int DIM = 8;

    abstract String name();

    /** Whether the plugin needs {@link Sampler#refresh} before sampling. */
    abstract boolean embeddingAware();

    abstract boolean positive();

    Map<String, String> params() {
        return Map.of();
    }

    int expectedPerRow() {
        return Integer.parseInt(params().getOrDefault("per_row", "4"));
    }

    Samples.Target expectedTarget() {
        return "user".equals(params().get("target")) ? Samples.Target.USER : Samples.Target.ITEM;
    }

    PluginContext context() {
        DataSplit split = Splits.withItemCounts(Batches.USERS, Splits.zipf(Batches.ITEMS, 200));
        return TestContext.of(Batches.SCHEMA).with(DataSplit.class, split);
    }

    final Sampler create(Map<String, String> params) {
        return Plugins.sampler(name(), params, context());
    }

    static Vectors gaussian(int rows, int dim, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[rows * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Vectors.of(v, dim);
    }

    static final Vectors USER_VECTORS = gaussian(Batches.USERS, DIM, 1);
    static final Vectors ITEM_VECTORS = gaussian(Batches.ITEMS, DIM, 2);

    /** A batch of (user, item) pairs, with one repeated item so in-batch duplicates occur. */
    static int[][] batch(int rows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] users = new int[rows];
        int[] items = new int[rows];
        for (int r = 0; r < rows; r++) {
            users[r] = rnd.nextInt(Batches.USERS);
            items[r] = r % 5 == 0 ? 0 : rnd.nextInt(Batches.ITEMS);
        }
        return new int[][] {users, items};
    }

    /** A sampler ready to sample: created, and refreshed when it needs embeddings. */
    final Sampler ready(Map<String, String> params, long refreshSeed) {
        Sampler s = create(params);
        if (s.refreshEvery() > 0) {
            s.refresh(USER_VECTORS, ITEM_VECTORS, new SplittableRandom(refreshSeed));
        }
        return s;
    }

    @Test
    void serviceLoaderFindsItByName() {
        List<SamplerFactory> found = new ArrayList<>();
        for (SamplerFactory f : ServiceLoader.load(SamplerFactory.class)) {
            if (f.name().equals(name())) {
                found.add(f);
            }
        }
        assertThat(found).hasSize(1);
        assertThat(found.get(0).getClass().getPackageName()).isEqualTo("io.mic.augment");
        assertThat(found.get(0).description()).isNotBlank();
    }

    @Test
    void refreshScheduleMatchesItsKind() {
        Sampler s = create(params());
        if (embeddingAware()) {
            assertThat(s.refreshEvery()).isPositive();
        } else {
            assertThat(s.refreshEvery()).isZero();
        }
    }

    @Test
    void sameSeedsSameSamples() {
        int[][] b = batch(64, 3);
        Samples first = ready(params(), 5).sample(b[0], b[1], new SplittableRandom(9));
        Samples again = ready(params(), 5).sample(b[0], b[1], new SplittableRandom(9));
        assertThat(again.ids()).containsExactly(first.ids());
        Samples other = ready(params(), 5).sample(b[0], b[1], new SplittableRandom(10));
        assertThat(other.ids()).isNotEqualTo(first.ids());
    }

    @Test
    void neverMutatesItsInputs() {
        int[][] b = batch(64, 4);
        int[] users = b[0].clone();
        int[] items = b[1].clone();
        float[] uv = USER_VECTORS.values().clone();
        float[] iv = ITEM_VECTORS.values().clone();
        Sampler s = ready(params(), 1);
        s.sample(b[0], b[1], new SplittableRandom(1));
        assertThat(b[0]).containsExactly(users);
        assertThat(b[1]).containsExactly(items);
        assertThat(USER_VECTORS.values()).containsExactly(uv);
        assertThat(ITEM_VECTORS.values()).containsExactly(iv);
    }

    @Test
    void keepsNothingOfTheEmbeddingsItWasRefreshedWith() {
        // the trainer overwrites its arrays after refresh returns: samples must not change with them
        int[][] b = batch(64, 8);
        Vectors users = Vectors.of(USER_VECTORS.values().clone(), DIM);
        Vectors items = Vectors.of(ITEM_VECTORS.values().clone(), DIM);
        Sampler s = create(params());
        if (s.refreshEvery() > 0) {
            s.refresh(users, items, new SplittableRandom(1));
        }
        Samples before = s.sample(b[0], b[1], new SplittableRandom(2));
        java.util.Arrays.fill(users.values(), 1f);
        java.util.Arrays.fill(items.values(), -1f);
        assertThat(s.sample(b[0], b[1], new SplittableRandom(2)).ids()).containsExactly(before.ids());
    }

    @Test
    void layoutTargetAndRange() {
        int rows = 64;
        int[][] b = batch(rows, 6);
        Samples s = ready(params(), 2).sample(b[0], b[1], new SplittableRandom(3));
        assertThat(s.perRow()).isEqualTo(expectedPerRow());
        assertThat(s.rows()).isEqualTo(rows);
        assertThat(s.ids()).hasSize(rows * expectedPerRow());
        assertThat(s.target()).isEqualTo(expectedTarget());
        assertThat(s.positive()).isEqualTo(positive());
        int bound = expectedTarget() == Samples.Target.USER ? Batches.USERS : Batches.ITEMS;
        int[] own = expectedTarget() == Samples.Target.USER ? b[0] : b[1];
        int filled = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < s.perRow(); j++) {
                int id = s.ids()[r * s.perRow() + j];
                if (id == Column.MISSING) {
                    continue;
                }
                filled++;
                assertThat(id).isBetween(0, bound - 1);
                assertThat(id).as("row %d sample %d is the row's own id", r, j).isNotEqualTo(own[r]);
            }
        }
        assertThat(filled).as("a healthy batch gets its samples").isEqualTo(rows * s.perRow());
    }

    @Test
    void emptyBatchGivesNoSamples() {
        Samples s = ready(params(), 2).sample(new int[0], new int[0], new SplittableRandom(3));
        assertThat(s.ids()).isEmpty();
        assertThat(s.rows()).isZero();
    }

    @Test
    void misalignedBatchIsAnError() {
        Sampler s = ready(params(), 2);
        assertThatThrownBy(() -> s.sample(new int[3], new int[2], new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3").hasMessageContaining("2");
    }

    @Test
    void rejectsAnUnknownKey() {
        Map<String, String> params = new HashMap<>(params());
        params.put("per_rwo", "2");
        assertThatThrownBy(() -> create(params))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'per_rwo'")
                .hasMessageContaining("did you mean 'per_row'");
    }

    @Test
    void rejectsBadCommonParameters() {
        assertThatThrownBy(() -> create(Map.of("per_row", "0"))).isInstanceOf(ConfigException.class).hasMessageContaining("'per_row'");
        assertThatThrownBy(() -> create(Map.of("target", "items"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'target'").hasMessageContaining("item, user");
    }
}
