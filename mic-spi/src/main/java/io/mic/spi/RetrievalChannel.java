package io.mic.spi;

/**
 * One recall channel (U2I, I2I, U2U, multi-interest U2I...): adds its candidates for a query to a
 * shared {@link Candidates} buffer under its channel number, which the host assigns.
 *
 * <p>Contract: adds at most {@link #quota()} distinct items, never an item in
 * {@code query.exclude()}; thread-safe. May throw
 * {@link NeighborStore.StoreUnavailableException}; the host then serves the other channels.
 */
public interface RetrievalChannel {

    /** Short label used in provenance output ({@code u2i}, {@code i2i}, {@code u2u}). */
    String label();

    /** Maximum number of candidates this channel contributes. */
    int quota();

    /** Adds candidates for {@code query} to {@code out} under {@code channel}. */
    void retrieve(Query query, int channel, Candidates out);
}
