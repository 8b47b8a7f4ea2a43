package io.mic.models.tf.layers;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Learned absolute positional embeddings: {@code x[b, l] + P[l]} for a trainable
 * {@code P [maxLength, d]} ({@code <name>/table}, Normal(0, 0.02) as BERT). Position 0 is the first
 * position of the padded sequence; a sequence longer than {@code maxLength} fails the run (TF's
 * Slice bounds check).
 */
public final class PositionalEmbedding {
    private final int maxLength;
    private final int dim;
    private final DenseParam table;

    public PositionalEmbedding(String name, int maxLength, int dim, Optimizer optimizer, long seed) {
        if (maxLength <= 0 || dim <= 0) {
            throw new IllegalArgumentException("positional embedding '" + name + "': maxLength and dim must be > 0, got " + maxLength + ", " + dim);
        }
        this.maxLength = maxLength;
        this.dim = dim;
        this.table = DenseParam.create(name + "/table", optimizer, new Initializer.Normal(0.02), seed, maxLength, dim);
    }

    /** The first {@code L} rows {@code [L, d]} for {@code x [B, L, d]}. */
    public <T extends TFloating> Operand<T> positions(Ops tf, Params<T> params, Operand<T> x) {
        Operand<TInt32> len = tf.slice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {1}));
        Operand<TInt32> size = tf.concat(List.of(len, tf.constant(new int[] {dim})), tf.constant(0));
        return tf.slice(params.get(table), tf.constant(new int[] {0, 0}), size);
    }

    /** {@code x [B, L, d] + P[0..L)}. */
    public <T extends TFloating> Operand<T> apply(Ops tf, Params<T> params, Operand<T> x) {
        return tf.math.add(x, positions(tf, params, x));
    }

    public int maxLength() {
        return maxLength;
    }

    public int dim() {
        return dim;
    }

    /** The table {@code [maxLength, d]}. */
    public List<DenseParam> params() {
        return List.of(table);
    }
}
