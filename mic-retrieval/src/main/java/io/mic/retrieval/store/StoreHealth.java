package io.mic.retrieval.store;

/**
 * A neighbour store that can say whether it is able to answer right now, for health checks
 * ({@code GET /health} of {@code mic serve}). Implemented by stores whose state lives elsewhere
 * (Redis); a store without it is taken to be always healthy.
 */
public interface StoreHealth {
    /**
     * Why the store cannot answer now (unreachable, its tables lost, reloading), or null when it can.
     * May do one network round trip; thread-safe.
     */
    String problem();
}
