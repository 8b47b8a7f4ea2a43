package io.mic.spi;

/**
 * Read-only user-item interactions grouped by user (CSR): user {@code u} owns positions
 * {@code start(u) .. end(u)} of {@link #items()} (and of {@link #timestamps()}/{@link #ratings()} when
 * present). Within a user, interactions are in time order (oldest first) when timestamps exist,
 * otherwise in source order. Internal ids: users {@code 0 .. numUsers)}, items {@code 0 .. numItems)}.
 *
 * <p>The arrays belong to the host: read them, never write them. Thread-safe for reading.
 */
public interface Interactions {

    /** Number of users (rows), active or not. */
    int numUsers();

    /** Number of items (the id space, not only the items that occur). */
    int numItems();

    /** Number of stored interactions. */
    int nnz();

    /** First position of {@code user}'s interactions. */
    int start(int user);

    /** One past the last position of {@code user}'s interactions. */
    int end(int user);

    /** Number of {@code user}'s interactions. */
    int count(int user);

    /** CSR offsets, {@code numUsers + 1} entries (read-only). */
    int[] offsets();

    /** Item ids, {@link #nnz()} entries (read-only). */
    int[] items();

    /** Ratings aligned with {@link #items()}, or null when the data has none (read-only). */
    float[] ratings();

    /** Timestamps aligned with {@link #items()}, or null when the data has none (read-only). */
    long[] timestamps();

    /** A copy of {@code user}'s items in stored order. */
    int[] itemsOf(int user);
}
