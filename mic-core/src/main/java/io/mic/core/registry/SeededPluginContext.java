package io.mic.core.registry;

import io.mic.spi.MetricsSink;
import io.mic.spi.PluginContext;
import io.mic.spi.Schema;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The host's {@link PluginContext}: schema, run seed, metrics, and a typed service map. Random
 * streams are derived from (seed, scope, stream) with a 64-bit hash, so each plugin instance and
 * each of its streams gets its own reproducible sequence. Immutable and thread-safe.
 */
public final class SeededPluginContext implements PluginContext {
    private final Schema schema;
    private final long seed;
    private final String scope;
    private final MetricsSink metrics;
    private final Map<Class<?>, Object> services;

    private SeededPluginContext(Schema schema, long seed, String scope, MetricsSink metrics, Map<Class<?>, Object> services) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.seed = seed;
        this.scope = scope;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.services = Map.copyOf(services);
    }

    public static SeededPluginContext of(Schema schema, long seed, MetricsSink metrics) {
        return new SeededPluginContext(schema, seed, "", metrics, Map.of());
    }

    /** The same context for one plugin instance: its random streams differ from every other scope's. */
    public SeededPluginContext scoped(String scopeName) {
        return new SeededPluginContext(schema, seed, scope.isEmpty() ? scopeName : scope + "/" + scopeName, metrics, services);
    }

    /** The same context with one more service. */
    public <S> SeededPluginContext withService(Class<S> type, S service) {
        Map<Class<?>, Object> copy = new java.util.HashMap<>(services);
        copy.put(type, type.cast(service));
        return new SeededPluginContext(schema, seed, scope, metrics, copy);
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
        return new SplittableRandom(derive(seed, scope + "#" + stream));
    }

    @Override
    public MetricsSink metrics() {
        return metrics;
    }

    @Override
    public <S> Optional<S> service(Class<S> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    /** A seed derived from {@code seed} and {@code label} (FNV-1a over the label, then SplitMix64 finalisation). */
    public static long derive(long seed, String label) {
        long h = 0xcbf29ce484222325L;
        for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        long z = seed ^ h;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
