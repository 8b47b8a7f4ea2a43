package io.mic.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.Column;
import io.mic.spi.ComponentContext;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.FeatureBatch;
import io.mic.spi.PluginContext;
import io.mic.spi.Trainable;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract test for {@link Encoder} plugins (two-tower and multi-interest). Extend it and return
 * your factory from {@link #factory()}; override {@link #userBatch()}/{@link #itemBatch()} if your
 * encoder reads columns the default batches lack, and {@link #ready(Encoder)} if it must be
 * trained or loaded before it encodes.
 *
 * <p>Checks: positive {@code dim()} and {@code userInterests()}; user vectors are
 * {@code size x userInterests()} rows and item vectors {@code size} rows of width {@code dim()},
 * all finite; encoding is a pure function of the input, row by row (a row's vector does not
 * depend on the rest of its batch, so online and batch inference agree); the batch is not
 * mutated; returned vectors belong to the caller; an empty batch gives no rows; an unknown id is
 * an error, not a zero vector; concurrent encoding gives what sequential encoding gives; two
 * encoders from the same seed give the same vectors; a {@link Trainable} encoder's checkpoint
 * restores the same vectors into a fresh instance. Plus the checks every plugin runs
 * ({@link PluginContractTest}).
 *
 * <p>Vectors compare within {@link #tolerance()} (relative), since batched matrix products may sum
 * in another order for another batch size.
 *
 * <p>Optional capability: {@link Capability#DETERMINISTIC} (of creation: seeded initialisation).
 * {@link Capability#THREAD_SAFE} (inference) is part of the contract.
 */
public abstract class EncoderContractTest extends PluginContractTest<Encoder, ComponentContext, EncoderFactory> {

    /** For subclasses: one per plugin under test. */
    protected EncoderContractTest() {
        super(PluginKind.ENCODER, "Encoder", EnumSet.of(Capability.DETERMINISTIC));
    }

    /** A user batch of {@link #data()} (64 rows, some with empty histories). */
    protected FeatureBatch userBatch() {
        return data().users(64, 21);
    }

    /** An item batch of {@link #data()} (64 rows). */
    protected FeatureBatch itemBatch() {
        return data().items(64, 22);
    }

    /** Relative tolerance of vector comparisons; 1e-5 by default. */
    protected double tolerance() {
        return 1e-5;
    }

    /**
     * Makes a freshly created encoder ready to encode (trains or loads it when it must be); the
     * default returns it as created.
     */
    protected Encoder ready(Encoder created) {
        return created;
    }

    /** A ready encoder from {@link #params()}. */
    protected final Encoder encoder() {
        return ready(create());
    }

    private String difference(Vectors actual, Vectors expected) {
        if (actual.rows() != expected.rows() || actual.dim() != expected.dim() || actual.interests() != expected.interests()) {
            return "shape " + shape(actual) + ", expected " + shape(expected);
        }
        return difference("values", actual.values(), 0, expected.values(), 0, actual.values().length);
    }

    private String difference(String what, float[] a, int ao, float[] e, int eo, int n) {
        for (int i = 0; i < n; i++) {
            float x = a[ao + i];
            float y = e[eo + i];
            if (!(Math.abs(x - y) <= tolerance() * Math.max(1, Math.max(Math.abs(x), Math.abs(y))))) {
                return what + "[" + i + "] is " + x + ", expected " + y;
            }
        }
        return null;
    }

    private static String shape(Vectors v) {
        return v.rows() + "x" + v.dim() + " (" + v.interests() + " per entity)";
    }

    /** {@code dim()} and {@code userInterests()} are positive. */
    @Test
    public final void dimAndInterestsArePositive() {
        Encoder e = encoder();
        if (e.dim() <= 0 || e.userInterests() <= 0) {
            throw violation("dim()=%d userInterests()=%d; both must be positive", e.dim(), e.userInterests());
        }
    }

    /** User vectors: {@code size x userInterests()} finite rows of width {@code dim()}; item vectors: {@code size} such rows. */
    @Test
    public final void vectorsHaveTheDeclaredShapeAndAreFinite() {
        Encoder e = encoder();
        FeatureBatch users = userBatch();
        checkShape("encodeUsers", e.encodeUsers(users), users.size() * e.userInterests(), e.dim(), e.userInterests());
        FeatureBatch items = itemBatch();
        checkShape("encodeItems", e.encodeItems(items), items.size(), e.dim(), 1);
    }

    private void checkShape(String method, Vectors v, int rows, int dim, int interests) {
        if (v.rows() != rows || v.dim() != dim || v.interests() != interests) {
            throw violation("%s returns %s; expected %dx%d (%d per entity)", method, shape(v), rows, dim, interests);
        }
        for (int i = 0; i < v.values().length; i++) {
            if (!Float.isFinite(v.values()[i])) {
                throw violation("%s: row %d holds %s", method, i / dim, v.values()[i]);
            }
        }
    }

    /** Encoding the same batch twice gives the same vectors. */
    @Test
    public final void encodingIsAPureFunctionOfTheInput() {
        Encoder e = encoder();
        String d = difference(e.encodeUsers(userBatch()), e.encodeUsers(userBatch()));
        d = d != null ? d : difference(e.encodeItems(itemBatch()), e.encodeItems(itemBatch()));
        if (d != null) {
            throw violation("encodes the same batch differently on a second call (%s); inference is a pure function of parameters and input", d);
        }
    }

    /** A row's vector is the same whether it is encoded in its batch or in a reordered sub-batch. */
    @Test
    public final void rowsDoNotDependOnTheRestOfTheBatch() {
        Encoder e = encoder();
        checkRowIndependence("encodeUsers", userBatch(), e::encodeUsers, e.userInterests(), e.dim());
        checkRowIndependence("encodeItems", itemBatch(), e::encodeItems, 1, e.dim());
    }

    private void checkRowIndependence(String method, FeatureBatch batch, Function<FeatureBatch, Vectors> encode, int k, int dim) {
        Vectors all = encode.apply(batch);
        int[] rows = {batch.size() - 1, 3, 0, 7};
        Vectors some = encode.apply(FeatureBatches.select(batch, rows));
        for (int i = 0; i < rows.length; i++) {
            String d = difference("row " + rows[i], some.values(), i * k * dim, all.values(), rows[i] * k * dim, k * dim);
            if (d != null) {
                throw violation("%s: batch row %d encodes differently inside a 4-row batch (%s); a vector must depend on its own row only, or "
                        + "online serving and batch inference disagree", method, rows[i], d);
            }
        }
    }

    /** The batches' arrays are unchanged after encoding. */
    @Test
    public final void neverMutatesTheBatch() {
        Encoder e = encoder();
        FeatureBatch users = userBatch();
        FeatureBatch items = itemBatch();
        FeatureBatch userCopy = FeatureBatches.deepCopy(users);
        FeatureBatch itemCopy = FeatureBatches.deepCopy(items);
        e.encodeUsers(users);
        e.encodeItems(items);
        String d = FeatureBatches.difference(users, userCopy);
        if (d != null) {
            throw violation("encodeUsers mutates the %s it encodes (%s)", FeatureBatches.describe(userCopy), d);
        }
        d = FeatureBatches.difference(items, itemCopy);
        if (d != null) {
            throw violation("encodeItems mutates the %s it encodes (%s)", FeatureBatches.describe(itemCopy), d);
        }
    }

    /** Overwriting returned vectors does not change later results. */
    @Test
    public final void returnedVectorsBelongToTheCaller() {
        Encoder e = encoder();
        Vectors first = e.encodeItems(itemBatch());
        float[] copy = first.values().clone();
        Arrays.fill(first.values(), 42f);
        Vectors again = e.encodeItems(itemBatch());
        String d = difference("values", again.values(), 0, copy, 0, copy.length);
        if (d != null) {
            throw violation("overwriting returned vectors changes the next result (%s); return a new array, the caller owns it", d);
        }
    }

    /** Batches without rows give vectors without rows. */
    @Test
    public final void emptyBatchGivesNoRows() {
        Encoder e = encoder();
        Vectors u = e.encodeUsers(FeatureBatches.select(userBatch(), new int[0]));
        Vectors i = e.encodeItems(FeatureBatches.select(itemBatch(), new int[0]));
        if (u.rows() != 0 || i.rows() != 0) {
            throw violation("empty batches give %d user rows and %d item rows", u.rows(), i.rows());
        }
    }

    /** An id outside the schema is an {@link IllegalArgumentException}, not a zero vector. */
    @Test
    public final void unknownIdsAreAnError() {
        Encoder e = encoder();
        int[] users = userBatch().ids().clone();
        users[1] = data().numUsers() + 3;
        expectUnknownIdError("encodeUsers", () -> e.encodeUsers(userBatch().with(FeatureBatch.ID, new Column.Ids(users))), users[1]);
        int[] items = itemBatch().ids().clone();
        items[1] = data().numItems() + 3;
        expectUnknownIdError("encodeItems", () -> e.encodeItems(itemBatch().with(FeatureBatch.ID, new Column.Ids(items))), items[1]);
    }

    private void expectUnknownIdError(String method, Runnable call, int id) {
        try {
            call.run();
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw violation("%s accepts id %d, outside the schema; unknown ids are an IllegalArgumentException, not a zero vector", method, id);
    }

    /** Encoding from {@value Concurrency#THREADS} threads at once gives what sequential encoding gives. */
    @Test
    public final void isThreadSafe() {
        Encoder e = encoder();
        int tasks = 32;
        List<FeatureBatch> users = Concurrency.sequential(tasks, t -> data().users(16, 300 + t));
        List<FeatureBatch> items = Concurrency.sequential(tasks, t -> data().items(16, 400 + t));
        Function<Integer, Vectors> call = t -> t % 2 == 0 ? e.encodeUsers(users.get(t)) : e.encodeItems(items.get(t));
        List<Vectors> sequential = Concurrency.sequential(tasks, call::apply);
        List<Vectors> concurrent = Concurrency.concurrent(tasks, call::apply);
        for (int t = 0; t < tasks; t++) {
            String d = difference(concurrent.get(t), sequential.get(t));
            if (d != null) {
                throw violation("is not thread-safe: call %d encodes differently when %d threads encode at once (%s)", t, Concurrency.THREADS, d);
            }
        }
    }

    /** Two encoders created from the same config and seed give the same vectors. */
    @Test
    public final void sameSeedGivesTheSameVectors() {
        requires(Capability.DETERMINISTIC);
        String d = difference(encoder().encodeItems(itemBatch()), encoder().encodeItems(itemBatch()));
        d = d != null ? d : difference(encoder().encodeUsers(userBatch()), encoder().encodeUsers(userBatch()));
        if (d != null) {
            throw violation("two encoders from one config and seed differ (%s); draw initial values from context.random(...)", d);
        }
    }

    /** A {@link Trainable} encoder's checkpoint, loaded into a fresh instance initialised from another random stream, restores its vectors. */
    @Test
    public final void checkpointRestoresTheVectors(@TempDir Path dir) throws IOException {
        Encoder e = encoder();
        Optional<Trainable> t = e.trainable();
        assumeTrue(t.isPresent(), "no Trainable view: nothing to checkpoint");
        if (t.get().parameterCount() <= 0) {
            throw violation("a trainable encoder reports parameterCount() %d", t.get().parameterCount());
        }
        Vectors users = e.encodeUsers(userBatch());
        Vectors items = e.encodeItems(itemBatch());
        t.get().saveCheckpoint(dir);
        // another scope draws other initial values, so only a working load makes the vectors equal
        SeededPluginContext other = context().scoped("checkpoint-round-trip");
        Encoder fresh = ready(create(params(), other));
        assumeTrue(difference(fresh.encodeItems(itemBatch()), items) != null,
                "a fresh instance already encodes like the saved one: the round trip could not show a failed load");
        Trainable ft = fresh.trainable().orElseThrow(() -> violation("a second instance has no Trainable view"));
        ft.loadCheckpoint(dir);
        String d = difference(fresh.encodeUsers(userBatch()), users);
        d = d != null ? d : difference(fresh.encodeItems(itemBatch()), items);
        if (d != null) {
            throw violation("an encoder that loaded the checkpoint encodes differently from the one that saved it (%s)", d);
        }
    }
}
