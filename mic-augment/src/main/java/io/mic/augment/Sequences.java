package io.mic.augment;

import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;

/** Shared pieces of the sequence augmenters. */
final class Sequences {
    /** Absorbs rounding in {@code ratio * length} (0.29 * 100 = 28.999…96) before flooring. */
    private static final double EPS = 1e-9;

    private Sequences() {
    }

    /** The multi-valued column {@code name} of {@code batch}, or an error naming the plugin and the columns there are. */
    static Column.MultiIds column(FeatureBatch batch, String name, String plugin) {
        Column c = batch.column(name);
        if (c == null) {
            throw new IllegalArgumentException(plugin + ": batch has no column '" + name + "' (parameter 'column'); batch columns: "
                    + batch.names());
        }
        if (!(c instanceof Column.MultiIds m)) {
            throw new IllegalArgumentException(plugin + ": column '" + name + "' is " + c.getClass().getSimpleName()
                    + ", not a multi-valued (MultiIds) sequence");
        }
        return m;
    }

    /** {@code floor(ratio * length)}, robust to rounding just below an integer. */
    static int portion(double ratio, int length) {
        return (int) Math.floor(ratio * length + EPS);
    }
}
