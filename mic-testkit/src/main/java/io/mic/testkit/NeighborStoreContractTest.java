package io.mic.testkit;

import io.mic.core.registry.PluginKind;
import io.mic.spi.NeighborStore;
import io.mic.spi.NeighborStoreFactory;
import io.mic.spi.Neighbors;
import io.mic.spi.PluginContext;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract test for {@link NeighborStore} plugins. Extend it, return your factory from
 * {@link #factory()}, and make {@link #params()} and {@link #context()} give a store that holds
 * {@link #tables()}: write them where your store reads (files in a temporary directory, an
 * embedded server) before returning the parameters. The kit compares every answer with the tables.
 *
 * <p>Checks: each user's and item's neighbours (ids and scores, best first) and each user's recent
 * items come back as stored; a limit keeps the best prefix; a limit of 0 and ids without a row
 * give nothing; returned arrays belong to the caller; concurrent reads give what sequential reads
 * give; {@code close} can be called twice. Plus the checks every plugin runs
 * ({@link PluginContractTest}).
 *
 * <p>No optional capability: {@link Capability#THREAD_SAFE} is part of the contract.
 */
public abstract class NeighborStoreContractTest extends PluginContractTest<NeighborStore, PluginContext, NeighborStoreFactory> {
    private static final NeighborStore.Table[] TABLES = NeighborStore.Table.values();

    /** For subclasses: one per plugin under test. */
    protected NeighborStoreContractTest() {
        super(PluginKind.NEIGHBOR_STORE, "NeighborStore", EnumSet.noneOf(Capability.class));
    }

    /** What the store under test must hold: {@link TestData#servingTables} of {@link #data()}, width 16, 10 neighbours. */
    protected ServingTables tables() {
        return data().servingTables(16, 10);
    }

    private String difference(Neighbors actual, Neighbors expected) {
        String d = FeatureBatches.difference("ids", actual.ids(), expected.ids());
        return d != null ? d : FeatureBatches.difference("scores", actual.scores(), expected.scores());
    }

    /** Every row of both neighbour tables and of the recent items comes back as stored. */
    @Test
    public final void returnsWhatItHolds() {
        ServingTables t = tables();
        try (NeighborStore store = create()) {
            for (NeighborStore.Table table : TABLES) {
                for (int id = 0; id < t.rows(table); id++) {
                    String d = difference(store.neighbors(table, id, Integer.MAX_VALUE), t.neighbors(table, id, Integer.MAX_VALUE));
                    if (d != null) {
                        throw violation("%s neighbours of %d differ from the stored table (%s)", table, id, d);
                    }
                }
            }
            for (int user = 0; user < t.users(); user++) {
                String d = FeatureBatches.difference("items", store.recentItems(user, Integer.MAX_VALUE), t.recentItems(user, Integer.MAX_VALUE));
                if (d != null) {
                    throw violation("recent items of user %d differ from the stored ones, most recent first (%s)", user, d);
                }
            }
        }
    }

    /** A limit returns the best (or most recent) prefix; a limit of 0 returns nothing. */
    @Test
    public final void limitKeepsTheBestPrefix() {
        ServingTables t = tables();
        try (NeighborStore store = create()) {
            for (int limit : new int[] {0, 1, 3}) {
                for (NeighborStore.Table table : TABLES) {
                    for (int id = 0; id < t.rows(table); id += 7) {
                        String d = difference(store.neighbors(table, id, limit), t.neighbors(table, id, limit));
                        if (d != null) {
                            throw violation("%s neighbours of %d with limit %d are not the first %d stored (%s)", table, id, limit, limit, d);
                        }
                    }
                }
                for (int user = 0; user < t.users(); user += 7) {
                    String d = FeatureBatches.difference("items", store.recentItems(user, limit), t.recentItems(user, limit));
                    if (d != null) {
                        throw violation("recent items of user %d with limit %d are not the %d most recent (%s)", user, limit, limit, d);
                    }
                }
            }
        }
    }

    /** Ids beyond the stored rows give empty answers, not errors. */
    @Test
    public final void unknownIdsGiveNothing() {
        ServingTables t = tables();
        try (NeighborStore store = create()) {
            for (NeighborStore.Table table : TABLES) {
                int unknown = t.rows(table) + 5;
                Neighbors n = store.neighbors(table, unknown, 10);
                if (n.size() != 0) {
                    throw violation("%s neighbours of unknown id %d: %s; an unknown id gives an empty answer", table, unknown, Arrays.toString(n.ids()));
                }
            }
            int[] recent = store.recentItems(t.users() + 5, 10);
            if (recent.length != 0) {
                throw violation("recent items of unknown user %d: %s; an unknown user gives an empty answer", t.users() + 5, Arrays.toString(recent));
            }
        }
    }

    /** Mutating a returned array does not change later answers. */
    @Test
    public final void returnedArraysBelongToTheCaller() {
        ServingTables t = tables();
        try (NeighborStore store = create()) {
            Neighbors n = store.neighbors(NeighborStore.Table.ITEM_ITEM, 1, 10);
            Arrays.fill(n.ids(), -7);
            Arrays.fill(n.scores(), -7f);
            int[] recent = store.recentItems(1, 10);
            Arrays.fill(recent, -7);
            String d = difference(store.neighbors(NeighborStore.Table.ITEM_ITEM, 1, 10), t.neighbors(NeighborStore.Table.ITEM_ITEM, 1, 10));
            d = d != null ? d : FeatureBatches.difference("recent items", store.recentItems(1, 10), t.recentItems(1, 10));
            if (d != null) {
                throw violation("overwriting a returned array changes later answers (%s); return copies: the receiver owns them", d);
            }
        }
    }

    /** Reads from {@value Concurrency#THREADS} threads at once give what sequential reads give. */
    @Test
    public final void isThreadSafe() {
        ServingTables t = tables();
        try (NeighborStore store = create()) {
            int tasks = 3 * t.users();
            List<String> sequential = Concurrency.sequential(tasks, i -> read(store, t, i));
            List<String> concurrent = Concurrency.concurrent(tasks, i -> read(store, t, i));
            for (int i = 0; i < tasks; i++) {
                if (!concurrent.get(i).equals(sequential.get(i))) {
                    throw violation("is not thread-safe: read %d gives %s when %d threads read at once, %s alone", i, concurrent.get(i),
                            Concurrency.THREADS, sequential.get(i));
                }
            }
        }
    }

    private static String read(NeighborStore store, ServingTables t, int i) {
        int user = i % t.users();
        return switch (i % 3) {
            case 0 -> Arrays.toString(store.neighbors(NeighborStore.Table.USER_USER, user, 10).ids());
            case 1 -> Arrays.toString(store.neighbors(NeighborStore.Table.ITEM_ITEM, user % t.items(), 10).ids());
            default -> Arrays.toString(store.recentItems(user, 10));
        };
    }

    /** {@code close()} twice does not throw. */
    @Test
    public final void closeIsIdempotent() {
        NeighborStore store = create();
        store.close();
        try {
            store.close();
        } catch (RuntimeException e) {
            throw violation("a second close() throws %s; hosts close in finally blocks and shutdown hooks, sometimes twice", e);
        }
    }
}
