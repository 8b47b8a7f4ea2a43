package io.mic.testkit.reference;

import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.NeighborStore;
import io.mic.spi.NeighborStoreFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.testkit.ServingTables;
import io.mic.testkit.TestingNeighborStore;

/** Reference store for the kit's own tests: serves the {@link ServingTables} the host provides as a service. */
public final class TablesStoreFactory implements NeighborStoreFactory {
    @Override
    public String name() {
        return "kit-ref-tables";
    }

    @Override
    public String description() {
        return "serves host-provided tables (mic-testkit reference)";
    }

    @Override
    public NeighborStore create(PluginConfig config, PluginContext context) {
        ServingTables tables = SeededPluginContext.engineResource(context, ServingTables.class)
                .orElseThrow(() -> config.error("", "the host provides no ServingTables service"));
        return new TestingNeighborStore(tables);
    }
}
