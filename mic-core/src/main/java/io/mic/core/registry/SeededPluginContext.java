package io.mic.core.registry;

import io.mic.spi.ComponentContext;
import io.mic.spi.ItemCatalog;
import io.mic.spi.MetricsSink;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.NeighborStore;
import io.mic.spi.PluginContext;
import io.mic.spi.Progress;
import io.mic.spi.RerankerContext;
import io.mic.spi.RetrievalChannelContext;
import io.mic.spi.Schema;
import io.mic.spi.TrainingData;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The host's context, one class for every extension point's typed context ({@link ModelContext},
 * {@link ComponentContext}, {@link RetrievalChannelContext}, {@link RerankerContext}): schema, run seed,
 * metrics, and what the host has at hand, set by the {@code with...} methods. Random streams are derived
 * from (seed, scope, stream) with a 64-bit hash, so each plugin instance and each of its streams gets its
 * own reproducible sequence. Immutable and thread-safe.
 *
 * <p>{@link #withEngineResource}/{@link #engineResource} pass engine-internal objects (the serving tables)
 * between the engine and its own built-in plugins; they are not part of the SPI, and third-party plugins
 * never see them.
 */
public final class SeededPluginContext implements ModelContext, ComponentContext, RetrievalChannelContext, RerankerContext {
    private final Schema schema;
    private final long seed;
    private final String scope;
    private final MetricsSink metrics;
    private final Parts parts;

    /** What the host has at hand; null fields are absent. */
    private record Parts(ModelComponents components, TrainingData data, Progress progress, VectorIndex itemIndex,
            NeighborStore store, ItemCatalog catalog, Vectors userVectors, Vectors itemVectors, Map<Class<?>, Object> engine) {
        static final Parts NONE = new Parts(null, null, null, null, null, null, null, null, Map.of());
    }

    private SeededPluginContext(Schema schema, long seed, String scope, MetricsSink metrics, Parts parts) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.seed = seed;
        this.scope = scope;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.parts = parts;
    }

    public static SeededPluginContext of(Schema schema, long seed, MetricsSink metrics) {
        return new SeededPluginContext(schema, seed, "", metrics, Parts.NONE);
    }

    /** The same context for one plugin instance: its random streams differ from every other scope's. */
    public SeededPluginContext scoped(String scopeName) {
        return new SeededPluginContext(schema, seed, scope.isEmpty() ? scopeName : scope + "/" + scopeName, metrics, parts);
    }

    private SeededPluginContext with(Parts p) {
        return new SeededPluginContext(schema, seed, scope, metrics, p);
    }

    /** With the parts a model is assembled from ({@link ModelContext#components()}). */
    public SeededPluginContext withComponents(ModelComponents c) {
        Parts p = parts;
        return with(new Parts(c, p.data, p.progress, p.itemIndex, p.store, p.catalog, p.userVectors, p.itemVectors, p.engine));
    }

    /** With the data the model will be fit on ({@link ModelContext#trainingData()}, {@link ComponentContext#trainingData()}). */
    public SeededPluginContext withTrainingData(TrainingData d) {
        Parts p = parts;
        return with(new Parts(p.components, d, p.progress, p.itemIndex, p.store, p.catalog, p.userVectors, p.itemVectors, p.engine));
    }

    /** With a progress reporter ({@link ModelContext#progress()}). */
    public SeededPluginContext withProgress(Progress pr) {
        Parts p = parts;
        return with(new Parts(p.components, p.data, pr, p.itemIndex, p.store, p.catalog, p.userVectors, p.itemVectors, p.engine));
    }

    /** With the index over the item vectors ({@link RetrievalChannelContext#itemIndex()}). */
    public SeededPluginContext withItemIndex(VectorIndex itemIndex) {
        Parts p = parts;
        return with(new Parts(p.components, p.data, p.progress, itemIndex, p.store, p.catalog, p.userVectors, p.itemVectors, p.engine));
    }

    /** With the neighbour/history store ({@link RetrievalChannelContext#neighborStore()}). */
    public SeededPluginContext withNeighborStore(NeighborStore store) {
        Parts p = parts;
        return with(new Parts(p.components, p.data, p.progress, p.itemIndex, store, p.catalog, p.userVectors, p.itemVectors, p.engine));
    }

    /** With the item catalog ({@link RerankerContext#catalog()}, {@link RetrievalChannelContext#catalog()}). */
    public SeededPluginContext withCatalog(ItemCatalog catalog) {
        Parts p = parts;
        return with(new Parts(p.components, p.data, p.progress, p.itemIndex, p.store, catalog, p.userVectors, p.itemVectors, p.engine));
    }

    /** With every user's trained vectors ({@link RetrievalChannelContext#userVectors()}). */
    public SeededPluginContext withUserVectors(Vectors users) {
        Parts p = parts;
        return with(new Parts(p.components, p.data, p.progress, p.itemIndex, p.store, p.catalog, users, p.itemVectors, p.engine));
    }

    /** With every item's trained vector ({@link RerankerContext#itemVectors()}, {@link RetrievalChannelContext#itemVectors()}). */
    public SeededPluginContext withItemVectors(Vectors items) {
        Parts p = parts;
        return with(new Parts(p.components, p.data, p.progress, p.itemIndex, p.store, p.catalog, p.userVectors, items, p.engine));
    }

    /** With an engine-internal object for the engine's own plugins (not part of the SPI). */
    public <S> SeededPluginContext withEngineResource(Class<S> type, S value) {
        Map<Class<?>, Object> copy = new HashMap<>(parts.engine);
        copy.put(type, type.cast(value));
        Parts p = parts;
        return with(new Parts(p.components, p.data, p.progress, p.itemIndex, p.store, p.catalog, p.userVectors, p.itemVectors,
                Map.copyOf(copy)));
    }

    /**
     * The engine-internal object of {@code type} that {@code context} carries, when it is the engine's
     * own context; empty for any other context (a test's, another host's).
     */
    public static <S> Optional<S> engineResource(Object context, Class<S> type) {
        return context instanceof SeededPluginContext c ? Optional.ofNullable(type.cast(c.parts.engine.get(type))) : Optional.empty();
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
    public ModelComponents components() {
        return parts.components == null ? ModelComponents.none() : parts.components;
    }

    @Override
    public Optional<TrainingData> trainingData() {
        return Optional.ofNullable(parts.data);
    }

    @Override
    public Progress progress() {
        return parts.progress == null ? Progress.NOOP : parts.progress;
    }

    @Override
    public Optional<VectorIndex> itemIndex() {
        return Optional.ofNullable(parts.itemIndex);
    }

    @Override
    public Optional<NeighborStore> neighborStore() {
        return Optional.ofNullable(parts.store);
    }

    @Override
    public Optional<ItemCatalog> catalog() {
        return Optional.ofNullable(parts.catalog);
    }

    @Override
    public Optional<Vectors> userVectors() {
        return Optional.ofNullable(parts.userVectors);
    }

    @Override
    public Optional<Vectors> itemVectors() {
        return Optional.ofNullable(parts.itemVectors);
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
