package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.spi.Augmenter;
import io.mic.core.spi.AugmenterFactory;
import io.mic.core.spi.Column;
import io.mic.core.spi.ConfigException;
import io.mic.core.spi.FeatureBatch;
import io.mic.core.spi.PluginContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The {@link Augmenter} SPI's promises, checked for one plugin: discovery by name, determinism
 * under a seed, no mutation of the input, same size and columns, thread safety, strict config.
 * A subclass names the plugin and may supply parameters and a batch that exercises it.
 */
abstract class AugmenterContractTest {

    abstract String name();

    /** Parameters for the contract checks; strong enough that a view differs from its input. */
    Map<String, String> params() {
        return Map.of();
    }

    FeatureBatch batch() {
        return Batches.users(256, 11);
    }

    PluginContext context() {
        return TestContext.of(Batches.SCHEMA);
    }

    final Augmenter create() {
        return Plugins.augmenter(name(), params(), context());
    }

    final Augmenter create(Map<String, String> params) {
        return Plugins.augmenter(name(), params, context());
    }

    /** What a seeded call produces: the view, or for embedding-stage plugins a mask (as a one-column batch). */
    private FeatureBatch output(Augmenter a, FeatureBatch in, long seed) {
        if (a.stage() == Augmenter.Stage.INPUT) {
            return a.augment(in, new SplittableRandom(seed));
        }
        float[] mask = new float[in.size() * 8];
        a.embeddingMask(mask, in.size(), 8, new SplittableRandom(seed));
        return FeatureBatch.of(in.size(), Map.of("mask", new Column.Dense(mask, 8)));
    }

    @Test
    void serviceLoaderFindsItByName() {
        List<AugmenterFactory> found = new ArrayList<>();
        for (AugmenterFactory f : ServiceLoader.load(AugmenterFactory.class)) {
            if (f.name().equals(name())) {
                found.add(f);
            }
        }
        assertThat(found).hasSize(1);
        assertThat(found.get(0).getClass().getPackageName()).isEqualTo("io.mic.augment");
        assertThat(found.get(0).description()).isNotBlank();
    }

    @Test
    void defaultsCreateAValidPlugin() {
        Augmenter a = create(Map.of());
        FeatureBatch in = batch();
        assertThat(a.augment(in, new SplittableRandom(1)).size()).isEqualTo(in.size());
    }

    @Test
    void sameSeedSameOutput() {
        Augmenter a = create();
        FeatureBatch in = batch();
        Batches.assertSameContent(output(a, in, 7), output(a, in, 7));
        // a second instance from the same config behaves identically: no hidden state
        Batches.assertSameContent(output(create(), in, 7), output(a, in, 7));
    }

    @Test
    void differentSeedsGiveDifferentOutputs() {
        Augmenter a = create();
        FeatureBatch in = batch();
        assertThat(Batches.sameContent(output(a, in, 7), output(a, in, 8))).isFalse();
    }

    @Test
    void augmentedViewDiffersFromInput() {
        Augmenter a = create();
        FeatureBatch in = batch();
        FeatureBatch out = a.augment(in, new SplittableRandom(3));
        if (a.stage() == Augmenter.Stage.EMBEDDING) {
            assertThat(out).isSameAs(in);
        } else {
            assertThat(Batches.sameContent(out, in)).isFalse();
        }
    }

    @Test
    void neverMutatesItsInput() {
        Augmenter a = create();
        FeatureBatch in = batch();
        FeatureBatch copy = Batches.deepCopy(in);
        for (long seed = 0; seed < 5; seed++) {
            output(a, in, seed);
        }
        Batches.assertSameContent(in, copy);
    }

    @Test
    void keepsSizeColumnNamesAndKinds() {
        Augmenter a = create();
        FeatureBatch in = batch();
        FeatureBatch out = a.augment(in, new SplittableRandom(5));
        assertThat(out.size()).isEqualTo(in.size());
        assertThat(List.copyOf(out.names())).containsExactlyElementsOf(in.names());
        for (String name : in.names()) {
            Column before = in.column(name);
            Column after = out.column(name);
            assertThat(after.getClass()).as(name).isEqualTo(before.getClass());
            assertThat(after.rows()).as(name).isEqualTo(before.rows());
            if (before instanceof Column.Dense d) {
                assertThat(((Column.Dense) after).dim()).as(name).isEqualTo(d.dim());
            }
        }
    }

    @Test
    void isThreadSafe() throws Exception {
        Augmenter a = create();
        FeatureBatch in = batch();
        int tasks = 32;
        List<FeatureBatch> sequential = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            sequential.add(output(a, in, 100 + t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<FeatureBatch>> futures = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                long seed = 100 + t;
                futures.add(pool.submit(() -> output(a, in, seed)));
            }
            for (int t = 0; t < tasks; t++) {
                Batches.assertSameContent(futures.get(t).get(), sequential.get(t));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsAnUnknownKey() {
        Map<String, String> params = new HashMap<>(params());
        params.put("bogus_key", "1");
        assertThatThrownBy(() -> create(params))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'bogus_key'")
                .hasMessageContaining(name());
    }

    @Test
    void stageMatchesTheMethodItImplements() {
        Augmenter a = create();
        if (a.stage() == Augmenter.Stage.INPUT) {
            assertThatThrownBy(() -> a.embeddingMask(new float[4], 1, 4, new SplittableRandom(1)))
                    .isInstanceOf(UnsupportedOperationException.class);
        } else {
            FeatureBatch in = batch();
            assertThat(a.augment(in, new SplittableRandom(1))).isSameAs(in);
        }
    }
}
