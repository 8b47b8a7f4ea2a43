package io.mic.testkit;

import io.mic.core.registry.PluginKind;
import io.mic.spi.Candidates;
import io.mic.spi.Query;
import io.mic.spi.Reranker;
import io.mic.spi.RerankerContext;
import io.mic.spi.RerankerFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Contract test for {@link Reranker} plugins. Extend it and return your factory from
 * {@link #factory()}; the fixtures are merged candidates from {@value #CHANNELS} channels for
 * users of {@link #data()}, some of them excluded items, as a host hands them over.
 *
 * <p>Checks: the output holds {@code min(n, eligible)} candidates best first (non-increasing
 * finite scores), each an input candidate, at most once, with its channel provenance; never an
 * excluded item; the output buffer is cleared first; the input candidates and the query are not
 * mutated (items, provenance and merged scores); empty input gives empty output (never an exception); the same input gives the same ranking; concurrent calls
 * give what sequential calls give. Plus the checks every plugin runs ({@link PluginContractTest}).
 *
 * <p>Optional capability: {@link Capability#DETERMINISTIC}. {@link Capability#THREAD_SAFE} is part
 * of the contract (one instance serves concurrent requests).
 */
public abstract class RerankerContractTest extends PluginContractTest<Reranker, RerankerContext, RerankerFactory> {
    /** Channels the fixture candidates come from. */
    protected static final int CHANNELS = 3;

    /** For subclasses: one per plugin under test. */
    protected RerankerContractTest() {
        super(PluginKind.RERANKER, "Reranker", EnumSet.of(Capability.DETERMINISTIC));
    }

    /** Width of the user vector in fixture queries. */
    protected int dim() {
        return 16;
    }

    /** Items wanted per query. */
    protected int n() {
        return 10;
    }

    /** Merged candidates per query. */
    protected int candidateCount() {
        return 60;
    }

    /** The query for fixture number {@code i}: a user of {@link #data()} with its vector, its training items excluded. */
    protected Query query(int i) {
        int user = (i * 37) % data().numUsers();
        return data().query(user, data().userVectors(dim()).row(user), n());
    }

    /** The merged candidates for fixture number {@code i} and its {@code query}. */
    protected Candidates candidates(int i, Query query) {
        return data().candidates(query, candidateCount(), CHANNELS, 1000 + i);
    }

    /** An immutable view of a ranked output, for comparisons and messages. */
    private record Ranking(int[] items, float[] scores, int[] masks) {
        static Ranking of(Candidates c) {
            int n = c.size();
            int[] items = new int[n];
            float[] scores = new float[n];
            int[] masks = new int[n];
            for (int i = 0; i < n; i++) {
                items[i] = c.item(i);
                scores[i] = c.score(i);
                masks[i] = c.channels(i);
            }
            return new Ranking(items, scores, masks);
        }

        String difference(Ranking expected) {
            String d = FeatureBatches.difference("items", items, expected.items);
            d = d != null ? d : FeatureBatches.difference("scores", scores, expected.scores);
            return d != null ? d : FeatureBatches.difference("channel masks", masks, expected.masks);
        }
    }

    private Ranking rerank(Reranker r, Query q, Candidates in) {
        Candidates out = new Candidates(q.n());
        r.rerank(q, in, out);
        return Ranking.of(out);
    }

    private static int eligible(Query q, Candidates c) {
        int e = 0;
        for (int i = 0; i < c.size(); i++) {
            e += q.excluded(c.item(i)) ? 0 : 1;
        }
        return e;
    }

    /** The output is the top {@code min(n, eligible)}: input candidates, once each, never excluded, best first, with their provenance. */
    @Test
    public final void emitsTheTopNOfTheEligibleCandidatesBestFirst() {
        Reranker r = create();
        for (int i = 0; i < 8; i++) {
            Query q = query(i);
            Candidates in = candidates(i, q);
            Candidates out = new Candidates(q.n());
            r.rerank(q, in, out);
            checkOutput(q, in, out, "query " + i);
        }
    }

    private void checkOutput(Query q, Candidates in, Candidates out, String what) {
        int want = Math.min(q.n(), eligible(q, in));
        if (out.size() != want) {
            throw violation("%s: emits %d candidates; with n=%d and %d candidates not excluded it must emit %d", what, out.size(), q.n(),
                    eligible(q, in), want);
        }
        Set<Integer> seen = new HashSet<>();
        for (int rank = 0; rank < out.size(); rank++) {
            int item = out.item(rank);
            if (q.excluded(item)) {
                throw violation("%s: emits excluded item %d at rank %d; rerank() must never return an item in query.exclude()", what, item, rank);
            }
            int src = in.indexOf(item);
            if (src < 0) {
                throw violation("%s: emits item %d at rank %d, which is not among the candidates", what, item, rank);
            }
            if (!seen.add(item)) {
                throw violation("%s: emits item %d twice", what, item);
            }
            if (out.channels(rank) != in.channels(src)) {
                throw violation("%s: item %d has channel mask 0x%x in the output, 0x%x in the input; provenance must be kept (Candidates.copyFrom)",
                        what, item, out.channels(rank), in.channels(src));
            }
            for (int ch = 0; ch < CHANNELS; ch++) {
                float a = out.channelScore(rank, ch);
                float e = in.channelScore(src, ch);
                if (Float.floatToIntBits(a) != Float.floatToIntBits(e)) {
                    throw violation("%s: item %d's channel %d score is %s in the output, %s in the input; provenance must be kept", what, item, ch,
                            a, e);
                }
            }
            if (!Float.isFinite(out.score(rank))) {
                throw violation("%s: the final score at rank %d is %s", what, rank, out.score(rank));
            }
            if (rank > 0 && out.score(rank) > out.score(rank - 1)) {
                throw violation("%s: the score at rank %d (%s) is above the one at rank %d (%s); the output is best first with its final "
                        + "scores", what, rank, out.score(rank), rank - 1, out.score(rank - 1));
            }
        }
    }

    /** Whatever the output buffer held before is gone. */
    @Test
    public final void clearsTheOutputBufferFirst() {
        Reranker r = create();
        Query q = query(1);
        Candidates in = candidates(1, q);
        Candidates out = new Candidates(4);
        int stale = -1;
        for (int item = 0; item < data().numItems() && stale < 0; item++) {
            if (!in.contains(item)) {
                stale = item;
            }
        }
        out.add(stale, 0, 1e9f);
        r.rerank(q, in, out);
        if (out.contains(stale)) {
            throw violation("leaves item %d, which was in the output buffer before the call; rerank() starts with out.clear()", stale);
        }
        checkOutput(q, in, out, "a reused output buffer");
    }

    /** The candidates' items and provenance, and the query's arrays, are unchanged. */
    @Test
    public final void neverMutatesTheCandidatesOrTheQuery() {
        Reranker r = create();
        Query q = query(2);
        Candidates in = candidates(2, q);
        int[] items = in.itemsCopy();
        int[] masks = new int[in.size()];
        float[] merged = new float[in.size()];
        float[] channelScores = new float[in.size() * CHANNELS];
        for (int i = 0; i < in.size(); i++) {
            masks[i] = in.channels(i);
            merged[i] = in.score(i);
            for (int ch = 0; ch < CHANNELS; ch++) {
                channelScores[i * CHANNELS + ch] = in.channelScore(i, ch);
            }
        }
        int[] exclude = q.exclude().clone();
        float[] vector = q.userVector() == null ? null : q.userVector().clone();
        r.rerank(q, in, new Candidates(q.n()));
        int[] masksAfter = new int[in.size()];
        float[] mergedAfter = new float[in.size()];
        float[] scoresAfter = new float[in.size() * CHANNELS];
        for (int i = 0; i < in.size(); i++) {
            masksAfter[i] = in.channels(i);
            mergedAfter[i] = in.score(i);
            for (int ch = 0; ch < CHANNELS; ch++) {
                scoresAfter[i * CHANNELS + ch] = in.channelScore(i, ch);
            }
        }
        String d = FeatureBatches.difference("candidate items", in.itemsCopy(), items);
        d = d != null ? d : FeatureBatches.difference("candidate channel masks", masksAfter, masks);
        d = d != null ? d : FeatureBatches.difference("candidate merged scores (Candidates.setScore on the input)", mergedAfter, merged);
        d = d != null ? d : FeatureBatches.difference("candidate channel scores", scoresAfter, channelScores);
        d = d != null ? d : FeatureBatches.difference("query.exclude()", q.exclude(), exclude);
        d = d != null || vector == null ? d : FeatureBatches.difference("query.userVector()", q.userVector(), vector);
        if (d != null) {
            throw violation("mutates its input: %s; candidates and query belong to the host", d);
        }
    }

    /** No candidates give no output; {@code n} beyond the candidates gives every eligible one. */
    @Test
    public final void handlesEmptyAndShortCandidateLists() {
        Reranker r = create();
        Query q = query(3);
        Candidates out = new Candidates(4);
        out.add(0, 0, 1f);
        try {
            r.rerank(q, new Candidates(4), out);
        } catch (RuntimeException e) {
            throw violation("throws %s on an empty candidate list; an empty input is legal (a user no channel recalled anything for) "
                    + "and gives an empty output", e);
        }
        if (out.size() != 0) {
            throw violation("emits %d candidates from an empty candidate list", out.size());
        }
        Query wide = new Query(q.user(), q.userVector(), q.interests(), q.exclude(), candidateCount() * 2);
        Candidates in = candidates(3, wide);
        Candidates all = new Candidates(wide.n());
        r.rerank(wide, in, all);
        checkOutput(wide, in, all, "n larger than the candidate list");
    }

    /** Two calls with the same input, on one instance or two, give the same ranking and scores. */
    @Test
    public final void sameInputGivesTheSameRanking() {
        requires(Capability.DETERMINISTIC);
        Reranker r = create();
        Reranker other = create();
        for (int i = 0; i < 4; i++) {
            Query q = query(i);
            Candidates in = candidates(i, q);
            Ranking first = rerank(r, q, in);
            String d = rerank(r, q, in).difference(first);
            d = d != null ? d : rerank(other, q, in).difference(first);
            if (d != null) {
                throw violation("query %d: the same input gives a different ranking (%s); declare Capability.DETERMINISTIC unsupported if "
                        + "that is intended", i, d);
            }
        }
    }

    /**
     * Calls from {@value Concurrency#THREADS} threads at once, each with its own output buffer, give
     * valid output, and (for a deterministic reranker) what sequential calls give.
     */
    @Test
    public final void isThreadSafe() {
        Reranker r = create();
        int tasks = 64;
        List<Query> queries = new ArrayList<>();
        List<Candidates> inputs = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            queries.add(query(t));
            inputs.add(candidates(t, queries.get(t)));
        }
        List<Candidates> concurrent = Concurrency.concurrent(tasks, t -> {
            Candidates out = new Candidates(queries.get(t).n());
            r.rerank(queries.get(t), inputs.get(t), out);
            return out;
        });
        for (int t = 0; t < tasks; t++) {
            checkOutput(queries.get(t), inputs.get(t), concurrent.get(t), "query " + t + " among " + Concurrency.THREADS + " concurrent calls");
        }
        if (!supports(Capability.DETERMINISTIC)) {
            return;
        }
        List<Ranking> sequential = Concurrency.sequential(tasks, t -> rerank(r, queries.get(t), inputs.get(t)));
        for (int t = 0; t < tasks; t++) {
            String d = Ranking.of(concurrent.get(t)).difference(sequential.get(t));
            if (d != null) {
                throw violation("is not thread-safe: query %d gives a different ranking when %d threads call at once (%s, sequential items %s); "
                        + "keep per-call scratch in locals or ThreadLocals", t, Concurrency.THREADS, d, Arrays.toString(sequential.get(t).items()));
            }
        }
    }
}
