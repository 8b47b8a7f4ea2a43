package io.mic.augment;

import io.mic.core.data.DataSplit;
import io.mic.core.data.UserItemSet;
import io.mic.core.data.WarmItems;
import io.mic.spi.ComponentContext;
import io.mic.spi.PluginConfig;
import io.mic.spi.Samples;

/** Parameters several plugins of this module share, read the same way everywhere. */
final class Params {
    /** Upper bound for {@code per_row}: beyond it a batch's sample block outgrows any sensible batch. */
    static final int MAX_PER_ROW = 4096;

    private Params() {
    }

    /** {@code target}: {@code item} (default) or {@code user}. */
    static Samples.Target target(PluginConfig config) {
        return "user".equals(config.getChoice("target", "item", "item", "user")) ? Samples.Target.USER : Samples.Target.ITEM;
    }

    /** {@code per_row}: samples per batch row. */
    static int perRow(PluginConfig config, int defaultValue) {
        return config.getInt("per_row", defaultValue, 1, MAX_PER_ROW);
    }

    /** {@code refresh_every}: trainer steps between two refreshes. */
    static int refreshEvery(PluginConfig config) {
        return config.getInt("refresh_every", 100, 1, Integer.MAX_VALUE);
    }

    /** {@code threads}: worker threads of a refresh; 0 (default) means every available processor. */
    static int threads(PluginConfig config) {
        int t = config.getInt("threads", 0, 0, 1024);
        return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
    }

    /** The ids a row's sample must relate to: the batch's items or its users. */
    static int[] own(Samples.Target target, int[] users, int[] items) {
        if (users.length != items.length) {
            throw new IllegalArgumentException("users has " + users.length + " rows, items has " + items.length);
        }
        return target == Samples.Target.USER ? users : items;
    }

    /**
     * {@code exclude_train_items} (default true): a negative is never an id the row's other side
     * has in training (target item: the user's training items; target user: the item's training
     * users). Returns the lookup keyed by the row's other side, or null when off. Needs the host's
     * {@link DataSplit}.
     */
    static UserItemSet exclusion(PluginConfig config, ComponentContext context, Samples.Target target) {
        if (!config.getBoolean("exclude_train_items", true)) {
            return null;
        }
        DataSplit split = context.trainingData().map(DataSplit::of).orElseThrow(() -> config.error("exclude_train_items",
                "excluding training interactions needs the training split (service " + DataSplit.class.getName()
                        + "), and the host provides none; use it inside a training job or set exclude_train_items: false"));
        return UserItemSet.of(target == Samples.Target.ITEM ? split.train() : split.train().transpose());
    }

    /**
     * The cold items a sampler of item ids must never return (nor use as cluster members or kNN
     * candidates), from the host's {@link DataSplit}: null when the sampler draws users, when the
     * host provides no split, or when the split holds no cold items, so that without
     * {@code cold_items} every sampler draws exactly as before.
     */
    static WarmItems warm(ComponentContext context, Samples.Target target) {
        if (target != Samples.Target.ITEM) {
            return null;
        }
        WarmItems w = context.trainingData().map(WarmItems::of).orElse(null);
        return w != null && w.hasCold() ? w : null;
    }

    /** The ids whose training sets {@link #exclusion} is keyed by: the row's users for item targets, its items for user targets. */
    static int[] other(Samples.Target target, int[] users, int[] items) {
        return target == Samples.Target.USER ? items : users;
    }

    static String label(Samples.Target target) {
        return target == Samples.Target.USER ? "user" : "item";
    }
}
