package io.mic.rerank;

import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.Candidates;
import io.mic.spi.ItemCatalog;
import io.mic.spi.MetricsSink;
import io.mic.spi.Schema;
import java.util.Map;

/** Shared fixtures. */
final class RerankTestSupport {
    private RerankTestSupport() {
    }

    static SeededPluginContext context() {
        return SeededPluginContext.of(Schema.of(10, 20), 3, MetricsSink.NOOP);
    }

    /** A catalog from a map of item to category (others: missing). */
    static ItemCatalog catalog(Map<Integer, Integer> categories) {
        return new ItemCatalog() {
            @Override
            public int numItems() {
                return 20;
            }

            @Override
            public int category(int item) {
                return categories.getOrDefault(item, -1);
            }
        };
    }

    /** Allocated bytes of the current thread (HotSpot). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    static Candidates of(float[][] rows) {
        // each row: item, channel, score
        Candidates c = new Candidates(4);
        for (float[] r : rows) {
            c.add((int) r[0], (int) r[1], r[2]);
        }
        return c;
    }
}
