package io.mic.core.data;

import io.mic.spi.TrainingData;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The items training may draw: every item except the split's cold items ({@link DataSplit#coldItems()},
 * the {@code cold_items} of a run config). A cold item is held out of training entirely, so no
 * training step may use it as a sampled negative, a k-means negative or a kNN positive: that would
 * tell the model which items exist in the test catalogue, push their id rows and content away from
 * every user, and handicap the transductive rows of the cold-item table. Every model and sampler
 * that draws item ids goes through one of these.
 *
 * <p>Without cold items {@link #uniform} is exactly {@code random.nextInt(numItems)} (one call, the
 * same value), so draws and results are bit-identical to those of the code before this class. With
 * cold items it is {@code warm[random.nextInt(warm.length)]}: uniform over the warm items.
 *
 * <p>Immutable and thread-safe; {@link #uniform} allocates nothing.
 */
public final class WarmItems {
    /**
     * Draws a model's own uniform negative loop makes before it accepts an item in the row user's
     * training set (the BPR/CCL negatives of mic-model-mic with {@code exclude_train_items}). LightGCN
     * ({@code negative_retries}, default 100) and CRM-MAN ({@code CrmManModel.NEGATIVE_TRIES}, 100) have
     * their own caps; MISSRec/SASRec draw without exclusion. With a user holding a
     * fraction f of the drawable items the cap is hit with probability f^32: 3e-5 at f = 0.72, so
     * in practice only for a user who has (nearly) every item, where no valid negative exists.
     * Changing it changes the draws, hence every fingerprinted result.
     */
    public static final int MODEL_MAX_DRAWS = 32;

    /**
     * Draws a mic-augment sampler ({@code popularity-negative}, {@code in-batch-negative},
     * {@code kmeans-negative}) makes per slot before it gives up on the row's positive or accepts
     * a draw in the row's training set (see each sampler's {@code exclude_train_items}). Larger than
     * {@link #MODEL_MAX_DRAWS} because a sampler's distribution (popularity, the batch, one
     * cluster) can concentrate more mass on a user's own items than a uniform draw does. Changing
     * it changes the draws, hence every fingerprinted result.
     */
    public static final int SAMPLER_MAX_DRAWS = 64;

    private final int numItems;
    /** Ascending warm ids, or null when every item is warm. */
    private final int[] warm;
    /** Ascending cold ids (empty when none). */
    private final int[] cold;

    private WarmItems(int numItems, int[] cold) {
        this.numItems = numItems;
        this.cold = cold;
        if (cold.length == 0) {
            this.warm = null;
        } else {
            int[] w = new int[numItems - cold.length];
            int k = 0;
            for (int i = 0, c = 0; i < numItems; i++) {
                if (c < cold.length && cold[c] == i) {
                    c++;
                } else {
                    w[k++] = i;
                }
            }
            this.warm = w;
        }
    }

    /** The warm items of {@code split}: all its items but {@link DataSplit#coldItems()}. */
    public static WarmItems of(DataSplit split) {
        int n = split.train().numItems();
        int[] cold = split.coldItems();
        if (cold.length >= n) {
            throw new IllegalArgumentException("every one of the " + n + " items is cold: training has no item to draw");
        }
        return new WarmItems(n, cold);
    }

    /**
     * The warm items of {@code data} when it is the engine's {@link DataSplit}; every one of its
     * schema's items for any other view, which carries no cold items.
     */
    public static WarmItems of(TrainingData data) {
        return data instanceof DataSplit split ? of(split) : all(data.schema().numItems());
    }

    /** Every one of {@code numItems} items (no cold item). */
    public static WarmItems all(int numItems) {
        if (numItems < 1) {
            throw new IllegalArgumentException("numItems " + numItems + " must be at least 1");
        }
        return new WarmItems(numItems, new int[0]);
    }

    /** Size of the item id space, cold items included. */
    public int numItems() {
        return numItems;
    }

    /** Number of warm (drawable) items. */
    public int size() {
        return warm == null ? numItems : warm.length;
    }

    /** Whether the split holds cold items; false means every draw is the unrestricted one. */
    public boolean hasCold() {
        return warm != null;
    }

    /** Whether {@code item} is cold (never to be drawn); false for every id when {@link #hasCold()} is false. */
    public boolean isCold(int item) {
        return warm != null && Arrays.binarySearch(cold, item) >= 0;
    }

    /** The cold ids, ascending (a copy; empty when none). */
    public int[] cold() {
        return cold.clone();
    }

    /** The warm ids, ascending (a new array). */
    public int[] ids() {
        if (warm != null) {
            return warm.clone();
        }
        int[] all = new int[numItems];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /**
     * A uniform warm item: {@code random.nextInt(numItems())} when there are no cold items (the
     * exact draw of the code before cold items existed), else a uniform pick among the warm ones.
     * Consumes one {@code nextInt} of {@code random} either way.
     */
    public int uniform(RandomGenerator random) {
        return warm == null ? random.nextInt(numItems) : warm[random.nextInt(warm.length)];
    }

    /**
     * A uniform warm item other than {@code positive}, redrawn until it differs (unless there is
     * only one warm item, which is then returned): the BPR/CCL negative without training-item
     * exclusion.
     */
    public int otherThan(int positive, RandomGenerator random) {
        int n = size();
        int x;
        do {
            x = uniform(random);
        } while (x == positive && n > 1);
        return x;
    }

    /**
     * Rows of {@code v} ({@code rows x dim}, row-major, one row per item id) of the warm items only,
     * in ascending id order (row r of the result is item {@code ids()[r]}); {@code v} itself when
     * there is no cold item. For samplers that cluster or search item embeddings and must not see
     * cold rows.
     */
    public float[] warmRows(float[] v, int dim) {
        if (warm == null) {
            return v;
        }
        if (v.length != (long) numItems * dim) {
            throw new IllegalArgumentException("expected " + numItems + " rows of " + dim + " floats, got " + v.length + " floats");
        }
        float[] out = new float[warm.length * dim];
        for (int r = 0; r < warm.length; r++) {
            System.arraycopy(v, warm[r] * dim, out, r * dim, dim);
        }
        return out;
    }

    @Override
    public String toString() {
        return "warm items[" + size() + " of " + numItems + "]";
    }
}
