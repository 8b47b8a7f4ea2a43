package io.mic.spi;

/**
 * Optional interface of a fitted {@link Model} that knows its own similar items, for example from
 * an item graph (CRM-MAN's one-mode graph over shared knowledge-graph entities). When a model
 * implements it, {@code mic train} stores the lists in the run directory
 * ({@code neighbors/<label>.txt}, checksummed in the run manifest) and {@code mic index} builds
 * the serving I2I table (similar items, M3) from them instead of from vector kNN.
 *
 * <p>Models that do not implement it are served exactly as before.
 */
public interface ItemNeighborSource {

    /**
     * Each item's neighbours, best first.
     *
     * @param k the most neighbours to return per item ({@code >= 1})
     * @return one array per internal item id ({@code numItems} arrays), each with at most
     *         {@code k} distinct item ids in {@code [0, numItems)}, never the item itself; an empty
     *         array for an item without neighbours; or null when this fitted model has no
     *         lists after all (a configuration without its graph), which serves it from vector kNN
     */
    int[][] itemNeighbors(int k);
}
