package io.mic.core.baseline;

import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import java.util.Objects;

/**
 * {@code item-knn}: item-based collaborative filtering as in RecBole's {@code ItemKNN}.
 *
 * <p>On the binary train matrix, {@code sim(i, j) = |U_i ∩ U_j| / (sqrt|U_i| · sqrt|U_j| + shrink)},
 * where U_i is the set of users who interacted with item i. Each target item j keeps its top
 * {@code k} neighbours i ≠ j (highest similarity, lower id on ties; zero similarities dropped), and
 * {@code score(u, j) = Σ sim(i, j)} over the user's train items i that are among j's neighbours.
 *
 * <p>Parameters: {@code k} (neighbourhood size, default 100, 1..100000) and {@code shrink}
 * (default 0.0, {@code >= 0}). The similarity build uses all available processors.
 */
public final class ItemKnnModelFactory implements ModelFactory {
    /** The registered name. */
    public static final String NAME = "item-knn";

    /** For {@link java.util.ServiceLoader}. */
    public ItemKnnModelFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String description() {
        return "item-based kNN: cosine item-item similarity on the binary train matrix, top-k neighbours (k, shrink)";
    }

    @Override
    public Model create(PluginConfig config, ModelContext context) {
        Objects.requireNonNull(context, "context");
        ModelComponents.requireUnused(context, config);
        int k = config.getInt("k", 100, 1, 100_000);
        double shrink = config.getDouble("shrink", 0.0, 0.0, Double.MAX_VALUE);
        return new ItemKnnModel(k, shrink, Runtime.getRuntime().availableProcessors());
    }
}
