package io.mic.spi;

import java.util.random.RandomGenerator;

/**
 * What the host gives every plugin at creation: the base of the typed contexts of the extension
 * points ({@link ModelContext}, {@link ComponentContext}, {@link RetrievalChannelContext},
 * {@link RerankerContext}); vector indexes, neighbour stores and item-feature sources get this base alone. This interface only grows by default methods so
 * plugins compiled against an older SPI keep working.
 *
 * <p>Implementations are immutable and thread-safe; {@link #random(String)} returns a new
 * generator per call.
 */
public interface PluginContext {

    /**
     * Current SPI version; bumped when a method is added here or to a behaviour interface. Version 2:
     * the SPI moved to {@code io.mic.spi} (module mic-spi) and the typed contexts replaced {@code service(Class)}.
     * Version 3: {@link Sampler#role()} and {@link RetrievalChannel#close()} (default methods: plugins built against
     * version 2 still load).
     */
    int SPI_VERSION = 3;

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
}
