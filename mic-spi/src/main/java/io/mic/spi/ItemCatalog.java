package io.mic.spi;

/**
 * Item attributes a serving-time plugin may need (a reranker's diversity term). Provided by the
 * host through {@link RerankerContext#catalog()} and {@link RetrievalChannelContext#catalog()}. Immutable and thread-safe.
 */
public interface ItemCatalog {

    int numItems();

    /** Primary category of {@code item}, or {@link Column#MISSING}. */
    int category(int item);
}
