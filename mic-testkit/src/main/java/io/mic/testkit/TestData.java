package io.mic.testkit;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.FieldData;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.data.Splitter;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.Candidates;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import io.mic.spi.ItemCatalog;
import io.mic.spi.MetricsSink;
import io.mic.spi.Query;
import io.mic.spi.Schema;
import io.mic.spi.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small seeded world for contract tests: a MovieLens-like synthetic dataset (users with
 * {@code gender}, {@code age}, {@code occupation}; items with {@code genres}, {@code category} and
 * a dense {@code title} feature standing in for precomputed text features), its leave-last-out
 * split, and generators of what the SPIs consume: feature batches, vectors, training pairs,
 * queries, candidates and serving tables. Everything derives from one seed, so a failing check
 * reproduces bit for bit.
 *
 * <p>Immutable and thread-safe. Arrays returned by the generators are new and owned by the caller;
 * the dataset and split are shared and must not be mutated.
 */
public final class TestData {
    /** Width of the dense {@code title} item feature. */
    public static final int TEXT_DIM = 8;
    /** Seed of {@link #standard()}. */
    public static final long DEFAULT_SEED = 42;
    /** At most this many (most recent) training items per user in a batch's {@code history}. */
    public static final int HISTORY_LIMIT = 20;
    /** At most this many training users per item in a batch's {@code recent_users}. */
    public static final int RECENT_USERS_LIMIT = 10;

    private static final TestData STANDARD = generate(300, 200, DEFAULT_SEED);

    private final long seed;
    private final DataSplit split;
    private final InteractionMatrix itemUsers;
    private final int[] category;

    private TestData(long seed, DataSplit split) {
        this.seed = seed;
        this.split = split;
        this.itemUsers = split.train().transpose();
        this.category = split.dataset().itemField("category")
                .map(f -> ((FieldData.Categorical) f).values())
                .orElseGet(() -> filled(split.dataset().numItems(), Column.MISSING));
    }

    /** 300 users, 200 items, 4 planted groups, about 12 interactions per user; seed {@value #DEFAULT_SEED}. */
    public static TestData standard() {
        return STANDARD;
    }

    /**
     * A world of {@code users} x {@code items} (4 planted groups, about 12 interactions per user,
     * at least 5) drawn from {@code seed}.
     *
     * @throws IllegalArgumentException when {@code items < 12} or {@code users < 1}
     */
    public static TestData generate(int users, int items, long seed) {
        Dataset synthetic = SyntheticDataset.generate(new SyntheticSpec(users, items, 4, 12, 0.8, 0.8), seed);
        List<FieldData> itemFields = new ArrayList<>();
        for (FieldData f : synthetic.itemFields()) {
            // columns hold ids or floats, never text: precomputed text features arrive as a dense field
            itemFields.add(f.name().equals("title") ? new FieldData.Dense("title", gaussian(items * TEXT_DIM, seed, "title"), TEXT_DIM) : f);
        }
        byte[] tags = leaveLastOutTags(synthetic);
        Dataset d = new Dataset("contract-test", synthetic.users(), synthetic.items(), synthetic.userColumn(), synthetic.itemColumn(),
                synthetic.ratings(), synthetic.timestamps(), tags, synthetic.userFields(), itemFields);
        return new TestData(seed, Splitter.given(d));
    }

    /** Per user, the latest interaction is test and the one before it validation. */
    private static byte[] leaveLastOutTags(Dataset d) {
        int n = d.numInteractions();
        int[] users = d.userColumn();
        long[] time = d.timestamps();
        int[] last = filled(d.numUsers(), -1);
        int[] second = filled(d.numUsers(), -1);
        for (int i = 0; i < n; i++) {
            int u = users[i];
            if (last[u] < 0 || time[i] >= time[last[u]]) {
                second[u] = last[u];
                last[u] = i;
            } else if (second[u] < 0 || time[i] >= time[second[u]]) {
                second[u] = i;
            }
        }
        byte[] tags = new byte[n];
        for (int u = 0; u < d.numUsers(); u++) {
            if (last[u] >= 0) {
                tags[last[u]] = Dataset.TAG_TEST;
            }
            if (second[u] >= 0) {
                tags[second[u]] = Dataset.TAG_VALID;
            }
        }
        return tags;
    }

