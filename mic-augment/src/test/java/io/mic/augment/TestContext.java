package io.mic.augment;

import io.mic.spi.MetricsSink;
import io.mic.spi.PluginContext;
import io.mic.spi.Schema;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A minimal host context for tests: schema, seed, per-stream generators, a metrics sink and a service map. */
final class TestContext implements PluginContext {
    private final Schema schema;
    private final long seed;
    private final MetricsSink metrics;
    private final Map<Class<?>, Object> services;

    private TestContext(Schema schema, long seed, MetricsSink metrics, Map<Class<?>, Object> services) {
        this.schema = schema;
        this.seed = seed;
        this.metrics = metrics;
        this.services = Map.copyOf(services);
    }

    static TestContext of(Schema schema) {
        return new TestContext(schema, 42L, MetricsSink.NOOP, Map.of());
    }

    <S> TestContext with(Class<S> type, S service) {
        Map<Class<?>, Object> copy = new HashMap<>(services);
        copy.put(type, service);
        return new TestContext(schema, seed, metrics, copy);
    }

    TestContext withMetrics(MetricsSink sink) {
        return new TestContext(schema, seed, sink, services);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public RandomGenerator random(String stream) {
        return new SplittableRandom(seed ^ stream.hashCode());
    }

    @Override
    public MetricsSink metrics() {
        return metrics;
    }

    @Override
    public <S> Optional<S> service(Class<S> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    /** Counts what plugins report, for tests that check a counter. */
    static final class RecordingSink implements MetricsSink {
        final Map<String, Long> counts = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void count(String name, long delta) {
            counts.merge(name, delta, Long::sum);
        }

        @Override
        public void record(String name, double value) {
        }
    }
}
