package io.mic.retrieval.serve;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.MetricsSink;

/**
 * Guice wiring of a {@link Recommender}: install it next to {@link io.mic.core.registry.PluginModule}
 * (which provides the {@link PluginRegistry} and the {@link MetricsSink}):
 *
 * <pre>{@code
 * Injector inj = Guice.createInjector(Stage.PRODUCTION, new PluginModule(),
 *         new RecommenderModule(RecommenderSettings.defaults(Path.of("runs/r/serving/mic-dssm"))));
 * Recommender rec = inj.getInstance(Recommender.class);
 * }</pre>
 *
 * The Recommender is a singleton; the host closes it at shutdown.
 */
public final class RecommenderModule extends AbstractModule {
    private final RecommenderSettings settings;

    public RecommenderModule(RecommenderSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(RecommenderSettings.class).toInstance(settings);
    }

    @Provides
    @Singleton
    Recommender recommender(RecommenderSettings s, PluginRegistry registry, MetricsSink metrics) {
        return Recommenders.open(s, registry, metrics);
    }
}
