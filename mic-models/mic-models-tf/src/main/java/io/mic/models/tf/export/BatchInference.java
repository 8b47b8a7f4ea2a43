package io.mic.models.tf.export;

import io.mic.core.io.EmbeddingExport;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.StepGraph;
import java.io.IOException;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Batch inference of every entity's vectors through a forward graph, streamed into an
 * {@link EmbeddingExport} set: the offline step that produces the user and item vectors
 * retrieval indexes are built from.
 *
 * <pre>{@code
 * try (EmbeddingExport.Writer w = EmbeddingExport.writer(dir, "mic-dssm", run)) {
 *     try (EmbeddingExport.SetWriter items = w.begin("items", itemIds, d, 1)) {
 *         BatchInference.run(forward, itemVector, itemIds.size(), 1024,
 *                 (f, from, to) -> f.ids(itemLookup, range(from, to)).ids(genres, genreIds(from, to), to - from, maxGenres),
 *                 items);
 *     }
 *     w.commit();
 * }
 * }</pre>
 *
 * <p>Memory stays at one batch: each batch's output is appended to the file before the next
 * runs. Threading: the caller's thread; the graph's parameters must not change meanwhile.
 */
public final class BatchInference {
    private BatchInference() {
    }

    /** Sets a batch's inputs for entities {@code [from, to)} on cleared feeds. */
    @FunctionalInterface
    public interface BatchFeeder {
        void feed(Feeds feeds, int from, int to);
    }

    /**
     * Runs {@code output} ({@code [B, d]}, or {@code [B, K, d]} for K interests) for entities
     * {@code 0 .. entities-1} in batches of {@code batchSize} and appends the rows to {@code sink}
     * in entity order.
     *
     * @throws IllegalStateException when a batch's output does not have {@code (to - from) x
     *                               interests x dim} values of the sink
     */
    public static void run(StepGraph graph, Operand<TFloat32> output, int entities, int batchSize, BatchFeeder feeder,
            EmbeddingExport.SetWriter sink) throws IOException {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size " + batchSize);
        }
        long perEntity = (long) sink.interests() * sink.dim();
        if ((long) entities * sink.interests() != sink.expectedRows() - sink.rows()) {
            throw new IllegalArgumentException(entities + " entities x " + sink.interests() + " interests, but the set expects "
                    + (sink.expectedRows() - sink.rows()) + " more rows");
        }
        Feeds f = graph.newFeeds();
        for (int from = 0; from < entities; from += batchSize) {
            int to = Math.min(entities, from + batchSize);
            f.clear();
            feeder.feed(f, from, to);
            float[] out = graph.forward(f, output)[0];
            if (out.length != (to - from) * perEntity) {
                throw new IllegalStateException("entities [" + from + ", " + to + "): the graph returned " + out.length + " values, expected "
                        + (to - from) + " x " + sink.interests() + " x " + sink.dim());
            }
            sink.append(out, 0, (to - from) * sink.interests());
        }
    }
}
