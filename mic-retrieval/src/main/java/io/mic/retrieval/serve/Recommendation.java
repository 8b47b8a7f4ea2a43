package io.mic.retrieval.serve;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@link Recommender#recommend}: ranked items, best first.
 *
 * @param user        the user's external id
 * @param items       at most {@code n} items in rank order
 * @param degraded    true when a channel could not answer (store down or slower than the timeout)
 *                    and the items come from the others
 * @param unavailable labels of the channels that did not answer
 */
public record Recommendation(String user, List<Item> items, boolean degraded, List<String> unavailable) {
    public Recommendation {
        items = List.copyOf(items);
        unavailable = List.copyOf(unavailable);
    }

    /**
     * One recommended item.
     *
     * @param id       external item id
     * @param index    internal item id
     * @param score    the reranker's final score
     * @param channels provenance: label of every channel that recalled the item → that channel's own score
     *                 (in channel order)
     */
    public record Item(String id, int index, float score, Map<String, Float> channels) {
    }
}
