package io.mic.spi;

/**
 * Serving-time tables: each user's recent items, each user's similar users, each item's similar
 * items (built offline by the batch job from one model's vectors).
 *
 * <p>Thread-safe; calls may block on I/O (a remote store) and throw {@link StoreUnavailableException}
 * when the backend cannot answer, so callers can degrade instead of failing.
 */
public interface NeighborStore extends AutoCloseable {

    /** Which neighbour table. */
    enum Table { USER_USER, ITEM_ITEM }

    /** Up to {@code limit} neighbours of {@code id}, best first; empty when unknown. */
    Neighbors neighbors(Table table, int id, int limit);

    /** Up to {@code limit} most recent items of {@code user}, most recent first; empty when unknown. */
    int[] recentItems(int user, int limit);

    @Override
    default void close() {
    }

    /** The backend could not answer (down, timed out). */
    final class StoreUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