    /** The seed everything here derives from. */
    public long seed() {
        return seed;
    }

    /** What plugins see through {@link io.mic.spi.PluginContext#schema()}. */
    public Schema schema() {
        return split.dataset().schema();
    }

    /** The leave-last-out split (test = each user's latest interaction, validation = the one before). */
    public DataSplit split() {
        return split;
    }

    /** Users in the schema. */
    public int numUsers() {
        return split.dataset().numUsers();
    }

    /** Items in the schema. */
    public int numItems() {
        return split.dataset().numItems();
    }

    /**
     * The context a host would give a plugin: this world's schema and seed, no-op metrics, the
     * training data ({@link DataSplit}) and the {@link ItemCatalog}. {@code scope} separates the random
     * streams of different plugin instances, as the host does.
     */
    public SeededPluginContext context(String scope) {
        return SeededPluginContext.of(schema(), seed, MetricsSink.NOOP)
                .withTrainingData(split)
                .withCatalog(catalog())
                .scoped(scope);
    }

    /** Item categories from the {@code category} field. */
    public ItemCatalog catalog() {
        int[] c = category;
        return new ItemCatalog() {
            @Override
            public int numItems() {
                return c.length;
            }

            @Override
            public int category(int item) {
                return c[item];
            }
        };
    }

    /**
     * A user batch for {@code users}: {@code id}, every categorical, multi-categorical and dense
     * user field, and {@code history} (the user's last {@value #HISTORY_LIMIT} training items,
     * oldest first).
     */
    public FeatureBatch users(int[] users) {
        Map<String, Column> cols = new LinkedHashMap<>();
        cols.put(FeatureBatch.ID, new Column.Ids(users.clone()));
        addFields(cols, split.dataset().userFields(), users);
        InteractionMatrix train = split.train();
        int[][] history = new int[users.length][];
        for (int r = 0; r < users.length; r++) {
            int end = train.end(users[r]);
            int start = Math.max(train.start(users[r]), end - HISTORY_LIMIT);
            history[r] = Arrays.copyOfRange(train.items(), start, end);
        }
        cols.put(FeatureBatch.HISTORY, FeatureBatches.multi(history));
        return FeatureBatch.of(users.length, cols);
    }

    /**
     * {@code rows} users drawn with replacement; about one row in ten has an empty
     * {@code history}, as a cold user has.
     */
    public FeatureBatch users(int rows, long batchSeed) {
        SplittableRandom rnd = new SplittableRandom(batchSeed);
        int[] ids = rnd.ints(rows, 0, numUsers()).toArray();
        FeatureBatch b = users(ids);
        Column.MultiIds h = b.multi(FeatureBatch.HISTORY);
        int[][] history = new int[rows][];
        for (int r = 0; r < rows; r++) {
            history[r] = rnd.nextInt(10) == 0 ? new int[0] : FeatureBatches.row(h, r);
        }
        return b.with(FeatureBatch.HISTORY, FeatureBatches.multi(history));
    }

    /**
     * An item batch for {@code items}: {@code id}, every categorical, multi-categorical and dense
     * item field ({@code genres}, {@code category}, {@code title}), and {@code recent_users} (up to
     * {@value #RECENT_USERS_LIMIT} users who interacted with the item in training).
     */
    public FeatureBatch items(int[] items) {
        Map<String, Column> cols = new LinkedHashMap<>();
        cols.put(FeatureBatch.ID, new Column.Ids(items.clone()));
        addFields(cols, split.dataset().itemFields(), items);
        int[][] recent = new int[items.length][];
        for (int r = 0; r < items.length; r++) {
            int end = itemUsers.end(items[r]);
            int start = Math.max(itemUsers.start(items[r]), end - RECENT_USERS_LIMIT);
            recent[r] = Arrays.copyOfRange(itemUsers.items(), start, end);
        }
        cols.put(FeatureBatch.RECENT_USERS, FeatureBatches.multi(recent));
        return FeatureBatch.of(items.length, cols);
    }

    /** {@code rows} items drawn with replacement. */
    public FeatureBatch items(int rows, long batchSeed) {
        return items(new SplittableRandom(batchSeed).ints(rows, 0, numItems()).toArray());
    }

