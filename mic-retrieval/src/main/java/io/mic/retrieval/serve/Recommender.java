package io.mic.retrieval.serve;

import java.util.List;

/**
 * Top-N recommendations for one user from the serving path: recall channels (U2I from the local
 * item index, I2I and U2U through the neighbour store) merged with provenance, reranked, seen
 * items excluded.
 *
 * <p>Threading: one instance serves any number of concurrent callers. Degradation: when the
 * neighbour store is unreachable or slower than the configured timeout, a call answers with the
 * channels that did answer and sets {@link Recommendation#degraded()}; it never throws because of
 * the store. One warning is logged per outage and one line when it ends; calls recover by
 * themselves when the store returns. Built by {@link RecommenderModule} (Guice) or
 * {@link Recommenders#open}.
 */
public interface Recommender extends AutoCloseable {

    /**
     * The top {@code n} items for the user with external id {@code userId}.
     *
     * @throws UnknownUserException when the artifacts know no such user
     * @throws IllegalArgumentException when {@code n} is not in {@code [1, maxN]}
     */
    Recommendation recommend(String userId, int n);

    /** The same for an internal user id ({@code 0 .. numUsers-1}). */
    Recommendation recommend(int user, int n);

    /** Channel labels in channel-number order. */
    List<String> channels();

    int numUsers();

    int numItems();

    /**
     * What keeps this recommender from giving full answers right now (a store unreachable, its
     * tables lost or being reloaded), one line each; empty when healthy. May do one round trip to
     * the store. {@code GET /health} answers 503 while this is not empty.
     */
    default List<String> problems() {
        return List.of();
    }

    /** Releases the store connections and threads. */
    @Override
    void close();

    /** No user with this id in the serving artifacts. */
    final class UnknownUserException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UnknownUserException(String message) {
            super(message);
        }
    }
}
