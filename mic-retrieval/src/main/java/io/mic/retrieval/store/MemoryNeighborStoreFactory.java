package io.mic.retrieval.store;

import io.mic.core.registry.SeededPluginContext;
import io.mic.retrieval.table.NeighborTables;
import io.mic.spi.NeighborStore;
import io.mic.spi.NeighborStoreFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code memory}: the embedded {@link MemoryNeighborStore}.
 *
 * <p>Parameters: {@code path} (the tables root written by the batch job, or one version directory;
 * when absent the host must provide a {@link NeighborTables} service); {@code mmap} ({@code auto}
 * maps files above {@code mmap-threshold-mb}, {@code true} maps all, {@code false} none; default
 * {@code auto}); {@code mmap-threshold-mb} (default 256); {@code verify} (check SHA-256 of every
 * file before serving, default true).
 */
public final class MemoryNeighborStoreFactory implements NeighborStoreFactory {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String description() {
        return "embedded neighbour/history tables from the batch job's artifacts (heap or memory-mapped)";
    }

    @Override
    public NeighborStore create(PluginConfig config, PluginContext context) {
        String path = config.getString("path", null);
        String mmap = config.getChoice("mmap", "auto", "auto", "true", "false");
        long thresholdMb = config.getLong("mmap-threshold-mb", 256, 0, Long.MAX_VALUE >> 20);
        boolean verify = config.getBoolean("verify", true);
        if (path == null) {
            NeighborTables t = SeededPluginContext.engineResource(context, NeighborTables.class).orElseThrow(() -> config.error("path",
                    "required parameter is missing and the host provides no " + NeighborTables.class.getName() + " service"));
            return new MemoryNeighborStore(t);
        }
        long mapAbove = switch (mmap) {
            case "true" -> -1L;
            case "false" -> Long.MAX_VALUE;
            default -> thresholdMb << 20;
        };
        try {
            return new MemoryNeighborStore(Path.of(path), mapAbove, verify);
        } catch (IOException e) {
            var ex = config.error("path", "cannot open the tables at " + path + ": " + e.getMessage());
            ex.initCause(e);
            throw ex;
        }
    }
}
