package io.mic.retrieval.index;

/** The factory's default parameters, for tests that build an {@link HnswIndex} directly. */
final class HnswIndexFactoryDefaults {
    private HnswIndexFactoryDefaults() {
    }

    static HnswIndex.Params params() {
        return params(Similarity.INNER_PRODUCT);
    }

    static HnswIndex.Params params(Similarity metric) {
        return new HnswIndex.Params(metric, HnswIndexFactory.DEFAULT_DEGREE, HnswIndexFactory.DEFAULT_BEAM,
                HnswIndexFactory.DEFAULT_EF, 1.2f, 1.2f, true, true, 2);
    }
}
