package io.mic.models.tf.tower;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.spi.Encoder;
import io.mic.spi.Trainable;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow side of a two-tower {@link Encoder}: it can add its user tower and its item tower
 * to any training graph, as many times as a loss needs (original view, augmented view, sampled
 * positives and negatives), every instance reading the same Java-held parameters. Models train
 * any encoder through this interface ({@code two-tower} and {@code mic} in mic-model-mic), which is
 * what makes the MIC objective model-agnostic.
 *
 * <p>Lifecycle: the factory creates the encoder from the schema; {@link #prepare} creates its
 * parameters with the optimizer the trainer settings name (idempotent for the same optimizer);
 * then towers are built into graphs, trained, and {@link #encodeUsers}/{@link #encodeItems} run
 * inference. {@link #loadCheckpoint} prepares the encoder itself with the checkpoint's optimizer.
 *
 * <p>Threading: building towers and training are single-threaded; inference is thread-safe once
 * training has finished (see {@link Encoder}).
 */
public interface TowerEncoder extends Encoder, Trainable {

    /** The plugin name ({@code dssm}, {@code youtube-dnn}, {@code mf-bpr}). */
    String name();

    /** Creates the parameters (tables and dense weights) with {@code optimizer}; a second call with another optimizer fails. */
    void prepare(Optimizer optimizer);

    /** Longest user history the user tower reads (0: it reads none). */
    int historyLength();

    /** Recent interacting users the item tower reads per item (0: none). */
    int recentUsers();

    /** Whether tower outputs are L2-normalised (scores are cosines). */
    boolean normalized();

    /**
     * Adds one instance of the user tower to {@code gb}'s graph; its lookups and inputs are named
     * under {@code scope} (unique per graph). With {@code dropout} the concatenated input
     * embeddings are multiplied by a fed mask (embedding dropout, for augmented views).
     */
    Tower userTower(GraphBuilder gb, String scope, boolean dropout);

    /** Adds one instance of the item tower; see {@link #userTower}. */
    Tower itemTower(GraphBuilder gb, String scope, boolean dropout);

    /**
     * A loss term the encoder itself adds to a training graph, over the batch's users and positive items as two of
     * its towers in {@code gb} read them ({@code users}, {@code items}: the instances the host's main term scores);
     * the host adds it to its loss with weight 1 (the encoder carries its own weight). Empty (the default) for
     * encoders whose training is entirely the host's loss; {@code xsimgcl} returns its cross-layer contrastive term.
     * Call it at most once per graph, after building {@code users} and {@code items}.
     */
    default Optional<Operand<TFloat32>> auxiliaryLoss(GraphBuilder gb, Tower users, Tower items) {
        return Optional.empty();
    }

    /** Embedding tables, in a stable order (after {@link #prepare}). */
    List<EmbeddingTable> tables();

    /** Dense parameters, in a stable order (after {@link #prepare}). */
    List<DenseParam> params();
}
