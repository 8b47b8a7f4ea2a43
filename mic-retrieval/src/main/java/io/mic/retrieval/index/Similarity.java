package io.mic.retrieval.index;

import io.mic.core.util.Labels;
import io.mic.spi.PluginConfig;

/**
 * Similarity an index ranks by (config key {@code metric}); larger is better for both. Not to be
 * confused with the evaluation metrics of {@code io.mic.core.eval.Metric}.
 *
 * <p>{@link #COSINE} indexes unit-normalised copies of the vectors and normalises each query, so
 * its scores are cosines in [-1, 1]; {@link #INNER_PRODUCT} uses the vectors as given.
 */
public enum Similarity {
    INNER_PRODUCT("ip"),
    COSINE("cosine");

    private final String label;

    Similarity(String label) {
        this.label = label;
    }

    /** Name used in configs and manifests ({@code ip}, {@code cosine}). */
    public String label() {
        return label;
    }

    /** Reads the {@code metric} parameter (default {@code ip}). */
    static Similarity from(PluginConfig config) {
        return Labels.choice(config, "metric", INNER_PRODUCT, Similarity::label);
    }

    /** The metric called {@code label}. */
    public static Similarity parse(String label) {
        return Labels.parse(Similarity.class, Similarity::label, label, "index metric");
    }
}
