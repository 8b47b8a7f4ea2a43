package io.mic.testkit;

import io.mic.core.data.DataSplit;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Contract test for {@link Model} plugins (baselines and trainable models). Extend it and return
 * your factory from {@link #factory()}; a trainable model overrides {@link #components()} with the
 * encoder, augmenters, samplers and (short) trainer settings it trains with.
 *
 * <p>Checks on {@link #data()}'s leave-last-out split: after {@code fit}, every item gets a score
 * and none is NaN; {@code score} writes exactly {@code numItems} values; batched scoring equals
 * per-user scoring; {@code fit} never reads test interactions (moving every test interaction to
 * another item changes no score); two fits from the same seed score alike; {@code fit} does not
 * mutate the split; concurrent scoring gives what sequential scoring gives. Plus the checks every
 * plugin runs ({@link PluginContractTest}).
 *
 * <p>The kit fits one model per test class and shares it between the checks that only score
 * ({@link TestInstance.Lifecycle#PER_CLASS}); checks that compare fits fit their own.
 *
 * <p>Optional capability: {@link Capability#DETERMINISTIC} (of {@code fit}; the leak check needs
 * it too). {@link Capability#THREAD_SAFE} (scoring after fit) is part of the contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModelContractTest extends PluginContractTest<Model, ModelContext, ModelFactory> {
    private Model fitted;

    /** For subclasses: one per plugin under test. */
    protected ModelContractTest() {
        super(PluginKind.MODEL, "Model", EnumSet.of(Capability.DETERMINISTIC));
    }

    /** What the host passes as the {@link ModelComponents} service: none by default (baselines). */
    protected ModelComponents components() {
        return ModelComponents.none();
    }

    /** Relative tolerance of score comparisons between batched and per-user scoring; 1e-5 by default. */
    protected double tolerance() {
        return 1e-5;
    }

    /** {@inheritDoc} Here: {@link #contextFor(TestData)} of {@link #data()}. */
    @Override
    protected SeededPluginContext context() {
        return contextFor(data());
    }

    /**
     * The context for fitting on {@code d} (the kit also fits on variants of {@link #data()}):
     * {@link TestData#context} plus {@link #components()} as the {@link ModelComponents} service.
     * Override this, not {@link #context()}, to add services.
     */
    protected SeededPluginContext contextFor(TestData d) {
        return d.context(factory().name()).withComponents(components());
    }

    /** A new model from {@link #params()}, fitted on {@code d}'s split. */
    protected final Model fit(TestData d) {
        Model m = create(params(), contextFor(d));
        m.fit(d.split());
        return m;
    }

    /** The model shared by the scoring checks, fitted on {@link #data()} once per test class. */
    protected final synchronized Model fitted() {
        if (fitted == null) {
            fitted = fit(data());
        }
        return fitted;
    }

    private float[] scores(Model m, int user) {
        float[] out = new float[data().numItems()];
        m.score(user, out);
        return out;
    }

    private String difference(String what, float[] actual, float[] expected) {
        for (int i = 0; i < expected.length; i++) {
            float a = actual[i];
            float e = expected[i];
            boolean same = Float.compare(a, e) == 0 || Math.abs(a - e) <= tolerance() * Math.max(1, Math.max(Math.abs(a), Math.abs(e)));
            if (!same) {
                return what + " item " + i + " scores " + a + ", expected " + e;
            }
        }
        return null;
    }

    /** Every user gets a score for every item, none NaN. */
    @Test
    public final void scoresEveryItemWithoutNaN() {
        Model m = fitted();
        for (int u = 0; u < data().numUsers(); u++) {
            float[] s = scores(m, u);
            for (int i = 0; i < s.length; i++) {
                if (Float.isNaN(s[i])) {
                    throw violation("user %d: item %d scores NaN; ranking needs a number for every item", u, i);
                }
            }
        }
    }

    /** {@code score} writes {@code out[0 .. numItems)} and nothing beyond. */
    @Test
    public final void scoreWritesExactlyNumItemsValues() {
        Model m = fitted();
        int n = data().numItems();
        float[] out = new float[n + 3];
        Arrays.fill(out, Float.NaN);
        m.score(0, out);
        for (int i = n; i < out.length; i++) {
            if (!Float.isNaN(out[i])) {
                throw violation("score() writes out[%d], beyond numItems %d; callers reuse larger buffers", i, n);
            }
        }
    }

    /** {@code score(users, out, numItems)} equals one {@code score(user, out)} per user. */
    @Test
    public final void batchScoringMatchesPerUserScoring() {
        Model m = fitted();
        int n = data().numItems();
        int[] users = {5, 0, data().numUsers() - 1, 5, 17};
        float[] batch = new float[users.length * n];
        m.score(users, batch, n);
        for (int r = 0; r < users.length; r++) {
            String d = difference("user " + users[r] + ":", Arrays.copyOfRange(batch, r * n, (r + 1) * n), scores(m, users[r]));
            if (d != null) {
                throw violation("batched scoring differs from per-user scoring (%s)", d);
            }
        }
    }

    /** Fitting on a split whose test interactions point at other items changes no score. */
    @Test
    public final void fitNeverReadsTestInteractions() {
        requires(Capability.DETERMINISTIC);
        Model original = fitted();
        Model moved = fit(data().withOtherTestItems());
        for (int u = 0; u < data().numUsers(); u++) {
            String d = difference("user " + u + ":", scores(moved, u), scores(original, u));
            if (d != null) {
                throw violation("scores change when only the test interactions change (%s): fit reads split.test() or the dataset's test "
                        + "rows; fit on split.train() (and split.valid() for early stopping) only", d);
            }
        }
    }

    /** Two fits from the same config, seed and split score alike. */
    @Test
    public final void fitIsReproducibleUnderASeed() {
        requires(Capability.DETERMINISTIC);
        Model a = fitted();
        Model b = fit(data());
        for (int u = 0; u < data().numUsers(); u += 7) {
            String d = difference("user " + u + ":", scores(b, u), scores(a, u));
            if (d != null) {
                throw violation("two fits from one seed differ (%s); draw every random choice from context.random(...), or declare "
                        + "Capability.DETERMINISTIC unsupported", d);
            }
        }
    }

    /** {@code fit} leaves the split's interaction arrays as they were. */
    @Test
    public final void fitNeverMutatesTheSplit() {
        TestData d = TestData.generate(120, 60, data().seed() + 9);
        DataSplit split = d.split();
        List<int[]> before = List.of(split.train().offsets().clone(), split.train().items().clone(), split.valid().items().clone(),
                split.test().items().clone(), split.dataset().itemColumn().clone());
        Model m = create(params(), contextFor(d));
        m.fit(split);
        List<int[]> after = List.of(split.train().offsets(), split.train().items(), split.valid().items(), split.test().items(),
                split.dataset().itemColumn());
        String[] names = {"train offsets", "train items", "valid items", "test items", "dataset item column"};
        for (int i = 0; i < names.length; i++) {
            String diff = FeatureBatches.difference(names[i], after.get(i), before.get(i));
            if (diff != null) {
                throw violation("fit mutates the split (%s); the host shares it between models", diff);
            }
        }
        float[] ratings = split.train().ratings();
        if (ratings != null) {
            InteractionMatrix fresh = TestData.generate(120, 60, data().seed() + 9).split().train();
            String diff = FeatureBatches.difference("train ratings", ratings, fresh.ratings());
            if (diff != null) {
                throw violation("fit mutates the split (%s)", diff);
            }
        }
    }

    /** Scoring from {@value Concurrency#THREADS} threads at once gives what sequential scoring gives. */
    @Test
    public final void scoringIsThreadSafe() {
        Model m = fitted();
        int tasks = 2 * Math.min(100, data().numUsers());
        List<float[]> sequential = Concurrency.sequential(tasks, t -> scores(m, t % data().numUsers()));
        List<float[]> concurrent = Concurrency.concurrent(tasks, t -> scores(m, t % data().numUsers()));
        for (int t = 0; t < tasks; t++) {
            String d = FeatureBatches.difference("scores", concurrent.get(t), sequential.get(t));
            if (d != null) {
                throw violation("scoring is not thread-safe: user %d scores differently when %d threads score at once (%s)", t % data().numUsers(),
                        Concurrency.THREADS, d);
            }
        }
    }
}
