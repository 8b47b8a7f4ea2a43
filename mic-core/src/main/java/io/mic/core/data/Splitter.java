package io.mic.core.data;

import io.mic.core.util.IndexSort;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Divides a dataset's interactions into train, validation and test, per user (every user's
 * interactions are split on their own, as RecBole does with {@code group_by: user}).
 *
 * <p>Every split returns matrices over the dataset's full user and item id spaces; within a user,
 * each matrix keeps time order (source order when there is no time). Time order breaks ties by
 * source order. The three parts are disjoint and together hold every interaction.
 */
public final class Splitter {
    /** {@link DataSplit#protocol()} of {@link #leaveLastOut}. */
    public static final String LEAVE_LAST_OUT = "leave-last-out";
    /** {@link DataSplit#protocol()} of {@link #timeRatio}. */
    public static final String TIME_RATIO = "time-ratio";
    /** {@link DataSplit#protocol()} of {@link #randomRatio}. */
    public static final String RANDOM_RATIO = "random-ratio";
    /** {@link DataSplit#protocol()} of {@link #given}. */
    public static final String GIVEN = "given";

    private Splitter() {
    }

    /**
     * Per user in time order: the last interaction is test, the one before is validation, the rest
     * train. Users with fewer than three interactions follow RecBole's leave-one-out: one
     * interaction stays in train, two give one train and one test interaction (no validation).
     *
     * @throws IllegalArgumentException when the dataset has no timestamps
     */
    public static DataSplit leaveLastOut(Dataset d) {
        requireTime(d, LEAVE_LAST_OUT);
        int[][] groups = groupByUser(d, true);
        int[] offsets = groups[0];
        int[] rows = groups[1];
        byte[] tag = new byte[d.numInteractions()];
        for (int u = 0; u < d.numUsers(); u++) {
            int from = offsets[u];
            int to = offsets[u + 1];
            int tot = to - from;
            if (tot >= 2) {
                tag[rows[to - 1]] = Dataset.TAG_TEST;
            }
            if (tot >= 3) {
                tag[rows[to - 2]] = Dataset.TAG_VALID;
            }
        }
        return build(d, tag, LEAVE_LAST_OUT);
    }

    /**
     * Per user in time order: the first share of interactions is train, then validation, then
     * test, with RecBole's rounding (see {@link #ratioCounts}). Two ratios mean train and test (no
     * validation), three mean train, validation, test.
     *
     * @throws IllegalArgumentException when the dataset has no timestamps or the ratios are invalid
     */
    public static DataSplit timeRatio(Dataset d, double[] ratios) {
        checkRatios(ratios);
        requireTime(d, TIME_RATIO);
        int[][] groups = groupByUser(d, true);
        return build(d, tagByRatio(d, groups[0], groups[1], ratios), TIME_RATIO);
    }