    private static void addFields(Map<String, Column> cols, List<FieldData> fields, int[] rows) {
        for (FieldData f : fields) {
            if (f instanceof FieldData.Categorical c) {
                int[] v = new int[rows.length];
                for (int r = 0; r < rows.length; r++) {
                    v[r] = c.values()[rows[r]];
                }
                cols.put(f.name(), new Column.Ids(v));
            } else if (f instanceof FieldData.MultiCategorical m) {
                int[][] v = new int[rows.length][];
                for (int r = 0; r < rows.length; r++) {
                    v[r] = Arrays.copyOfRange(m.values(), m.offsets()[rows[r]], m.offsets()[rows[r] + 1]);
                }
                cols.put(f.name(), FeatureBatches.multi(v));
            } else if (f instanceof FieldData.Dense d) {
                float[] v = new float[rows.length * d.dim()];
                for (int r = 0; r < rows.length; r++) {
                    System.arraycopy(d.values(), rows[r] * d.dim(), v, r * d.dim(), d.dim());
                }
                cols.put(f.name(), new Column.Dense(v, d.dim()));
            }
        }
    }

    /** One seeded standard-normal vector per user ({@code numUsers() x dim}). */
    public Vectors userVectors(int dim) {
        return Vectors.of(gaussian(numUsers() * dim, seed, "user-vectors/" + dim), dim);
    }

    /** One seeded standard-normal vector per item ({@code numItems() x dim}). */
    public Vectors itemVectors(int dim) {
        return Vectors.of(gaussian(numItems() * dim, seed, "item-vectors/" + dim), dim);
    }

    /** {@code rows x dim} standard-normal values from {@code seed}. */
    public static Vectors gaussian(int rows, int dim, long seed) {
        return Vectors.of(gaussian(rows * dim, seed, "gaussian"), dim);
    }

