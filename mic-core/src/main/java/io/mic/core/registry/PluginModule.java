package io.mic.core.registry;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.EncoderFactory;
import io.mic.spi.ItemFeatureSourceFactory;
import io.mic.spi.MetricsSink;
import io.mic.spi.ModelFactory;
import io.mic.spi.NeighborStoreFactory;
import io.mic.spi.PluginFactory;
import io.mic.spi.Progress;
import io.mic.spi.RerankerFactory;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.SamplerFactory;
import io.mic.spi.VectorIndexFactory;
import java.util.Map;

/**
 * Guice wiring of discovered plugins: one {@link MapBinder} per extension point (name to factory;
 * duplicate names are injector errors), {@link OptionalBinder} defaults a host may override
 * ({@link MetricsSink}, {@link Progress}), and a {@link PluginRegistry} provided from the final
 * maps, so factories a host binds in its own module are visible everywhere.
 *
 * <p>A host adds a plugin with {@code PluginModule.binder(binder(), PluginKind.RERANKER).addBinding("mine").toInstance(f)}
 * and overrides a default with {@code OptionalBinder.newOptionalBinder(binder(), MetricsSink.class).setBinding()...}.
 * No config branching happens here: which plugins run is decided by the run config at creation.
 */
public final class PluginModule extends AbstractModule {
    private final PluginRegistry discovered;

    /** Wires the given discovered plugins (usually {@link PluginRegistry#discover()}). */
    public PluginModule(PluginRegistry discovered) {
        this.discovered = discovered;
    }

    /** Wires plugins discovered on the class path. */
    public PluginModule() {
        this(PluginRegistry.discover());
    }

    @Override
    protected void configure() {
        for (PluginKind<?> kind : PluginKind.all()) {
            bindAll(kind);
        }
        OptionalBinder.newOptionalBinder(binder(), MetricsSink.class).setDefault().toInstance(MetricsSink.NOOP);
        OptionalBinder.newOptionalBinder(binder(), Progress.class).setDefault().toInstance(Progress.NOOP);
    }

    private <F extends PluginFactory<?, ?>> void bindAll(PluginKind<F> kind) {
        MapBinder<String, F> map = binder(binder(), kind);
        for (Map.Entry<String, F> e : discovered.factories(kind).entrySet()) {
            map.addBinding(e.getKey()).toInstance(e.getValue());
        }
    }

    /** The map binder of {@code kind}, for hosts adding plugins in their own modules. */
    @SuppressWarnings("unchecked")
    public static <F extends PluginFactory<?, ?>> MapBinder<String, F> binder(Binder binder, PluginKind<F> kind) {
        TypeLiteral<F> type = (TypeLiteral<F>) TypeLiteral.get(kind.factoryType());
        return MapBinder.newMapBinder(binder, TypeLiteral.get(String.class), type);
    }

    @Provides
    @Singleton
    PluginRegistry registry(Map<String, ModelFactory> models, Map<String, EncoderFactory> encoders,
            Map<String, AugmenterFactory> augmenters, Map<String, SamplerFactory> samplers,
            Map<String, VectorIndexFactory> indexes, Map<String, NeighborStoreFactory> stores,
            Map<String, RetrievalChannelFactory> channels, Map<String, RerankerFactory> rerankers,
            Map<String, ItemFeatureSourceFactory> itemFeatures) {
        PluginRegistry.Builder b = PluginRegistry.builder();
        models.values().forEach(f -> b.register(PluginKind.MODEL, f));
        encoders.values().forEach(f -> b.register(PluginKind.ENCODER, f));
        augmenters.values().forEach(f -> b.register(PluginKind.AUGMENTER, f));
        samplers.values().forEach(f -> b.register(PluginKind.SAMPLER, f));
        indexes.values().forEach(f -> b.register(PluginKind.VECTOR_INDEX, f));
        stores.values().forEach(f -> b.register(PluginKind.NEIGHBOR_STORE, f));
        channels.values().forEach(f -> b.register(PluginKind.RETRIEVAL_CHANNEL, f));
        rerankers.values().forEach(f -> b.register(PluginKind.RERANKER, f));
        itemFeatures.values().forEach(f -> b.register(PluginKind.ITEM_FEATURES, f));
        return b.build();
    }
}
