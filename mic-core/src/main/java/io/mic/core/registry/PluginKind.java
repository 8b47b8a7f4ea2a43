package io.mic.core.registry;

import io.mic.spi.AugmenterFactory;
import io.mic.spi.EncoderFactory;
import io.mic.spi.ItemFeatureSourceFactory;
import io.mic.spi.ModelFactory;
import io.mic.spi.NeighborStoreFactory;
import io.mic.spi.PluginFactory;
import io.mic.spi.RerankerFactory;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.SamplerFactory;
import io.mic.spi.VectorIndexFactory;
import java.util.List;

/**
 * One extension point: a label used in messages and {@code mic plugins}, and the factory
 * interface discovered through {@code META-INF/services/<factory interface>}.
 *
 * @param <F> the factory interface
 */
public final class PluginKind<F extends PluginFactory<?, ?>> {
    public static final PluginKind<ModelFactory> MODEL = new PluginKind<>("model", ModelFactory.class);
    public static final PluginKind<EncoderFactory> ENCODER = new PluginKind<>("encoder", EncoderFactory.class);
    public static final PluginKind<AugmenterFactory> AUGMENTER = new PluginKind<>("augmenter", AugmenterFactory.class);
    public static final PluginKind<SamplerFactory> SAMPLER = new PluginKind<>("sampler", SamplerFactory.class);
    public static final PluginKind<VectorIndexFactory> VECTOR_INDEX = new PluginKind<>("index", VectorIndexFactory.class);
    public static final PluginKind<NeighborStoreFactory> NEIGHBOR_STORE = new PluginKind<>("store", NeighborStoreFactory.class);
    public static final PluginKind<RetrievalChannelFactory> RETRIEVAL_CHANNEL = new PluginKind<>("channel", RetrievalChannelFactory.class);
    public static final PluginKind<RerankerFactory> RERANKER = new PluginKind<>("reranker", RerankerFactory.class);
    public static final PluginKind<ItemFeatureSourceFactory> ITEM_FEATURES = new PluginKind<>("item-features", ItemFeatureSourceFactory.class);

    private static final List<PluginKind<?>> ALL = List.of(MODEL, ENCODER, AUGMENTER, SAMPLER, VECTOR_INDEX, NEIGHBOR_STORE,
            RETRIEVAL_CHANNEL, RERANKER, ITEM_FEATURES);

    private final String label;
    private final Class<F> factoryType;

    private PluginKind(String label, Class<F> factoryType) {
        this.label = label;
        this.factoryType = factoryType;
    }

    /** Every extension point, in display order. */
    public static List<PluginKind<?>> all() {
        return ALL;
    }

    /** Short label ({@code reranker}, {@code index}...). */
    public String label() {
        return label;
    }

    public Class<F> factoryType() {
        return factoryType;
    }

    @Override
    public String toString() {
        return label;
    }
}
