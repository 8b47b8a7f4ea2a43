package io.mic.core.feature;

import io.mic.core.data.DataSplit;
import io.mic.core.data.FieldData;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.util.IndexSort;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds {@link FeatureBatch}es of users and items from a {@link DataSplit}, reading only its
 * training interactions (never validation or test).
 *
 * <p>User batches: {@link FeatureBatch#ID}, every categorical ({@code Ids}) and multi-categorical
 * ({@code MultiIds}) user field of the dataset under its own name, and, when
 * {@code historyLength > 0}, {@link FeatureBatch#HISTORY}: item ids, oldest first. Item batches:
 * {@code ID}, every categorical and multi-categorical item field, and, when {@code recentUsers > 0},
 * {@link FeatureBatch#RECENT_USERS}: user ids, oldest first. Text and dense fields are not
 * included (encoders that read them take them from the dataset through their own plugins).
 *
 * <p>Two kinds of batches:
 * <ul>
 *   <li>inference ({@link #users}, {@link #items}): the history is the user's last {@code L}
 *       training items, the recent users are the item's last {@code R} training users;</li>
 *   <li>training examples ({@link #exampleUsers}, {@link #exampleItems}): example {@code e} is the
 *       training interaction at position {@code e} of {@code split.train()} (user {@link #exampleUser},
 *       item {@link #exampleItem}). Its history and the item's recent users exclude the example
 *       itself, as {@link HistoryMode} says: with {@code BEFORE} only interactions strictly earlier
 *       in time; with {@code OTHERS} all other training interactions (the target item is also
 *       removed from the history, the example's user from the recent users).</li>
 * </ul>
 * "Last" means time order when the training data has timestamps, else the stored order (for the
 * recent users of an item: user id order).
 *
 * <p>Immutable after construction and thread-safe. Every returned batch holds fresh arrays owned by
 * the caller; input id arrays are read, never kept.
 */
public final class FeatureBuilder {
    private final InteractionMatrix train;
    private final int historyLength;
    private final int recentUsers;
    private final HistoryMode mode;
    private final List<FieldData> userFields;
    private final List<FieldData> itemFields;
    private final int[] exampleUser;
    private final long[] time;
    /** Item → its training interactions (positions into {@code train}), time-ordered, CSR. */
    private final int[] itemOffsets;
    private final int[] itemPositions;
    /** Position of each training interaction inside its item's list. */
    private final int[] rankInItem;

    private FeatureBuilder(DataSplit split, int historyLength, int recentUsers, HistoryMode mode) {
        this.train = split.train();
        this.historyLength = historyLength;
        this.recentUsers = recentUsers;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.userFields = categorical(split.dataset().userFields());
        this.itemFields = categorical(split.dataset().itemFields());
        int nnz = train.nnz();
        this.time = train.timestamps();
        exampleUser = new int[nnz];
        for (int u = 0; u < train.numUsers(); u++) {
            Arrays.fill(exampleUser, train.start(u), train.end(u), u);
        }
        int numItems = train.numItems();
        int[] counts = new int[numItems + 1];
        int[] items = train.items();
        for (int p = 0; p < nnz; p++) {
            counts[items[p] + 1]++;
        }
        for (int i = 0; i < numItems; i++) {
            counts[i + 1] += counts[i];
        }
        itemOffsets = counts;
        itemPositions = new int[nnz];
        int[] cursor = Arrays.copyOf(counts, numItems);
        int[] order = byTime(nnz, time);
        for (int p : order) {
            itemPositions[cursor[items[p]]++] = p;
        }
        rankInItem = new int[nnz];
        for (int i = 0; i < numItems; i++) {
            for (int k = itemOffsets[i]; k < itemOffsets[i + 1]; k++) {
                rankInItem[itemPositions[k]] = k - itemOffsets[i];
            }
        }
    }

    /**
     * @param historyLength L, the longest history emitted (0: no history column)
     * @param recentUsers   R, the most recent users emitted per item (0: no recent-users column)
     * @param mode          how training examples exclude their own interaction
     */
    public static FeatureBuilder of(DataSplit split, int historyLength, int recentUsers, HistoryMode mode) {
        if (historyLength < 0 || recentUsers < 0) {
            throw new IllegalArgumentException("historyLength and recentUsers must be >= 0, got " + historyLength + ", " + recentUsers);
        }
        return new FeatureBuilder(split, historyLength, recentUsers, mode);
    }

    private static List<FieldData> categorical(List<FieldData> fields) {
        List<FieldData> out = new ArrayList<>();
        for (FieldData f : fields) {
            if (f instanceof FieldData.Categorical || f instanceof FieldData.MultiCategorical) {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    /** Positions {@code 0..n-1}, stably sorted by time when there is one. */
    private static int[] byTime(int n, long[] time) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (time == null) {
            return order;
        }
        IndexSort.stableByKey(order, new int[n], 0, n, time);
        return order;
    }

    public int historyLength() {
        return historyLength;
    }

    public int recentUsers() {
        return recentUsers;
    }

    public HistoryMode mode() {
        return mode;
    }

    public int numUsers() {
        return train.numUsers();
    }

    public int numItems() {
        return train.numItems();
    }

    /** Number of training examples ({@code split.train().nnz()}). */
    public int numExamples() {
        return train.nnz();
    }

    public int exampleUser(int example) {
        return exampleUser[example];
    }

    public int exampleItem(int example) {
        return train.items()[example];
    }

    /** Rating of the example, or NaN for implicit data. */
    public float exampleRating(int example) {
        float[] r = train.ratings();
        return r == null ? Float.NaN : r[example];
    }

    /** Training interactions of {@code item}. */
    public int itemCount(int item) {
        return itemOffsets[item + 1] - itemOffsets[item];
    }

    /** Writes the user's last {@code min(L, out.length)} training items (oldest first) into {@code out}; returns the count. */
    public int recentItemsOf(int user, int[] out) {
        int e = train.end(user);
        int s = Math.max(train.start(user), e - out.length);
        System.arraycopy(train.items(), s, out, 0, e - s);
        return e - s;
    }

    /** Writes the item's last {@code min(R, out.length)} training users (oldest first) into {@code out}; returns the count. */
    public int recentUsersOf(int item, int[] out) {
        int e = itemOffsets[item + 1];
        int s = Math.max(itemOffsets[item], e - out.length);
        for (int k = s; k < e; k++) {
            out[k - s] = exampleUser[itemPositions[k]];
        }
        return e - s;
    }

    /** Inference features of {@code users}: profile fields and the last L training items. */
    public FeatureBatch users(int[] users) {
        Map<String, Column> cols = new LinkedHashMap<>();
        cols.put(FeatureBatch.ID, new Column.Ids(users.clone()));
        addFields(cols, userFields, users);
        if (historyLength > 0) {
            int[] off = new int[users.length + 1];
            for (int r = 0; r < users.length; r++) {
                off[r + 1] = off[r] + Math.min(historyLength, train.count(users[r]));
            }
            int[] val = new int[off[users.length]];
            for (int r = 0; r < users.length; r++) {
                int e = train.end(users[r]);
                int n = off[r + 1] - off[r];
                System.arraycopy(train.items(), e - n, val, off[r], n);
            }
            cols.put(FeatureBatch.HISTORY, new Column.MultiIds(off, val));
        }
        return FeatureBatch.of(users.length, cols);
    }

    /** Inference features of {@code items}: item fields and the last R training users. */
    public FeatureBatch items(int[] items) {
        Map<String, Column> cols = new LinkedHashMap<>();
        cols.put(FeatureBatch.ID, new Column.Ids(items.clone()));
        addFields(cols, itemFields, items);
        if (recentUsers > 0) {
            int[] off = new int[items.length + 1];
            for (int r = 0; r < items.length; r++) {
                off[r + 1] = off[r] + Math.min(recentUsers, itemCount(items[r]));
            }
            int[] val = new int[off[items.length]];
            for (int r = 0; r < items.length; r++) {
                int e = itemOffsets[items[r] + 1];
                int n = off[r + 1] - off[r];
                for (int k = 0; k < n; k++) {
                    val[off[r] + k] = exampleUser[itemPositions[e - n + k]];
                }
            }
            cols.put(FeatureBatch.RECENT_USERS, new Column.MultiIds(off, val));
        }
        return FeatureBatch.of(items.length, cols);
    }

    /** User features of training examples {@code examples}: the example's user, its fields and its leak-free history. */
    public FeatureBatch exampleUsers(int[] examples) {
        int n = examples.length;
        int[] ids = new int[n];
        for (int r = 0; r < n; r++) {
            ids[r] = exampleUser[examples[r]];
        }
        Map<String, Column> cols = new LinkedHashMap<>();
        cols.put(FeatureBatch.ID, new Column.Ids(ids));
        addFields(cols, userFields, ids);
        if (historyLength > 0) {
            int[] off = new int[n + 1];
            int[] val = new int[n * historyLength];
            int[] items = train.items();
            for (int r = 0; r < n; r++) {
                int p = examples[r];
                int u = ids[r];
                int w = off[r];
                if (mode == HistoryMode.BEFORE) {
                    int end = p;
                    if (time != null) {
                        while (end > train.start(u) && time[end - 1] >= time[p]) {
                            end--;
                        }
                    }
                    int s = Math.max(train.start(u), end - historyLength);
                    System.arraycopy(items, s, val, w, end - s);
                    w += end - s;
                } else {
                    int target = items[p];
                    // walk back from the newest, keep up to L others, then restore oldest-first order
                    int kept = 0;
                    for (int k = train.end(u) - 1; k >= train.start(u) && kept < historyLength; k--) {
                        if (k != p && items[k] != target) {
                            val[w + kept++] = items[k];
                        }
                    }
                    reverse(val, w, w + kept);
                    w += kept;
                }
                off[r + 1] = w;
            }
            cols.put(FeatureBatch.HISTORY, new Column.MultiIds(off, Arrays.copyOf(val, off[n])));
        }
        return FeatureBatch.of(n, cols);
    }

    /** Item features of training examples {@code examples}: the example's item, its fields and its leak-free recent users. */
    public FeatureBatch exampleItems(int[] examples) {
        int n = examples.length;
        int[] ids = new int[n];
        int[] items = train.items();
        for (int r = 0; r < n; r++) {
            ids[r] = items[examples[r]];
        }
        Map<String, Column> cols = new LinkedHashMap<>();
        cols.put(FeatureBatch.ID, new Column.Ids(ids));
        addFields(cols, itemFields, ids);
        if (recentUsers > 0) {
            int[] off = new int[n + 1];
            int[] val = new int[n * recentUsers];
            for (int r = 0; r < n; r++) {
                int p = examples[r];
                int i = ids[r];
                int u = exampleUser[p];
                int base = itemOffsets[i];
                int w = off[r];
                if (mode == HistoryMode.BEFORE) {
                    int end = base + rankInItem[p];
                    if (time != null) {
                        while (end > base && time[itemPositions[end - 1]] >= time[p]) {
                            end--;
                        }
                    }
                    int s = Math.max(base, end - recentUsers);
                    for (int k = s; k < end; k++) {
                        val[w++] = exampleUser[itemPositions[k]];
                    }
                } else {
                    int kept = 0;
                    for (int k = itemOffsets[i + 1] - 1; k >= base && kept < recentUsers; k--) {
                        int other = exampleUser[itemPositions[k]];
                        if (other != u) {
                            val[w + kept++] = other;
                        }
                    }
                    reverse(val, w, w + kept);
                    w += kept;
                }
                off[r + 1] = w;
            }
            cols.put(FeatureBatch.RECENT_USERS, new Column.MultiIds(off, Arrays.copyOf(val, off[n])));
        }
        return FeatureBatch.of(n, cols);
    }

    private static void reverse(int[] a, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void addFields(Map<String, Column> cols, List<FieldData> fields, int[] rows) {
        for (FieldData f : fields) {
            if (f instanceof FieldData.Categorical c) {
                int[] v = new int[rows.length];
                int[] src = c.values();
                for (int r = 0; r < rows.length; r++) {
                    v[r] = src[rows[r]];
                }
                cols.put(f.name(), new Column.Ids(v));
            } else if (f instanceof FieldData.MultiCategorical m) {
                int[] so = m.offsets();
                int[] sv = m.values();
                int[] off = new int[rows.length + 1];
                for (int r = 0; r < rows.length; r++) {
                    off[r + 1] = off[r] + so[rows[r] + 1] - so[rows[r]];
                }
                int[] val = new int[off[rows.length]];
                for (int r = 0; r < rows.length; r++) {
                    System.arraycopy(sv, so[rows[r]], val, off[r], off[r + 1] - off[r]);
                }
                cols.put(f.name(), new Column.MultiIds(off, val));
            }
        }
    }
}
