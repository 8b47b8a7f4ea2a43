package io.mic.retrieval;

import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.MetricsSink;
import io.mic.spi.Schema;

/** Plugin contexts for tests. */
public final class TestContexts {
    private TestContexts() {
    }

    public static SeededPluginContext context(int users, int items) {
        return SeededPluginContext.of(Schema.of(users, items), 7, MetricsSink.NOOP);
    }
}
