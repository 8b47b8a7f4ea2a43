package io.mic.spi;

/**
 * One recall channel (U2I, I2I, U2U, multi-interest U2I...): adds its candidates for a query to a
 * shared {@link Candidates} buffer under its channel number, which the host assigns.
 *
 * <p>Contract: adds at most {@link #quota()} distinct items, never an item in
 * {@code query.exclude()}; thread-safe. May throw
 * {@link NeighborStore.StoreUnavailableException}; the host then serves the other channels.
 *
 * <p>Lifecycle: the host creates a channel when it starts serving and calls {@link #close()} once when it shuts
 * down, after the last {@link #retrieve}; a channel that holds something (a loaded model, a connection, a thread)
 * releases it there.
 */
public interface RetrievalChannel {

    /** Short label used in provenance output ({@code u2i}, {@code i2i}, {@code u2u}). */
    String label();

    /** Maximum number of candidates this channel contributes. */
    int quota();

    /** Adds candidates for {@code query} to {@code out} under {@code channel}. */
    void retrieve(Query query, int channel, Candidates out);

    /**
     * Releases what this channel holds; called once by the host at shutdown, after the last {@link #retrieve} (the
     * host's own shared services, such as the store or the index it handed in the context, are the host's to close,
     * not the channel's). An exception thrown here is logged by the host, which goes on closing the other channels.
     * Default: nothing to release.
     */
    default void close() {
    }
}
