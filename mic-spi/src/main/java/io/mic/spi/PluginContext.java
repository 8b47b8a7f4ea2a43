package io.mic.spi;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What the host gives every plugin at creation. This interface only grows by default methods so
 * plugins compiled against an older SPI keep working.
 *
 * <p>Implementations are immutable and thread-safe; {@link #random(String)} returns a new
 * generator per call.
 */
public interface PluginContext {

    /** Current SPI version; bumped when a method is added here or to a behaviour interface. */
    int SPI_VERSION = 1;

    /** Schema of the dataset the plugin works on (sizes, user and item fields). */
    Schema schema();

    /** The run's root seed; every random choice must flow from it. */
    long seed();

    /**
     * A new generator seeded deterministically from the run seed, the plugin and {@code stream},
     * so two plugins (or two streams of one plugin) never share a sequence, and a rerun with the
     * same seed makes the same choices.
     */
    RandomGenerator random(String stream);

    /** Metrics sink for counters and timings. Never null. */
    MetricsSink metrics();

    /** The SPI version the host implements; a plugin may refuse to run on an older host. */
    default int spiVersion() {
        return SPI_VERSION;
    }

    /**
     * A host-provided service by type (the item catalog, a vector index, a neighbour store),
     * or empty when the host has none. Plugins that need one should fail in {@code create} with a
     * message naming the missing service.
     */
    default <S> Optional<S> service(Class<S> type) {
        return Optional.empty();
    }
}