    private static float[] gaussian(int n, long seed, String stream) {
        SplittableRandom rnd = new SplittableRandom(SeededPluginContext.derive(seed, stream));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /**
     * {@code rows} training (user, item) pairs drawn with replacement, as a trainer's batch:
     * {@code [0]} users, {@code [1]} items (aligned).
     */
    public int[][] pairs(int rows, long batchSeed) {
        SplittableRandom rnd = new SplittableRandom(batchSeed);
        InteractionMatrix train = split.train();
        int[] users = new int[rows];
        int[] items = new int[rows];
        for (int r = 0; r < rows; r++) {
            int k = rnd.nextInt(train.nnz());
            items[r] = train.items()[k];
            users[r] = userOfEntry(train, k);
        }
        return new int[][] {users, items};
    }

    private static int userOfEntry(InteractionMatrix m, int entry) {
        int pos = Arrays.binarySearch(m.offsets(), entry);
        if (pos >= 0) {
            // several empty users may share this offset: the entry belongs to the last of them
            while (pos + 1 < m.offsets().length && m.offsets()[pos + 1] == entry) {
                pos++;
            }
            return pos;
        }
        return -pos - 2;
    }

    /**
     * The request a host makes for {@code user}: its vector, its training items excluded (sorted,
     * as {@link Query} requires), {@code n} items wanted.
     */
    public Query query(int user, float[] userVector, int n) {
        return new Query(user, userVector, 1, split.train().sortedItemsOf(user), n);
    }

    /**
     * A merged candidate buffer as channels leave it for a reranker: {@code size} distinct items
     * (fewer when the catalog is smaller), each recalled by a random non-empty subset of channels
     * {@code 0..channels-1} with standard-normal scores. About one candidate in seven is one of
     * {@code query}'s excluded items, since rerankers must drop them whatever the channels did.
     */
    public Candidates candidates(Query query, int size, int channels, long candidateSeed) {
        if (channels < 1 || channels > Candidates.MAX_CHANNELS) {
            throw new IllegalArgumentException("channels must be in [1, " + Candidates.MAX_CHANNELS + "], got " + channels);
        }
        SplittableRandom rnd = new SplittableRandom(candidateSeed);
        int wanted = Math.min(size, numItems());
        Candidates c = new Candidates(wanted);
        int[] exclude = query.exclude();
        int guard = 0;
        while (c.size() < wanted && guard++ < 100 * wanted) {
            int item = exclude.length > 0 && rnd.nextInt(7) == 0 ? exclude[rnd.nextInt(exclude.length)] : rnd.nextInt(numItems());
            if (c.contains(item)) {
                continue;
            }
            int mask = 1 + rnd.nextInt((1 << channels) - 1);
            for (int ch = 0; ch < channels; ch++) {
                if ((mask & (1 << ch)) != 0) {
                    c.add(item, ch, (float) rnd.nextGaussian());
                }
            }
        }
        return c;
    }

    /**
     * The tables a neighbour store serves, built from this world: each user's and item's {@code k}
     * nearest neighbours by inner product of {@link #userVectors}/{@link #itemVectors} of width
     * {@code dim} (self excluded, ties to the lower id), and each user's training items, most
     * recent first.
     */
    public ServingTables servingTables(int dim, int k) {
        Vectors u = userVectors(dim);
        Vectors i = itemVectors(dim);
        int[][] uIds = new int[numUsers()][];
        float[][] uScores = new float[numUsers()][];
        exactNeighbors(u, k, uIds, uScores);
        int[][] iIds = new int[numItems()][];
        float[][] iScores = new float[numItems()][];
        exactNeighbors(i, k, iIds, iScores);
        int[][] recent = new int[numUsers()][];
        for (int user = 0; user < numUsers(); user++) {
            int[] items = split.train().itemsOf(user);
            int[] r = new int[items.length];
            for (int j = 0; j < items.length; j++) {
                r[j] = items[items.length - 1 - j];
            }
            recent[user] = r;
        }
        return new ServingTables(uIds, uScores, iIds, iScores, recent);
    }

    private static void exactNeighbors(Vectors v, int k, int[][] ids, float[][] scores) {
        int n = v.rows();
        int kk = Math.min(k, n - 1);
        for (int q = 0; q < n; q++) {
            int[] bestIds = new int[kk];
            float[] best = new float[kk];
            int size = 0;
            for (int c = 0; c < n; c++) {
                if (c == q) {
                    continue;
                }
                float s = v.dot(c, v.values(), v.offset(q));
                size = TestingVectorIndex.offer(bestIds, best, size, c, s);
            }
            ids[q] = Arrays.copyOf(bestIds, size);
            scores[q] = Arrays.copyOf(best, size);
        }
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    /**
     * The same world with every test interaction moved to another item the user never touched,
     * timestamps and everything else unchanged: a model that never reads test data fits
     * identically on both.
     */
    public TestData withOtherTestItems() {
        Dataset d = split.dataset();
        int[] items = d.itemColumn().clone();
        byte[] tags = d.splitTags();
        int[] users = d.userColumn();
        SplittableRandom rnd = new SplittableRandom(SeededPluginContext.derive(seed, "other-test-items"));
        boolean[] seen = new boolean[numItems()];
        int[] byUser = new int[numUsers() + 1];
        for (int u : users) {
            byUser[u + 1]++;
        }
        for (int u = 0; u < numUsers(); u++) {
            byUser[u + 1] += byUser[u];
        }
        int[] rowsOf = new int[users.length];
        int[] cursor = Arrays.copyOf(byUser, numUsers());
        for (int i = 0; i < users.length; i++) {
            rowsOf[cursor[users[i]]++] = i;
        }
        for (int u = 0; u < numUsers(); u++) {
            for (int k = byUser[u]; k < byUser[u + 1]; k++) {
                seen[items[rowsOf[k]]] = true;
            }
            for (int k = byUser[u]; k < byUser[u + 1]; k++) {
                int row = rowsOf[k];
                if (tags[row] == Dataset.TAG_TEST) {
                    int other;
                    do {
                        other = rnd.nextInt(numItems());
                    } while (seen[other] && hasUnseen(seen));
                    seen[other] = true;
                    items[row] = other;
                }
            }
            for (int k = byUser[u]; k < byUser[u + 1]; k++) {
                seen[d.itemColumn()[rowsOf[k]]] = false;
                seen[items[rowsOf[k]]] = false;
            }
        }
        Dataset moved = new Dataset(d.name(), d.users(), d.items(), users, items, d.ratings(), d.timestamps(), tags, d.userFields(),
                d.itemFields());
        return new TestData(seed, Splitter.given(moved));
    }

    private static boolean hasUnseen(boolean[] seen) {
        for (boolean s : seen) {
            if (!s) {
                return true;
            }
        }
        return false;
    }
}
