package io.mic.testkit;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.Candidates;
import io.mic.spi.NeighborStore;
import io.mic.spi.PluginId;
import io.mic.spi.Query;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.RetrievalChannelContext;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.VectorIndex;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract test for {@link RetrievalChannel} plugins. Extend it and return your factory from
 * {@link #factory()}. The default {@link #context()} offers what a serving host offers: a
 * {@link VectorIndex} over {@link #data()}'s item vectors ({@link TestingVectorIndex}), a
 * {@link NeighborStore} of its {@link #tables()} ({@link TestingNeighborStore}), the item catalog
 * and the training split; queries carry the user's vector and exclude its training items.
 *
 * <p>Checks: a valid label and a positive quota; each call adds at most {@code quota()} new
 * items, all in range, none excluded, each marked with exactly the channel number given and a
 * finite channel score; candidates other channels added stay as they were; the channel finds
 * something for most users; the query is not mutated; the same query gives the same candidates;
 * concurrent calls (each with its own buffer) give what sequential calls give; {@code close()} after use returns
 * normally and closes nothing the host handed in (the store in the context stays open). Plus the checks
 * every plugin runs ({@link PluginContractTest}).
 *
 * <p>Optional capability: {@link Capability#DETERMINISTIC}. {@link Capability#THREAD_SAFE} is part
 * of the contract.
 */
public abstract class RetrievalChannelContractTest extends PluginContractTest<RetrievalChannel, RetrievalChannelContext, RetrievalChannelFactory> {
    /** The channel number the kit assigns to the channel under test. */
    protected static final int CHANNEL = 3;
    /** The channel number of the candidates already in the buffer. */
    private static final int OTHER = 0;
    private static final int USERS = 40;

    /** For subclasses: one per plugin under test. */
    protected RetrievalChannelContractTest() {
        super(PluginKind.RETRIEVAL_CHANNEL, "RetrievalChannel", EnumSet.of(Capability.DETERMINISTIC));
    }

    /** Width of user and item vectors. */
    protected int dim() {
        return 16;
    }

    /** The neighbour tables the default context's store holds. */
    protected ServingTables tables() {
        return data().servingTables(dim(), 10);
    }

    /** {@inheritDoc} Here: also a {@link VectorIndex} over the item vectors and a {@link NeighborStore} of {@link #tables()}. */
    @Override
    protected SeededPluginContext context() {
        return data().context(factory().name())
                .withItemIndex(TestingVectorIndex.of(data().itemVectors(dim())))
                .withNeighborStore(new TestingNeighborStore(tables()))
                .withUserVectors(data().userVectors(dim()))
                .withItemVectors(data().itemVectors(dim()));
    }

    /** The query for fixture number {@code i}: a user with its vector and training items excluded, 10 items wanted. */
    protected Query query(int i) {
        int user = (i * 53) % data().numUsers();
        return data().query(user, data().userVectors(dim()).row(user), 10);
    }

    private record Retrieved(int[] items, float[] scores, int[] masks) {
        static Retrieved of(Candidates c) {
            int n = c.size();
            int[] items = new int[n];
            float[] scores = new float[n];
            int[] masks = new int[n];
            for (int i = 0; i < n; i++) {
                items[i] = c.item(i);
                scores[i] = c.channelScore(i, CHANNEL);
                masks[i] = c.channels(i);
            }
            return new Retrieved(items, scores, masks);
        }

        String difference(Retrieved e) {
            String d = FeatureBatches.difference("items", items, e.items);
            d = d != null ? d : FeatureBatches.difference("channel scores", scores, e.scores);
            return d != null ? d : FeatureBatches.difference("channel masks", masks, e.masks);
        }
    }

    private static Retrieved retrieve(RetrievalChannel channel, Query q) {
        Candidates out = new Candidates(16);
        channel.retrieve(q, CHANNEL, out);
        return Retrieved.of(out);
    }

    /** The label is a short lower-case name and the quota is positive. */
    @Test
    public final void hasAValidLabelAndQuota() {
        RetrievalChannel c = create();
        if (c.label() == null || !PluginId.isValidName(c.label())) {
            throw violation("label() '%s' must match [a-z0-9-]+ (provenance output prints it)", c.label());
        }
        if (c.quota() <= 0) {
            throw violation("quota() is %d; a channel contributes at least one candidate", c.quota());
        }
    }

    /**
     * {@code close()} after use returns normally and releases only what the channel owns: the {@link NeighborStore} (like
     * the index and the vectors) in the context is the host's, which closes it after every channel.
     */
    @Test
    public final void closeReleasesOnlyWhatTheChannelOwns() {
        TestingNeighborStore store = new TestingNeighborStore(tables());
        RetrievalChannel c = create(params(), context().withNeighborStore(store));
        for (int i = 0; i < 3; i++) {
            retrieve(c, query(i));
        }
        try {
            c.close();
        } catch (RuntimeException e) {
            throw violation("close() after use throws %s; the host logs it, but a channel should release what it holds quietly", e);
        }
        if (store.isClosed()) {
            throw violation("close() closed the host's NeighborStore; the services in the context belong to the host, which closes "
                    + "them itself after every channel");
        }
    }

    /** New candidates: at most {@code quota()}, known items, none excluded, exactly this channel's bit, finite channel scores. */
    @Test
    public final void addsAtMostQuotaValidItemsUnderItsChannel() {
        RetrievalChannel c = create();
        int found = 0;
        for (int i = 0; i < USERS; i++) {
            Query q = query(i);
            Candidates out = new Candidates(16);
            c.retrieve(q, CHANNEL, out);
            if (out.size() > c.quota()) {
                throw violation("query %d: adds %d items, above its quota() of %d", i, out.size(), c.quota());
            }
            for (int j = 0; j < out.size(); j++) {
                checkAdded(q, out, j, i);
            }
            found += out.size() > 0 ? 1 : 0;
        }
        if (found < USERS / 2) {
            throw violation("finds candidates for only %d of %d users who have vectors, histories and neighbours; a channel that returns "
                    + "nothing would pass every other check", found, USERS);
        }
    }

    private void checkAdded(Query q, Candidates out, int j, int query) {
        int item = out.item(j);
        if (item < 0 || item >= data().numItems()) {
            throw violation("query %d: adds item %d, outside [0, %d)", query, item, data().numItems());
        }
        if (q.excluded(item)) {
            throw violation("query %d: adds excluded item %d; a channel never returns an item in query.exclude()", query, item);
        }
        if ((out.channels(j) & ~(1 << OTHER)) != 1 << CHANNEL) {
            throw violation("query %d: item %d carries channel mask 0x%x; a channel adds under the number it is given (%d) only", query, item,
                    out.channels(j), CHANNEL);
        }
        if (!Float.isFinite(out.channelScore(j, CHANNEL))) {
            throw violation("query %d: item %d has channel score %s", query, item, out.channelScore(j, CHANNEL));
        }
    }

    /** What another channel put in the buffer is still there, with its provenance; merged items only gain this channel's bit. */
    @Test
    public final void keepsWhatOtherChannelsAdded() {
        RetrievalChannel c = create();
        for (int i = 0; i < 8; i++) {
            Query q = query(i);
            Candidates out = new Candidates(16);
            for (int item = 0; item < data().numItems(); item += 3) {
                if (!q.excluded(item)) {
                    out.add(item, OTHER, item * 0.01f);
                }
            }
            int before = out.size();
            int[] items = out.itemsCopy();
            c.retrieve(q, CHANNEL, out);
            if (out.size() - before > c.quota()) {
                throw violation("query %d: adds %d new items to a shared buffer, above its quota() of %d", i, out.size() - before, c.quota());
            }
            for (int j = 0; j < before; j++) {
                if (out.item(j) != items[j] || out.channelScore(j, OTHER) != items[j] * 0.01f) {
                    throw violation("query %d: candidate %d of another channel changed (item %d, score %s); add with Candidates.add only", i, j,
                            out.item(j), out.channelScore(j, OTHER));
                }
            }
            for (int j = before; j < out.size(); j++) {
                checkAdded(q, out, j, i);
            }
        }
    }

    /** The query's arrays are unchanged. */
    @Test
    public final void neverMutatesTheQuery() {
        RetrievalChannel c = create();
        Query q = query(1);
        int[] exclude = q.exclude().clone();
        float[] vector = q.userVector() == null ? null : q.userVector().clone();
        c.retrieve(q, CHANNEL, new Candidates(16));
        String d = FeatureBatches.difference("query.exclude()", q.exclude(), exclude);
        d = d != null || vector == null ? d : FeatureBatches.difference("query.userVector()", q.userVector(), vector);
        if (d != null) {
            throw violation("mutates the query (%s); it belongs to the host and other channels read it", d);
        }
    }

    /** The same query gives the same candidates, from one instance or two. */
    @Test
    public final void sameQueryGivesTheSameCandidates() {
        requires(Capability.DETERMINISTIC);
        RetrievalChannel a = create();
        RetrievalChannel b = create();
        for (int i = 0; i < 8; i++) {
            Retrieved first = retrieve(a, query(i));
            String d = retrieve(a, query(i)).difference(first);
            d = d != null ? d : retrieve(b, query(i)).difference(first);
            if (d != null) {
                throw violation("query %d gives different candidates on a second call (%s)", i, d);
            }
        }
    }

    /** Calls from {@value Concurrency#THREADS} threads at once, each with its own buffer, give valid output, and what sequential calls give. */
    @Test
    public final void isThreadSafe() {
        RetrievalChannel c = create();
        int tasks = 2 * USERS;
        List<Candidates> concurrent = Concurrency.concurrent(tasks, t -> {
            Candidates out = new Candidates(16);
            c.retrieve(query(t % USERS), CHANNEL, out);
            return out;
        });
        for (int t = 0; t < tasks; t++) {
            Candidates out = concurrent.get(t);
            if (out.size() > c.quota()) {
                throw violation("query %d among concurrent calls: adds %d items, above its quota", t % USERS, out.size());
            }
            for (int j = 0; j < out.size(); j++) {
                checkAdded(query(t % USERS), out, j, t % USERS);
            }
        }
        if (!supports(Capability.DETERMINISTIC)) {
            return;
        }
        List<Retrieved> sequential = Concurrency.sequential(tasks, t -> retrieve(c, query(t % USERS)));
        for (int t = 0; t < tasks; t++) {
            String d = Retrieved.of(concurrent.get(t)).difference(sequential.get(t));
            if (d != null) {
                throw violation("is not thread-safe: query %d gives other candidates when %d threads call at once (%s; alone: %s)", t % USERS,
                        Concurrency.THREADS, d, Arrays.toString(sequential.get(t).items()));
            }
        }
    }
}
