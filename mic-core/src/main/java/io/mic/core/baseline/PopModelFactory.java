package io.mic.core.baseline;

import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import java.util.Objects;

/**
 * {@code pop}: the most-popular baseline. Scores every item by its number of training interactions,
 * the same ranking for every user (the evaluator removes each user's seen items). No parameters.
 *
 * <p>Stateless and thread-safe, as every factory; discovered through {@code META-INF/services}.
 */
public final class PopModelFactory implements ModelFactory {
    /** The registered name. */
    public static final String NAME = "pop";

    /** For {@link java.util.ServiceLoader}. */
    public PopModelFactory() {
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
        return "most popular items: score = number of training interactions of the item";
    }

    @Override
    public Model create(PluginConfig config, ModelContext context) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(context, "context");
        ModelComponents.requireUnused(context, config);
        return new PopModel();
    }
}
