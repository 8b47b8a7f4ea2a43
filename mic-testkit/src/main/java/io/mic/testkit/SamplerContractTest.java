package io.mic.testkit;

import io.mic.core.registry.PluginKind;
import io.mic.spi.Column;
import io.mic.spi.ComponentContext;
import io.mic.spi.Sampler;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;
import io.mic.spi.Vectors;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Contract test for {@link Sampler} plugins. Extend it, return your factory from
 * {@link #factory()}, and state in {@link #expected()} what samples {@link #params()} produce.
 *
 * <p>Checks: the declared layout ({@code perRow}, target, positive or negative; and {@link Sampler#role()}
 * when the sampler declares one), sampled ids in
 * range and never the row's own id, every row filled on a healthy batch, the refresh schedule
 * matches the declared kind, the same refresh and generator state give the same samples, different
 * seeds give different samples, inputs are never mutated, nothing of the embeddings passed to
 * {@code refresh} is kept (the trainer overwrites them), an empty batch gives no samples and a
 * misaligned one is an error. Samplers run on the trainer's thread only, so thread safety is not
 * checked. Plus the checks every plugin runs ({@link PluginContractTest}).
 *
 * <p>Embedding-aware samplers get {@link #data()}'s user and item vectors of width
 * {@link #embeddingDim()} through {@link Sampler#refresh} before sampling.
 *
 * <p>Optional capability: {@link Capability#RANDOMIZED}. {@link Capability#DETERMINISTIC} is part
 * of the contract.
 */
public abstract class SamplerContractTest extends PluginContractTest<Sampler, ComponentContext, SamplerFactory> {

    /**
     * What a sampler built from {@link #params()} emits.
     *
     * @param perRow         samples per batch row
     * @param target         whether samples are user or item ids
     * @param positive       extended positives ({@code true}) or negatives
     * @param embeddingAware whether it needs {@link Sampler#refresh} ({@code refreshEvery() > 0})
     */
    public record Expected(int perRow, Samples.Target target, boolean positive, boolean embeddingAware) {
        public Expected {
            Objects.requireNonNull(target, "target");
            if (perRow < 1) {
                throw new IllegalArgumentException("perRow must be >= 1, got " + perRow);
            }
        }
    }

    /** For subclasses: one per plugin under test. */
    protected SamplerContractTest() {
        super(PluginKind.SAMPLER, "Sampler", EnumSet.of(Capability.RANDOMIZED));
    }

    /** The layout and kind of samples {@link #params()} produce. */
    protected abstract Expected expected();

    /** Width of the embeddings given to {@link Sampler#refresh}. */
    protected int embeddingDim() {
        return 8;
    }

    /** A training batch of {@code rows} (user, item) pairs: {@code [0]} users, {@code [1]} items. */
    protected int[][] batch(int rows, long seed) {
        return data().pairs(rows, seed);
    }

    private Vectors userVectors() {
        return data().userVectors(embeddingDim());
    }

    private Vectors itemVectors() {
        return data().itemVectors(embeddingDim());
    }

    /** A sampler ready to sample: created, and refreshed with the fixture's embeddings when it asks for them. */
    protected final Sampler ready(long refreshSeed) {
        Sampler s = create();
        if (s.refreshEvery() > 0) {
            s.refresh(userVectors(), itemVectors(), new SplittableRandom(refreshSeed));
        }
        return s;
    }

    /** {@code refreshEvery()} is positive exactly for embedding-aware samplers, and never negative. */
    @Test
    public final void refreshScheduleMatchesItsKind() {
        int every = create().refreshEvery();
        if (every < 0) {
            throw violation("refreshEvery() is %d; it must be 0 (never refresh) or a positive step count", every);
        }
        if ((every > 0) != expected().embeddingAware()) {
            throw violation("refreshEvery() is %d but expected() says embeddingAware=%s", every, expected().embeddingAware());
        }
    }

    /**
     * {@link Sampler#role()}, when declared, is the layout {@link #expected()} states; models build their graph from it
     * without drawing a sample. A sampler that declares no role passes here but is rejected by models that route by role.
     */
    @Test
    public final void declaredRoleIsTheLayoutItSamples() {
        Sampler s = create();
        Expected e = expected();
        s.role().ifPresent(r -> {
            if (!r.equals(new Sampler.Role(e.target(), e.positive(), e.perRow()))) {
                throw violation("role() is %s, expected() says perRow=%d target=%s positive=%s", r, e.perRow(), e.target(), e.positive());
            }
        });
    }

    /** The samples have the declared layout; ids are in range (or {@code MISSING}), never the row's own id, and fill every row. */
    @Test
    public final void samplesHaveTheDeclaredLayoutAndValidIds() {
        int rows = 64;
        int[][] b = batch(rows, 6);
        Samples s = ready(2).sample(b[0], b[1], new SplittableRandom(3));
        Expected e = expected();
        if (s.perRow() != e.perRow() || s.target() != e.target() || s.positive() != e.positive()) {
            throw violation("samples have perRow=%d target=%s positive=%s, expected() says perRow=%d target=%s positive=%s", s.perRow(), s.target(),
                    s.positive(), e.perRow(), e.target(), e.positive());
        }
        if (s.ids().length != rows * e.perRow()) {
            throw violation("%d ids for %d rows x %d per row", s.ids().length, rows, e.perRow());
        }
        int bound = e.target() == Samples.Target.USER ? data().numUsers() : data().numItems();
        int[] own = e.target() == Samples.Target.USER ? b[0] : b[1];
        int missing = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < s.perRow(); j++) {
                int id = s.ids()[r * s.perRow() + j];
                if (id == Column.MISSING) {
                    missing++;
                } else if (id < 0 || id >= bound) {
                    throw violation("row %d sample %d is %d, outside [0, %d) of the schema's %s ids", r, j, id, bound, e.target());
                } else if (id == own[r]) {
                    throw violation("row %d sample %d is the row's own %s id %d; a sample must be another %s", r, j, e.target(), id, e.target());
                }
            }
        }
        if (missing > 0) {
            throw violation("%d of %d samples are MISSING on a batch of training pairs over %d users and %d items; pad only rows that "
                    + "genuinely lack candidates", missing, rows * e.perRow(), data().numUsers(), data().numItems());
        }
    }

    /** The same refresh and generator seeds give the same samples, from one instance or two. */
    @Test
    public final void sameSeedsGiveTheSameSamples() {
        int[][] b = batch(64, 3);
        Samples first = ready(5).sample(b[0], b[1], new SplittableRandom(9));
        Samples again = ready(5).sample(b[0], b[1], new SplittableRandom(9));
        String d = FeatureBatches.difference("ids", again.ids(), first.ids());
        if (d != null) {
            throw violation("two samplers refreshed with seed 5 and sampling with seed 9 differ (%s); all randomness must come from the "
                    + "generator arguments", d);
        }
    }

    /** Sampling seeds 9 and 10 give different samples. */
    @Test
    public final void differentSeedsGiveDifferentSamples() {
        requires(Capability.RANDOMIZED);
        int[][] b = batch(64, 3);
        Sampler s = ready(5);
        if (Arrays.equals(s.sample(b[0], b[1], new SplittableRandom(9)).ids(), s.sample(b[0], b[1], new SplittableRandom(10)).ids())) {
            throw violation("sampling seeds 9 and 10 give the same samples: does sample() draw from its generator? A sampler without "
                    + "randomness declares Capability.RANDOMIZED unsupported");
        }
    }

    /** The batch arrays and the refreshed embeddings are unchanged after refresh and sample. */
    @Test
    public final void neverMutatesItsInputs() {
        int[][] b = batch(64, 4);
        int[] users = b[0].clone();
        int[] items = b[1].clone();
        Vectors uv = userVectors();
        Vectors iv = itemVectors();
        float[] uCopy = uv.values().clone();
        float[] iCopy = iv.values().clone();
        Sampler s = create();
        if (s.refreshEvery() > 0) {
            s.refresh(uv, iv, new SplittableRandom(1));
        }
        s.sample(b[0], b[1], new SplittableRandom(1));
        String d = FeatureBatches.difference("users", b[0], users);
        d = d != null ? d : FeatureBatches.difference("items", b[1], items);
        d = d != null ? d : FeatureBatches.difference("user embeddings", uv.values(), uCopy);
        d = d != null ? d : FeatureBatches.difference("item embeddings", iv.values(), iCopy);
        if (d != null) {
            throw violation("mutates its inputs: %s; batch arrays and embeddings belong to the trainer", d);
        }
    }

    /** Overwriting the embeddings after {@code refresh} returns does not change later samples. */
    @Test
    public final void keepsNothingOfTheEmbeddingsItWasRefreshedWith() {
        int[][] b = batch(64, 8);
        Vectors uv = Vectors.of(userVectors().values(), embeddingDim());
        Vectors iv = Vectors.of(itemVectors().values(), embeddingDim());
        Sampler s = create();
        if (s.refreshEvery() > 0) {
            s.refresh(uv, iv, new SplittableRandom(1));
        }
        Samples before = s.sample(b[0], b[1], new SplittableRandom(2));
        Arrays.fill(uv.values(), 1f);
        Arrays.fill(iv.values(), -1f);
        String d = FeatureBatches.difference("ids", s.sample(b[0], b[1], new SplittableRandom(2)).ids(), before.ids());
        if (d != null) {
            throw violation("samples change when the trainer overwrites the embedding arrays after refresh() (%s); copy what must be kept", d);
        }
    }

    /** An empty batch gives no samples. */
    @Test
    public final void emptyBatchGivesNoSamples() {
        Samples s = ready(2).sample(new int[0], new int[0], new SplittableRandom(3));
        if (s.ids().length != 0 || s.rows() != 0) {
            throw violation("an empty batch gives %d samples", s.ids().length);
        }
    }

    /** Users and items of different lengths are an {@link IllegalArgumentException}. */
    @Test
    public final void misalignedBatchIsAnError() {
        Sampler s = ready(2);
        try {
            s.sample(new int[3], new int[2], new SplittableRandom(1));
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw violation("sample(users[3], items[2]) does not throw IllegalArgumentException; users and items must be aligned");
    }
}
