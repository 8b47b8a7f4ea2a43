package io.mic.testkit;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mic.core.registry.PluginKind;
import io.mic.spi.Neighbors;
import io.mic.spi.PluginContext;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract test for {@link VectorIndex} plugins, with a brute-force reference. Extend it and
 * return your factory from {@link #factory()}; override {@link #cosine()} when your
 * {@link #params()} select cosine scores, and {@link #load} when your plugin can reopen what
 * {@code save} wrote.
 *
 * <p>Checks on {@link #vectors()}: size and width after build; every search returns
 * {@code min(k, size)} distinct ids in range, best first, writing nothing beyond them and honouring
 * the query offset; the exact top k (or, without {@link Capability#EXACT}, recall of at least
 * {@link #minimumRecall()}); build does not mutate the vectors; an empty index answers with
 * nothing; concurrent searches give what sequential ones give; two builds give the same answers;
 * {@code save} writes the index (and {@link #load} reads it back), or refuses with
 * {@link UnsupportedOperationException}. Plus the checks every plugin runs
 * ({@link PluginContractTest}).
 *
 * <p>Optional capabilities: {@link Capability#EXACT}, {@link Capability#SAVE},
 * {@link Capability#DETERMINISTIC} (of the build). {@link Capability#THREAD_SAFE} (search after
 * build) is part of the contract.
 */
public abstract class VectorIndexContractTest extends PluginContractTest<VectorIndex, PluginContext, VectorIndexFactory> {
    /** Relative tolerance of score comparisons: float dot products of width {@code dim} summed in another order. */
    private static final double SCORE_TOLERANCE = 1e-4;
    private static final int QUERIES = 50;

    /** For subclasses: one per plugin under test. */
    protected VectorIndexContractTest() {
        super(PluginKind.VECTOR_INDEX, "VectorIndex", EnumSet.of(Capability.EXACT, Capability.SAVE, Capability.DETERMINISTIC));
    }

    /** The indexed vectors: 1,000 seeded standard-normal rows of width 16. */
    protected Vectors vectors() {
        return TestData.gaussian(1000, 16, data().seed());
    }

    /** Query vectors, one per row, of the index's width. */
    protected Vectors queries() {
        return TestData.gaussian(QUERIES, vectors().dim(), data().seed() + 1);
    }

    /** Whether {@link #params()} make scores cosines rather than inner products. */
    protected boolean cosine() {
        return false;
    }

    /** Neighbours per search. */
    protected int k() {
        return 10;
    }

    /** Least mean recall@k against brute force for an index without {@link Capability#EXACT}. */
    protected double minimumRecall() {
        return 0.9;
    }

    /** Reopens what {@code save(dir)} wrote, when the plugin can; empty (the default) skips the round trip. */
    protected Optional<VectorIndex> load(Path dir) throws IOException {
        return Optional.empty();
    }

    /** A new index built over {@link #vectors()}. */
    protected final VectorIndex built() {
        VectorIndex index = create();
        index.build(vectors());
        return index;
    }

    private float similarity(Vectors v, int row, float[] q, int offset) {
        float dot = v.dot(row, q, offset);
        if (!cosine()) {
            return dot;
        }
        double a = 0;
        double b = 0;
        for (int d = 0; d < v.dim(); d++) {
            a += (double) v.values()[row * v.dim() + d] * v.values()[row * v.dim() + d];
            b += (double) q[offset + d] * q[offset + d];
        }
        return (float) (dot / Math.sqrt(a * b));
    }

    private static boolean close(float a, float b) {
        return Math.abs(a - b) <= SCORE_TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** {@code size()} and {@code dim()} describe the built vectors. */
    @Test
    public final void sizeAndDimDescribeTheBuiltVectors() {
        VectorIndex index = built();
        if (index.size() != vectors().rows() || index.dim() != vectors().dim()) {
            throw violation("after building %d vectors of width %d, size()=%d dim()=%d", vectors().rows(), vectors().dim(), index.size(),
                    index.dim());
        }
    }

    /** Each search writes {@code min(k, size)} distinct in-range ids, best first, and nothing beyond them. */
    @Test
    public final void searchReturnsDistinctIdsBestFirst() {
        VectorIndex index = built();
        Vectors q = queries();
        int k = k();
        for (int i = 0; i < q.rows(); i++) {
            int[] ids = new int[k + 3];
            float[] scores = new float[k + 3];
            Arrays.fill(ids, Integer.MIN_VALUE);
            Arrays.fill(scores, Float.NaN);
            int n = index.search(q.values(), q.offset(i), k, ids, scores);
            checkResult(i, ids, scores, n, Math.min(k, vectors().rows()));
            for (int j = n; j < ids.length; j++) {
                if (ids[j] != Integer.MIN_VALUE || !Float.isNaN(scores[j])) {
                    throw violation("query %d: search(k=%d) returned %d but wrote slot %d; callers reuse larger buffers", i, k, n, j);
                }
            }
        }
    }

    private void checkResult(int query, int[] ids, float[] scores, int n, int want) {
        if (n != want) {
            throw violation("query %d: search returns %d results; with k=%d over %d vectors it must return %d", query, n, k(), vectors().rows(),
                    want);
        }
        for (int j = 0; j < n; j++) {
            if (ids[j] < 0 || ids[j] >= vectors().rows()) {
                throw violation("query %d: result %d is id %d, outside [0, %d)", query, j, ids[j], vectors().rows());
            }
            for (int p = 0; p < j; p++) {
                if (ids[p] == ids[j]) {
                    throw violation("query %d: id %d is returned twice (results %d and %d)", query, ids[j], p, j);
                }
            }
            if (!Float.isFinite(scores[j]) || (j > 0 && scores[j] > scores[j - 1])) {
                throw violation("query %d: scores %s are not finite and non-increasing; results are best first", query,
                        Arrays.toString(Arrays.copyOf(scores, n)));
            }
        }
    }

    /** The results are the true top k with their true scores (ties may come in either order). */
    @Test
    public final void searchMatchesBruteForce() {
        requires(Capability.EXACT);
        VectorIndex index = built();
        Vectors v = vectors();
        Vectors q = queries();
        int k = Math.min(k(), v.rows());
        for (int i = 0; i < q.rows(); i++) {
            int[] ids = new int[k];
            float[] scores = new float[k];
            int n = index.search(q.values(), q.offset(i), k, ids, scores);
            checkResult(i, ids, scores, n, k);
            float[] truth = bruteForceScores(v, q, i, k);
            for (int j = 0; j < n; j++) {
                float actual = similarity(v, ids[j], q.values(), q.offset(i));
                if (!close(scores[j], actual)) {
                    throw violation("query %d: id %d comes with score %s, but its %s is %s", i, ids[j], scores[j], cosine() ? "cosine" : "inner product",
                            actual);
                }
                if (!close(scores[j], truth[j])) {
                    throw violation("query %d: result %d scores %s, but the true %d-th best score is %s; an exact index returns the true top k "
                            + "(declare Capability.EXACT unsupported for an approximate one)", i, j, scores[j], j + 1, truth[j]);
                }
            }
        }
    }

    /** Mean recall@k against brute force is at least {@link #minimumRecall()} (for approximate indexes). */
    @Test
    public final void recallAgainstBruteForceIsHighEnough() {
        assumeFalse(supports(Capability.EXACT), "exact index: searchMatchesBruteForce checks the results themselves");
        VectorIndex index = built();
        Vectors v = vectors();
        Vectors q = queries();
        int k = Math.min(k(), v.rows());
        double hits = 0;
        for (int i = 0; i < q.rows(); i++) {
            int[] ids = new int[k];
            float[] scores = new float[k];
            int n = index.search(q.values(), q.offset(i), k, ids, scores);
            checkResult(i, ids, scores, n, k);
            float kth = bruteForceScores(v, q, i, k)[k - 1];
            for (int j = 0; j < n; j++) {
                // ids scoring at least the true k-th score are true neighbours (ties included)
                hits += similarity(v, ids[j], q.values(), q.offset(i)) >= kth - SCORE_TOLERANCE * Math.max(1, Math.abs(kth)) ? 1 : 0;
            }
        }
        double recall = hits / ((double) q.rows() * k);
        if (recall < minimumRecall()) {
            throw violation("mean recall@%d against brute force is %.3f, below minimumRecall() %.3f", k, recall, minimumRecall());
        }
    }

    private float[] bruteForceScores(Vectors v, Vectors q, int query, int k) {
        float[] all = new float[v.rows()];
        for (int r = 0; r < v.rows(); r++) {
            all[r] = similarity(v, r, q.values(), q.offset(query));
        }
        Arrays.sort(all);
        float[] top = new float[k];
        for (int j = 0; j < k; j++) {
            top[j] = all[all.length - 1 - j];
        }
        return top;
    }

    /** A query at an offset inside a larger array gives what the same query at offset 0 gives. */
    @Test
    public final void searchHonoursTheQueryOffset() {
        VectorIndex index = built();
        Vectors q = queries();
        int dim = q.dim();
        float[] padded = new float[dim + 7];
        Arrays.fill(padded, 1e6f);
        System.arraycopy(q.values(), q.offset(3), padded, 5, dim);
        int k = k();
        int[] a = new int[k];
        float[] as = new float[k];
        int[] b = new int[k];
        float[] bs = new float[k];
        int na = index.search(q.row(3), 0, k, a, as);
        int nb = index.search(padded, 5, k, b, bs);
        if (na != nb || !Arrays.equals(a, b) || !Arrays.equals(as, bs)) {
            throw violation("a query at offset 5 gives %s, at offset 0 %s; search reads query[offset .. offset+dim)", Arrays.toString(b),
                    Arrays.toString(a));
        }
        Neighbors viaDefault = index.search(q.row(3), k);
        if (!Arrays.equals(viaDefault.ids(), Arrays.copyOf(a, na))) {
            throw violation("search(query, k) gives %s, search(query, 0, k, ...) %s", Arrays.toString(viaDefault.ids()), Arrays.toString(a));
        }
    }

    /** {@code k} beyond the size returns every vector. */
    @Test
    public final void kBeyondTheSizeReturnsEveryVector() {
        Vectors small = TestData.gaussian(7, vectors().dim(), data().seed() + 2);
        VectorIndex index = create();
        index.build(small);
        int[] ids = new int[20];
        float[] scores = new float[20];
        int n = index.search(queries().row(0), 0, 20, ids, scores);
        int[] sorted = Arrays.copyOf(ids, n);
        Arrays.sort(sorted);
        if (n != 7 || !Arrays.equals(sorted, new int[] {0, 1, 2, 3, 4, 5, 6})) {
            throw violation("search(k=20) over 7 vectors returns %d ids %s; it must return all 7", n, Arrays.toString(Arrays.copyOf(ids, n)));
        }
    }

    /** An index over no vectors has size 0 and answers with nothing. */
    @Test
    public final void emptyIndexAnswersWithNothing() {
        VectorIndex index = create();
        int dim = vectors().dim();
        index.build(new Vectors(new float[0], 0, dim, 1));
        int n = index.search(new float[dim], 0, 5, new int[5], new float[5]);
        if (index.size() != 0 || n != 0) {
            throw violation("an index over no vectors has size %d and returns %d results", index.size(), n);
        }
    }

    /** Building and searching leave the vectors as they were (the index may keep a reference, read-only). */
    @Test
    public final void buildNeverMutatesTheVectors() {
        Vectors v = vectors();
        float[] copy = v.values().clone();
        VectorIndex index = create();
        index.build(v);
        Vectors q = queries();
        for (int i = 0; i < 5; i++) {
            index.search(q.row(i), k());
        }
        String d = FeatureBatches.difference("vectors", v.values(), copy);
        if (d != null) {
            throw violation("mutates the vectors it indexes (%s); normalise into your own copy", d);
        }
    }

    /** Searches from {@value Concurrency#THREADS} threads at once give what sequential searches give. */
    @Test
    public final void searchIsThreadSafe() {
        VectorIndex index = built();
        Vectors q = queries();
        int tasks = 4 * q.rows();
        List<Neighbors> sequential = Concurrency.sequential(tasks, t -> index.search(q.row(t % q.rows()), k()));
        List<Neighbors> concurrent = Concurrency.concurrent(tasks, t -> index.search(q.row(t % q.rows()), k()));
        for (int t = 0; t < tasks; t++) {
            String d = FeatureBatches.difference("ids", concurrent.get(t).ids(), sequential.get(t).ids());
            d = d != null ? d : FeatureBatches.difference("scores", concurrent.get(t).scores(), sequential.get(t).scores());
            if (d != null) {
                throw violation("search is not thread-safe: query %d gives different results when %d threads search at once (%s); keep "
                        + "per-search scratch in locals or ThreadLocals", t % q.rows(), Concurrency.THREADS, d);
            }
        }
    }

    /** Two indexes built from the same config, seed and vectors give the same answers. */
    @Test
    public final void buildIsDeterministic() {
        requires(Capability.DETERMINISTIC);
        VectorIndex a = built();
        VectorIndex b = built();
        Vectors q = queries();
        for (int i = 0; i < q.rows(); i++) {
            Neighbors x = a.search(q.row(i), k());
            Neighbors y = b.search(q.row(i), k());
            String d = FeatureBatches.difference("ids", y.ids(), x.ids());
            if (d != null) {
                throw violation("two builds from the same seed answer query %d differently (%s); declare Capability.DETERMINISTIC unsupported if "
                        + "the build is parallel by design", i, d);
            }
        }
    }

    /** {@code save} writes at least one file, the index keeps answering as before, and {@link #load} (if any) reads it back. */
    @Test
    public final void saveWritesTheIndex(@TempDir Path dir) throws IOException {
        requires(Capability.SAVE);
        VectorIndex index = built();
        Vectors q = queries();
        Neighbors before = index.search(q.row(0), k());
        index.save(dir);
        try (Stream<Path> files = Files.walk(dir)) {
            if (files.noneMatch(Files::isRegularFile)) {
                throw violation("save(%s) wrote no file", dir);
            }
        }
        if (!Arrays.equals(index.search(q.row(0), k()).ids(), before.ids())) {
            throw violation("answers differently after save()");
        }
        Optional<VectorIndex> loaded = load(dir);
        if (loaded.isPresent()) {
            for (int i = 0; i < q.rows(); i++) {
                Neighbors x = index.search(q.row(i), k());
                Neighbors y = loaded.get().search(q.row(i), k());
                if (!Arrays.equals(x.ids(), y.ids()) || !Arrays.equals(x.scores(), y.scores())) {
                    throw violation("the index loaded from %s answers query %d with %s, the saved one with %s", dir, i, Arrays.toString(y.ids()),
                            Arrays.toString(x.ids()));
                }
            }
        }
    }

    /** Without {@link Capability#SAVE}, {@code save} throws {@link UnsupportedOperationException} instead of silently writing nothing. */
    @Test
    public final void saveRefusesWhenUnsupported(@TempDir Path dir) {
        assumeTrue(!supports(Capability.SAVE), "SAVE is supported: saveWritesTheIndex checks it");
        try {
            built().save(dir);
        } catch (UnsupportedOperationException expected) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw violation("declares SAVE unsupported but save() returns normally; leave the SPI's default, which throws "
                + "UnsupportedOperationException");
    }
}
