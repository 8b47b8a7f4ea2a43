package io.mic.augment;

import io.mic.spi.ComponentContext;
import io.mic.spi.MetricsSink;
import io.mic.spi.Schema;
import io.mic.spi.TrainingData;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A minimal host context for tests: schema, seed, per-stream generators, a metrics sink and the training data. */
final class TestContext implements ComponentContext {
    private final Schema schema;
    private final long seed;
    private final MetricsSink metrics;
    private final TrainingData data;

    private TestContext(Schema schema, long seed, MetricsSink metrics, TrainingData data) {
        this.schema = schema;
        this.seed = seed;
        this.metrics = metrics;
        this.data = data;
    }

    static TestContext of(Schema schema) {
        return new TestContext(schema, 42L, MetricsSink.NOOP, null);
    }

    TestContext withData(TrainingData d) {
        return new TestContext(schema, seed, metrics, d);
    }

    TestContext withMetrics(MetricsSink sink) {
        return new TestContext(schema, seed, sink, data);
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
    public Optional<TrainingData> trainingData() {
        return Optional.ofNullable(data);
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
