package io.mic.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mic.core.registry.PluginKind;
import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.Column;
import io.mic.spi.ComponentContext;
import io.mic.spi.FeatureBatch;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Contract test for {@link Augmenter} plugins. Extend it, return your factory from
 * {@link #factory()}, and pick {@link #params()} strong enough that a view differs from its input.
 *
 * <p>Checks, on every batch of {@link #batches()} (a user batch and an item batch by default):
 * the same generator state gives the same view (also from a second instance), different seeds
 * give different views, an input-stage view differs from its input, the input is never mutated,
 * size, column names and column kinds are kept, an empty batch gives an empty view, concurrent
 * calls give what sequential calls give, the stage matches the method implemented, and an
 * embedding mask fills exactly {@code rows x dim} values. Plus the checks every plugin runs
 * ({@link PluginContractTest}).
 *
 * <p>Optional capability: {@link Capability#RANDOMIZED} (a fixed transformation).
 * {@link Capability#DETERMINISTIC} and {@link Capability#THREAD_SAFE} are part of the contract.
 */
public abstract class AugmenterContractTest extends PluginContractTest<Augmenter, ComponentContext, AugmenterFactory> {
    private static final int MASK_DIM = 8;

    /** For subclasses: one per plugin under test. */
    protected AugmenterContractTest() {
        super(PluginKind.AUGMENTER, "Augmenter", EnumSet.of(Capability.RANDOMIZED));
    }

    /** The batches every check augments: a user batch and an item batch of {@link #data()}. */
    protected List<FeatureBatch> batches() {
        return List.of(data().users(256, 11), data().items(256, 12));
    }

    /** What one seeded call produces: the view, or for an embedding-stage plugin its mask as a one-column batch. */
    private static FeatureBatch output(Augmenter a, FeatureBatch in, long seed) {
        if (a.stage() == Augmenter.Stage.INPUT) {
            return a.augment(in, new SplittableRandom(seed));
        }
        float[] mask = new float[in.size() * MASK_DIM];
        a.embeddingMask(mask, in.size(), MASK_DIM, new SplittableRandom(seed));
        return FeatureBatch.of(in.size(), Map.of("mask", new Column.Dense(mask, MASK_DIM)));
    }

    /** Two calls with equally seeded generators, on one instance or two, give the same output. */
    @Test
    public final void sameGeneratorStateGivesTheSameView() {
        Augmenter a = create();
        Augmenter other = create();
        for (FeatureBatch in : batches()) {
            String d = FeatureBatches.difference(output(a, in, 7), output(a, in, 7));
            if (d != null) {
                throw violation("two calls with generators seeded 7 give different output for the %s (%s); all randomness must come from "
                        + "the generator argument", FeatureBatches.describe(in), d);
            }
            d = FeatureBatches.difference(output(other, in, 7), output(a, in, 7));
            if (d != null) {
                throw violation("a second instance from the same config gives different output for the %s (%s); an augmenter must not "
                        + "keep state between calls", FeatureBatches.describe(in), d);
            }
        }
    }

    /** Seeds 7 and 8 give different output on at least one batch. */
    @Test
    public final void differentSeedsGiveDifferentViews() {
        requires(Capability.RANDOMIZED);
        Augmenter a = create();
        for (FeatureBatch in : batches()) {
            if (!FeatureBatches.sameContent(output(a, in, 7), output(a, in, 8))) {
                return;
            }
        }
        throw violation("seeds 7 and 8 give the same output on every fixture batch with params() %s: does it draw from the generator "
                + "argument? A plugin without randomness declares Capability.RANDOMIZED unsupported", params());
    }

    /** An input-stage view differs from its input on at least one batch. */
    @Test
    public final void inputStageViewDiffersFromItsInput() {
        Augmenter a = create();
        assumeTrue(a.stage() == Augmenter.Stage.INPUT, "embedding-stage augmenter: augment() returns its input by contract");
        for (FeatureBatch in : batches()) {
            if (!FeatureBatches.sameContent(a.augment(in, new SplittableRandom(3)), in)) {
                return;
            }
        }
        throw violation("every view equals its input with params() %s; choose params() that make the augmenter change something, or "
                + "override batches() with batches it applies to", params());
    }

    /** The input batch's arrays are unchanged after several calls. */
    @Test
    public final void neverMutatesItsInput() {
        Augmenter a = create();
        for (FeatureBatch in : batches()) {
            FeatureBatch copy = FeatureBatches.deepCopy(in);
            for (long seed = 0; seed < 5; seed++) {
                output(a, in, seed);
            }
            String d = FeatureBatches.difference(in, copy);
            if (d != null) {
                throw violation("mutates its input %s (%s); columns are shared and immutable, so write new arrays", FeatureBatches.describe(copy),
                        d);
            }
        }
    }

    /** A view has the input's size and its columns, in order, each of the same kind, rows and width. */
    @Test
    public final void keepsTheSizeColumnNamesAndKinds() {
        Augmenter a = create();
        assumeTrue(a.stage() == Augmenter.Stage.INPUT, "embedding-stage augmenter: no view to check");
        for (FeatureBatch in : batches()) {
            FeatureBatch out = a.augment(in, new SplittableRandom(5));
            if (out.size() != in.size() || !List.copyOf(out.names()).equals(List.copyOf(in.names()))) {
                throw violation("the view of the %s is a %s; it must keep the size and the columns in order", FeatureBatches.describe(in),
                        FeatureBatches.describe(out));
            }
            for (String name : in.names()) {
                Column before = in.column(name);
                Column after = out.column(name);
                boolean sameDim = !(before instanceof Column.Dense d) || ((Column.Dense) after).dim() == d.dim();
                if (after.getClass() != before.getClass() || after.rows() != before.rows() || !sameDim) {
                    throw violation("column '%s' changes from %s to %s (or its rows or width changed); a view keeps each column's kind and shape",
                            name, before.getClass().getSimpleName(), after.getClass().getSimpleName());
                }
            }
        }
    }

    /** A batch with the fixture's columns and no rows gives a view with no rows (or, embedding stage, an empty mask). */
    @Test
    public final void emptyBatchGivesAnEmptyView() {
        Augmenter a = create();
        for (FeatureBatch in : batches()) {
            FeatureBatch empty = FeatureBatches.select(in, new int[0]);
            FeatureBatch out;
            try {
                out = output(a, empty, 1);
            } catch (RuntimeException e) {
                throw violation("fails on an empty %s: %s", FeatureBatches.describe(empty), e);
            }
            if (out.size() != 0) {
                throw violation("the view of an empty batch has %d rows", out.size());
            }
        }
    }

    /** Calls from {@value Concurrency#THREADS} threads at once give what the same calls give one by one. */
    @Test
    public final void isThreadSafe() {
        Augmenter a = create();
        List<FeatureBatch> in = batches();
        int tasks = 48;
        List<FeatureBatch> sequential = Concurrency.sequential(tasks, t -> output(a, in.get(t % in.size()), 100 + t));
        List<FeatureBatch> concurrent = Concurrency.concurrent(tasks, t -> output(a, in.get(t % in.size()), 100 + t));
        for (int t = 0; t < tasks; t++) {
            String d = FeatureBatches.difference(concurrent.get(t), sequential.get(t));
            if (d != null) {
                throw violation("is not thread-safe: call %d (seed %d) gives different output when %d threads call at once (%s); keep "
                        + "per-call state in locals, not fields", t, 100 + t, Concurrency.THREADS, d);
            }
        }
    }

    /** An input-stage plugin refuses {@code embeddingMask}; an embedding-stage plugin returns the batch it is given. */
    @Test
    public final void stageMatchesTheMethodItImplements() {
        Augmenter a = create();
        FeatureBatch in = batches().get(0);
        if (a.stage() == Augmenter.Stage.INPUT) {
            try {
                a.embeddingMask(new float[4], 1, 4, new SplittableRandom(1));
            } catch (UnsupportedOperationException expected) {
                return;
            }
            throw violation("is an INPUT-stage augmenter but embeddingMask() does not throw UnsupportedOperationException; the trainer would "
                    + "apply a meaningless mask");
        }
        if (a.augment(in, new SplittableRandom(1)) != in) {
            throw violation("is an EMBEDDING-stage augmenter but augment() does not return its input unchanged");
        }
    }

    /** An embedding mask writes exactly the first {@code rows x dim} values, all finite. */
    @Test
    public final void embeddingMaskFillsExactlyRowsTimesDim() {
        Augmenter a = create();
        assumeTrue(a.stage() == Augmenter.Stage.EMBEDDING, "input-stage augmenter: no embedding mask");
        int rows = 13;
        float[] mask = new float[rows * MASK_DIM + 5];
        java.util.Arrays.fill(mask, Float.NaN);
        a.embeddingMask(mask, rows, MASK_DIM, new SplittableRandom(2));
        for (int i = 0; i < mask.length; i++) {
            boolean inside = i < rows * MASK_DIM;
            if (inside && !Float.isFinite(mask[i])) {
                throw violation("embeddingMask(rows=%d, dim=%d) leaves mask[%d] = %s; it must fill all rows x dim values with finite numbers",
                        rows, MASK_DIM, i, mask[i]);
            }
            if (!inside && !Float.isNaN(mask[i])) {
                throw violation("embeddingMask(rows=%d, dim=%d) writes mask[%d], beyond rows x dim; callers reuse larger buffers", rows,
                        MASK_DIM, i);
            }
        }
    }
}