    /**
     * Like {@link #timeRatio} but each user's interactions are shuffled first with a generator seeded
     * by {@code seed} (users in id order share one stream), so the same dataset and seed give the
     * same split. Works without timestamps.
     */
    public static DataSplit randomRatio(Dataset d, double[] ratios, long seed) {
        checkRatios(ratios);
        int[][] groups = groupByUser(d, false);
        int[] offsets = groups[0];
        int[] rows = groups[1];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int u = 0; u < d.numUsers(); u++) {
            for (int i = offsets[u + 1] - 1; i > offsets[u]; i--) {
                int j = offsets[u] + rnd.nextInt(i - offsets[u] + 1);
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
            }
        }
        return build(d, tagByRatio(d, offsets, rows, ratios), RANDOM_RATIO);
    }

    /**
     * The split the data came with ({@link Dataset#splitTags()}, e.g. UniSRec's files).
     *
     * @throws IllegalArgumentException when the dataset has no split tags
     */
    public static DataSplit given(Dataset d) {
        byte[] tags = d.splitTags();
        if (tags == null) {
            throw new IllegalArgumentException("dataset '" + d.name() + "' does not come with its own split: use leave-last-out, time-ratio "
                    + "or random-ratio");
        }
        return build(d, tags, GIVEN);
    }

    /**
     * How many of {@code tot} interactions each part gets, exactly as RecBole's
     * {@code Dataset._calcu_split_ids}: {@code cnt[i] = (int) (ratios[i] * tot)}, the first part takes the
     * remainder, then, from the last part backwards, a part whose share is below one interaction but
     * above zero takes one from the first part while the first part keeps more than one.
     */
    static int[] ratioCounts(int tot, double[] ratios) {
        int k = ratios.length;
        int[] cnt = new int[k];
        int rest = 0;
        for (int i = 1; i < k; i++) {
            cnt[i] = (int) (ratios[i] * tot);
            rest += cnt[i];
        }
        cnt[0] = tot - rest;
        for (int i = 1; i < k; i++) {
            if (cnt[0] <= 1) {
                break;
            }
            double share = ratios[k - i] * tot;
            if (share > 0 && share < 1) {
                cnt[k - i]++;
                cnt[0]--;
            }
        }
        return cnt;
    }

    private static byte[] tagByRatio(Dataset d, int[] offsets, int[] rows, double[] ratios) {
        byte[] tag = new byte[d.numInteractions()];
        // with two ratios the second part is test
        byte[] partTag = ratios.length == 2 ? new byte[] {Dataset.TAG_TRAIN, Dataset.TAG_TEST}
                : new byte[] {Dataset.TAG_TRAIN, Dataset.TAG_VALID, Dataset.TAG_TEST};
        for (int u = 0; u < d.numUsers(); u++) {
            int from = offsets[u];
            int[] cnt = ratioCounts(offsets[u + 1] - from, ratios);
            int p = from;
            for (int part = 0; part < cnt.length; part++) {
                for (int c = 0; c < cnt[part]; c++) {
                    tag[rows[p++]] = partTag[part];
                }
            }
        }
        return tag;
    }

    private static DataSplit build(Dataset d, byte[] tag, String protocol) {
        int n = tag.length;
        boolean[] train = new boolean[n];
        boolean[] valid = new boolean[n];
        boolean[] test = new boolean[n];
        for (int i = 0; i < n; i++) {
            switch (tag[i]) {
                case Dataset.TAG_TRAIN -> train[i] = true;
                case Dataset.TAG_VALID -> valid[i] = true;
                case Dataset.TAG_TEST -> test[i] = true;
                default -> throw new IllegalArgumentException("dataset '" + d.name() + "': split tag " + tag[i] + " at interaction " + i
                        + " is none of train (0), valid (1), test (2)");
            }
        }
        return new DataSplit(d, matrix(d, train), matrix(d, valid), matrix(d, test), protocol);
    }

    private static InteractionMatrix matrix(Dataset d, boolean[] keep) {
        return InteractionMatrix.fromColumns(d.numUsers(), d.numItems(), d.userColumn(), d.itemColumn(), d.ratings(), d.timestamps(), keep);
    }

    private static void requireTime(Dataset d, String protocol) {
        if (!d.hasTimestamps()) {
            boolean ml1m = d.name().equals("ml-1m");
            throw new IllegalArgumentException("dataset '" + d.name() + "' has no timestamps" + (ml1m ? " (ratings_uir.dat)" : "") + "; "
                    + protocol + " needs time: use a random split or provide " + (ml1m ? "ratings.dat" : "a source with timestamps"));
        }
    }

    static void checkRatios(double[] ratios) {
        if (ratios == null || ratios.length < 2 || ratios.length > 3) {
            throw new IllegalArgumentException("split ratios: expected 2 (train, test) or 3 (train, valid, test) values, got "
                    + (ratios == null ? "none" : Arrays.toString(ratios)));
        }
        double sum = 0;
        for (double r : ratios) {
            if (!(r > 0) || !Double.isFinite(r)) {
                throw new IllegalArgumentException("split ratios must be positive, got " + Arrays.toString(ratios));
            }
            sum += r;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("split ratios must sum to 1, got " + Arrays.toString(ratios) + " (sum " + sum + ")");
        }
    }

    /** {offsets, rows}: interaction indexes grouped by user, in stable time order when asked and available, else source order. */
    private static int[][] groupByUser(Dataset d, boolean byTime) {
        int[] users = d.userColumn();
        int n = users.length;
        int nu = d.numUsers();
        int[] offsets = new int[nu + 1];
        for (int u : users) {
            offsets[u + 1]++;
        }
        for (int u = 0; u < nu; u++) {
            offsets[u + 1] += offsets[u];
        }
        int[] cursor = Arrays.copyOf(offsets, nu);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[cursor[users[i]]++] = i;
        }
        long[] time = d.timestamps();
        if (byTime && time != null) {
            int[] tmp = new int[n];
            for (int u = 0; u < nu; u++) {
                IndexSort.stableByKey(rows, tmp, offsets[u], offsets[u + 1], time);
            }
        }
        return new int[][] {offsets, rows};
    }

    /**
     * Cold items: holds {@code round(share * items)} (at least one, at most all but one) of the catalogue's items, drawn
     * uniformly without replacement by a generator seeded by {@code seed}, out of training entirely:
     * their train and valid interactions are dropped, their test interactions stay. Only a model that
     * scores items from their features (an inductive model) can rank them from what it learned; the
     * held-out ids are in {@link DataSplit#coldItems()} for the evaluator's cold-item report.
     *
     * @param share fraction of the items to hold out, in (0, 1)
     * @throws IllegalArgumentException for a share outside (0, 1) or a split that already has cold items
     */
    public static DataSplit holdOutItems(DataSplit s, double share, long seed) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("cold item share must be in (0, 1), got " + share);
        }
        if (s.coldItems().length > 0) {
            throw new IllegalArgumentException("the split already holds " + s.coldItems().length + " cold items");
        }
        int numItems = s.train().numItems();
        int n = (int) Math.max(1, Math.min(numItems - 1, Math.round(share * numItems))); // at least one item stays warm
        int[] perm = new int[numItems];
        for (int i = 0; i < numItems; i++) {
            perm[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) { // partial Fisher-Yates: perm[0..n) is a uniform n-subset
            int j = i + rnd.nextInt(numItems - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] cold = Arrays.copyOf(perm, n);
        Arrays.sort(cold);
        boolean[] drop = new boolean[numItems];
        for (int i : cold) {
            drop[i] = true;
        }
        return new DataSplit(s.dataset(), s.train().filterItems(i -> !drop[i]), s.valid().filterItems(i -> !drop[i]), s.test(), s.protocol(), cold);
    }
}
