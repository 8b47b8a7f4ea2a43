package io.mic.retrieval.index;

import io.mic.spi.PluginConfig;

/**
 * Similarity an index ranks by; larger is better for both.
 *
 * <p>{@link #COSINE} indexes unit-normalised copies of the vectors and normalises each query, so
 * its scores are cosines in [-1, 1]; {@link #INNER_PRODUCT} uses the vectors as given.
 */
public enum Metric {
    INNER_PRODUCT("ip"),
    COSINE("cosine");

    private final String label;

    Metric(String label) {
        this.label = label;
    }

    /** Name used in configs and manifests ({@code ip}, {@code cosine}). */
    public String label() {
        return label;
    }

    /** Reads the {@code metric} parameter (default {@code ip}). */
    static Metric from(PluginConfig config) {
        return parse(config.getChoice("metric", INNER_PRODUCT.label, INNER_PRODUCT.label, COSINE.label));
    }

    /** The metric called {@code label}. */
    public static Metric parse(String label) {
        for (Metric m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + label + "' (ip, cosine)");
    }
}
