package io.mic.spi;

import java.util.Optional;

/**
 * What the host gives a {@link RerankerFactory} at serving time: the item catalog and the trained
 * item vectors (for similarity-based diversity). Each is empty when the host has none; a reranker
 * that needs one should fail in {@code create} naming it.
 */
public interface RerankerContext extends PluginContext {

    /** Item attributes (categories). */
    default Optional<ItemCatalog> catalog() {
        return Optional.empty();
    }

    /** Every item's vector (row = internal item id). */
    default Optional<Vectors> itemVectors() {
        return Optional.empty();
    }
}
