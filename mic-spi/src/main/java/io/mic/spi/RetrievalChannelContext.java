package io.mic.spi;

import java.util.Optional;

/**
 * What the host gives a {@link RetrievalChannelFactory} at serving time: the index over the item
 * vectors, the neighbour/history store, the item catalog, and the trained vectors, users and items
 * named as such. Each is empty when the host has none; a channel that needs one should fail in
 * {@code create} naming it.
 */
public interface RetrievalChannelContext extends PluginContext {

    /** The approximate-nearest-neighbour index over {@link #itemVectors()}. */
    default Optional<VectorIndex> itemIndex() {
        return Optional.empty();
    }

    /** The neighbour tables (i2i, u2u) and user histories. */
    default Optional<NeighborStore> neighborStore() {
        return Optional.empty();
    }

    /** Item attributes (categories). */
    default Optional<ItemCatalog> catalog() {
        return Optional.empty();
    }

    /** Every user's vectors (row = internal user id, {@code interests} rows per user). */
    default Optional<Vectors> userVectors() {
        return Optional.empty();
    }

    /** Every item's vector (row = internal item id). */
    default Optional<Vectors> itemVectors() {
        return Optional.empty();
    }
}
