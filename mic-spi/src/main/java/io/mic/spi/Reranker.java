package io.mic.spi;

/**
 * Orders merged candidates (with channel provenance) into the final top {@code query.n()}.
 *
 * <p>Contract: writes at most {@code query.n()} candidates into {@code out} in rank order (best
 * first) with their final score in {@link Candidates#score}, keeps provenance, never emits an item
 * in {@code query.exclude()}, does not mutate {@code candidates}' items or provenance.
 * Thread-safe: one instance serves concurrent requests; per-call scratch lives in the arguments
 * or in thread-confined buffers.
 */
public interface Reranker {

    /** Clears {@code out} and fills it with the ranked top-n. */
    void rerank(Query query, Candidates candidates, Candidates out);
}
