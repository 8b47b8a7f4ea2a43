package io.mic.core.baseline;

import io.mic.spi.MetricsSink;
import io.mic.spi.ModelComponents;
import io.mic.spi.ModelContext;
import io.mic.spi.Schema;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A minimal host context for creating models in tests: no components, no training data. */
final class TestPluginContext implements ModelContext {
    private final Schema schema;
    private final long seed;

    TestPluginContext(Schema schema, long seed) {
        this.schema = schema;
        this.seed = seed;
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
        return MetricsSink.NOOP;
    }

    @Override
    public ModelComponents components() {
        return ModelComponents.none();
    }
}
