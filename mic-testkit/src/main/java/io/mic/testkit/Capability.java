package io.mic.testkit;

/**
 * A behaviour that a contract test checks and that an SPI contract may let an implementation lack.
 *
 * <p>A plugin's test declares what its plugin does not do by overriding
 * {@link PluginContractTest#unsupported()}. The kit then skips exactly the checks that need the
 * capability; JUnit reports them as skipped, with the reason. Declaring a capability that the
 * SPI's contract makes mandatory is itself a failure
 * ({@link PluginContractTest#declaresOnlyCapabilitiesTheContractMakesOptional()}): a host relies on
 * it, so no test may switch it off.
 *
 * <p>Each kit's class Javadoc lists which capabilities it treats as optional.
 */
public enum Capability {

    /**
     * The same config, seed and input give bit-identical output, including what happens at
     * creation, {@code fit} or {@code build}. Mandatory for augmenters and samplers (their
     * contracts say so); optional for models (a GPU fit may not be reproducible), encoders
     * (creation), vector indexes (a parallel graph build), rerankers and retrieval channels.
     */
    DETERMINISTIC,

    /**
     * The output depends on the generator passed in: different seeds give different output.
     * Augmenters and samplers that apply a fixed transformation declare it unsupported.
     */
    RANDOMIZED,

    /**
     * One instance serves concurrent calls and returns what sequential calls return. Every SPI
     * whose contract says "thread-safe" requires it (augmenters, encoder inference, model scoring,
     * index search, neighbour stores, channels, rerankers): the host calls them from many threads,
     * so it is never optional today. It is listed so checks can name it, and so that a future SPI
     * can make it optional.
     */
    THREAD_SAFE,

    /**
     * A {@link io.mic.spi.VectorIndex} returns the true top k with the true scores (brute
     * force). Without it the kit checks recall against
     * {@link VectorIndexContractTest#minimumRecall()} instead.
     */
    EXACT,

    /**
     * {@link io.mic.spi.VectorIndex#save} writes the built index. Without it the kit checks
     * that {@code save} refuses with {@link UnsupportedOperationException}, as the SPI's default
     * does, rather than silently writing nothing.
     */
    SAVE
}
