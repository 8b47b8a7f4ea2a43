package io.mic.core.eval;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.InteractionMatrix;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The click-prediction protocol of the knowledge-graph recommendation literature on MovieLens-1M
 * (RippleNet, MKR, KGCN: {@code preprocess.py} of those repositories): ratings &ge; 4 are
 * positives; for each user as many items she never rated (at any rating) are drawn as negatives;
 * the labelled pairs are split 6:2:2 at random; AUC and accuracy on the test pairs.
 *
 * <p>How it maps onto a {@link DataSplit}: positives are split 6:2:2 over all positives at random
 * (one seeded shuffle, {@code floor(0.2 n)} valid, {@code floor(0.2 n)} test, the rest train), so
 * {@code train/valid/test} hold positives only (what full-ranking evaluation and every model read).
 * Negatives are drawn by {@link #pairs} per user, also seeded, and each is given to train, valid or
 * test with probabilities 0.6/0.2/0.2 (the published recipe shuffles positives and negatives
 * together; this keeps the same proportions in expectation). {@link DataSplit#dataset()} is the
 * dataset with every rating (not only the positives), which is what "never rated" is read from.
 */
public final class ClickProtocol {
    /** {@link DataSplit#protocol()} of {@link #split}. */
    public static final String NAME = "kg-click";
    /** Ratings at or above this are positives. */
    public static final double POSITIVE_RATING = 4.0;
    private static final double VALID = 0.2;
    private static final double TEST = 0.2;

    private ClickProtocol() {
    }

    /**
     * Labelled (user, item, label) pairs of one part, aligned arrays (read-only for callers).
     * {@code labels[i]} is 1 for a positive, 0 for a sampled negative.
     */
    public record Pairs(int[] users, int[] items, byte[] labels) {
        public int size() {
            return users.length;
        }

        public int positives() {
            int p = 0;
            for (byte b : labels) {
                p += b;
            }
            return p;
        }
    }

    /** Positives split 6:2:2 (see the class comment); {@code d} must have ratings. */
    public static DataSplit split(Dataset d, long seed) {
        if (!d.hasRatings()) {
            throw new IllegalArgumentException("dataset '" + d.name() + "' has no ratings: the " + NAME
                    + " protocol needs them (positives are ratings >= 4)");
        }
        float[] r = d.ratings();
        int n = d.numInteractions();
        int[] pos = new int[n];
        int np = 0;
        for (int i = 0; i < n; i++) {
            if (r[i] >= POSITIVE_RATING) {
                pos[np++] = i;
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = np - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = pos[i];
            pos[i] = pos[j];
            pos[j] = t;
        }
        int nv = (int) (VALID * np);
        int nt = (int) (TEST * np);
        boolean[] train = new boolean[n];
        boolean[] valid = new boolean[n];
        boolean[] test = new boolean[n];
        for (int k = 0; k < np; k++) {
            (k < nv ? valid : k < nv + nt ? test : train)[pos[k]] = true;
        }
        return new DataSplit(d, matrix(d, train), matrix(d, valid), matrix(d, test), NAME);
    }

    private static InteractionMatrix matrix(Dataset d, boolean[] keep) {
        return InteractionMatrix.fromColumns(d.numUsers(), d.numItems(), d.userColumn(), d.itemColumn(), d.ratings(), d.timestamps(), keep);
    }

    /**
     * The labelled pairs of each part {@code [train, valid, test]}: the part's positives plus the
     * negatives drawn for it. For each user, as many negatives as she has positives in all parts
     * are drawn without replacement from the items she never rated (fewer when not enough exist),
     * from a generator seeded by {@code seed} (users in id order share one stream).
     */
    public static Pairs[] pairs(DataSplit split, long seed) {
        InteractionMatrix all = split.dataset().toMatrix();
        InteractionMatrix[] parts = {split.train(), split.valid(), split.test()};
        int numItems = split.dataset().numItems();
        int[][] u = new int[3][];
        int[][] it = new int[3][];
        byte[][] lab = new byte[3][];
        int[] size = new int[3];
        for (int p = 0; p < 3; p++) {
            int cap = 2 * parts[p].nnz() + 16;
            u[p] = new int[cap];
            it[p] = new int[cap];
            lab[p] = new byte[cap];
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] stamp = new int[numItems];
        int[] candidates = new int[numItems];
        for (int user = 0; user < all.numUsers(); user++) {
            int positives = 0;
            for (int p = 0; p < 3; p++) {
                InteractionMatrix m = parts[p];
                for (int k = m.start(user); k < m.end(user); k++) {
                    add(u, it, lab, size, p, user, m.items()[k], (byte) 1);
                }
                positives += m.count(user);
            }
            if (positives == 0) {
                continue;
            }
            int mark = user + 1;
            for (int k = all.start(user); k < all.end(user); k++) {
                stamp[all.items()[k]] = mark;
            }
            int c = 0;
            for (int i = 0; i < numItems; i++) {
                if (stamp[i] != mark) {
                    candidates[c++] = i;
                }
            }
            int draw = Math.min(positives, c);
            for (int k = 0; k < draw; k++) {
                int j = k + rnd.nextInt(c - k);
                int t = candidates[k];
                candidates[k] = candidates[j];
                candidates[j] = t;
                double x = rnd.nextDouble();
                int part = x < VALID ? 1 : x < VALID + TEST ? 2 : 0;
                add(u, it, lab, size, part, user, candidates[k], (byte) 0);
            }
        }
        Pairs[] out = new Pairs[3];
        for (int p = 0; p < 3; p++) {
            out[p] = new Pairs(Arrays.copyOf(u[p], size[p]), Arrays.copyOf(it[p], size[p]), Arrays.copyOf(lab[p], size[p]));
        }
        return out;
    }

    private static void add(int[][] u, int[][] it, byte[][] lab, int[] size, int p, int user, int item, byte label) {
        int s = size[p];
        if (s == u[p].length) {
            u[p] = Arrays.copyOf(u[p], s * 2);
            it[p] = Arrays.copyOf(it[p], s * 2);
            lab[p] = Arrays.copyOf(lab[p], s * 2);
        }
        u[p][s] = user;
        it[p][s] = item;
        lab[p][s] = label;
        size[p] = s + 1;
    }
}
