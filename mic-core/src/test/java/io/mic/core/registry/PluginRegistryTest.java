package io.mic.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.OptionalBinder;
import io.mic.spi.Candidates;
import io.mic.spi.ConfigException;
import io.mic.spi.MetricsSink;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.Query;
import io.mic.spi.Reranker;
import io.mic.spi.RerankerContext;
import io.mic.spi.RerankerFactory;
import io.mic.spi.Schema;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {
    private static final SeededPluginContext CTX = SeededPluginContext.of(Schema.of(3, 3), 1, MetricsSink.NOOP);

    /** Keeps the first {@code n} candidates; discovered through test META-INF/services. */
    public static final class TruncatingRerankerFactory implements RerankerFactory {
        @Override
        public String name() {
            return "test-truncate";
        }

        @Override
        public Reranker create(PluginConfig config, RerankerContext context) {
            int extra = config.getInt("extra", 0, 0, 10);
            return (query, candidates, out) -> {
                out.clear();
                for (int i = 0; i < Math.min(query.n() + extra, candidates.size()); i++) {
                    out.copyFrom(candidates, i);
                }
            };
        }
    }

    static class NamedFactory implements RerankerFactory {
        private final String name;

        NamedFactory(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Reranker create(PluginConfig config, RerankerContext context) {
            return (q, c, o) -> o.clear();
        }
    }

    @Test
    void serviceLoaderFindsPluginsByName() {
        PluginRegistry r = PluginRegistry.discover();
        assertThat(r.names(PluginKind.RERANKER)).contains("test-truncate");
        assertThat(r.factory(PluginKind.RERANKER, "test-truncate")).isInstanceOf(TruncatingRerankerFactory.class);
    }

    @Test
    void unknownNameListsAvailableNamesAndSource() {
        PluginRegistry r = PluginRegistry.builder().register(new NamedFactory("alpha")).register(new NamedFactory("beta")).build();
        assertThatThrownBy(() -> r.factory(PluginKind.RERANKER, "gamma", "run.textproto:4"))
                .isInstanceOf(UnknownPluginException.class)
                .hasMessageContaining("run.textproto:4")
                .hasMessageContaining("unknown reranker plugin 'gamma'")
                .hasMessageContaining("available: alpha, beta");
    }

    @Test
    void duplicateNamesFailFast() {
        var b = PluginRegistry.builder().register(new NamedFactory("same")).register(new NamedFactory("same") {
        });
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two reranker plugins are named 'same'");
    }

    @Test
    void invalidNamesAreRejected() {
        var b = PluginRegistry.builder().register(new NamedFactory("Bad_Name"));
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("[a-z0-9-]+");
    }

    @Test
    void createRejectsUnknownParameters() {
        PluginRegistry r = PluginRegistry.discover();
        PluginConfig ok = PluginConfig.of("test-truncate", Map.of("extra", "1"));
        Reranker rr = r.create(PluginKind.RERANKER, ok, CTX, "");
        Candidates in = new Candidates(4);
        in.add(5, 0, 1f);
        in.add(6, 1, 0.5f);
        Candidates out = new Candidates(4);
        rr.rerank(new Query(0, null, 1, null, 1), in, out);
        assertThat(out.size()).isEqualTo(2);

        PluginConfig typo = PluginConfig.of("test-truncate", Map.of("extr", "1"));
        assertThatThrownBy(() -> r.create(PluginKind.RERANKER, typo, CTX, ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'extr'")
                .hasMessageContaining("did you mean 'extra'?");
    }

    @Test
    void guiceWiresDiscoveredAndHostPlugins() {
        AtomicLong counted = new AtomicLong();
        MetricsSink sink = new MetricsSink() {
            @Override
            public void count(String name, long delta) {
                counted.addAndGet(delta);
            }

            @Override
            public void record(String name, double value) {
            }
        };
        var injector = Guice.createInjector(Stage.PRODUCTION, new PluginModule(), new AbstractModule() {
            @Override
            protected void configure() {
                PluginModule.binder(binder(), PluginKind.RERANKER).addBinding("host-plugin").toInstance(new NamedFactory("host-plugin"));
                OptionalBinder.newOptionalBinder(binder(), MetricsSink.class).setBinding().toInstance(sink);
            }
        });
        PluginRegistry r = injector.getInstance(PluginRegistry.class);
        assertThat(r.names(PluginKind.RERANKER)).contains("host-plugin", "test-truncate");
        Map<String, RerankerFactory> map = injector.getInstance(Key.get(new TypeLiteral<Map<String, RerankerFactory>>() { }));
        assertThat(map).containsKeys("host-plugin", "test-truncate");
        injector.getInstance(MetricsSink.class).count("x", 3);
        assertThat(counted.get()).isEqualTo(3);
    }

    @Test
    void guiceRejectsDuplicateKeys() {
        assertThatThrownBy(() -> Guice.createInjector(new PluginModule(), new AbstractModule() {
            @Override
            protected void configure() {
                PluginModule.binder(binder(), PluginKind.RERANKER).addBinding("test-truncate").toInstance(new NamedFactory("test-truncate"));
            }
        })).isInstanceOf(CreationException.class).hasMessageContaining("test-truncate");
    }

    @Test
    void randomStreamsAreReproducibleAndIndependent() {
        SeededPluginContext c = SeededPluginContext.of(Schema.of(1, 1), 42, MetricsSink.NOOP);
        long a1 = c.scoped("a").random("s").nextLong();
        long a2 = c.scoped("a").random("s").nextLong();
        long b = c.scoped("b").random("s").nextLong();
        long a3 = c.scoped("a").random("t").nextLong();
        assertThat(a1).isEqualTo(a2);
        assertThat(a1).isNotEqualTo(b).isNotEqualTo(a3);
        long other = SeededPluginContext.of(Schema.of(1, 1), 43, MetricsSink.NOOP).scoped("a").random("s").nextLong();
        assertThat(other).isNotEqualTo(a1);
    }
}
