package io.mic.models.tf.layers;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Position-wise feed-forward network {@code FFN(x) = act(x W1 + b1) W2 + b2}, applied to each
 * position of {@code [B, L, d]} (or each row of {@code [N, d]}) independently. Parameters
 * {@code <name>/w1 [d, hidden]}, {@code <name>/b1}, {@code <name>/w2 [hidden, d]}, {@code <name>/b2}.
 */
public final class FeedForward {
    private final int dim;
    private final int hidden;
    private final Activation activation;
    private final DenseParam w1;
    private final DenseParam b1;
    private final DenseParam w2;
    private final DenseParam b2;

    public FeedForward(String name, int dim, int hidden, Activation activation, Optimizer optimizer, long seed) {
        if (dim <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("feed-forward '" + name + "': dim and hidden must be > 0, got " + dim + ", " + hidden);
        }
        this.dim = dim;
        this.hidden = hidden;
        this.activation = activation;
        this.w1 = DenseParam.create(name + "/w1", optimizer, Initializer.glorotUniform(dim, hidden), seed, dim, hidden);
        this.b1 = DenseParam.create(name + "/b1", optimizer, Initializer.zeros(), seed, hidden);
        this.w2 = DenseParam.create(name + "/w2", optimizer, Initializer.glorotUniform(hidden, dim), seed, hidden, dim);
        this.b2 = DenseParam.create(name + "/b2", optimizer, Initializer.zeros(), seed, dim);
    }

    /** {@code FFN(x)}, no residual, no dropout. */
    public <T extends TFloating> Operand<T> transform(Ops tf, Params<T> params, Operand<T> x) {
        Operand<T> h = Layers.dense(tf, x, params.get(w1), params.get(b1), activation);
        return Layers.dense(tf, h, params.get(w2), params.get(b2), Activation.IDENTITY);
    }

    /** The residual form {@code x + dropout(FFN(x))}. */
    public <T extends TFloating> Operand<T> apply(Ops tf, Params<T> params, Operand<T> x, Dropout dropout, double rate) {
        return tf.math.add(x, dropout.apply(tf, transform(tf, params, x), rate));
    }

    public int dim() {
        return dim;
    }

    public int hidden() {
        return hidden;
    }

    public Activation activation() {
        return activation;
    }

    /** {@code w1, b1, w2, b2}. */
    public List<DenseParam> params() {
        return List.of(w1, b1, w2, b2);
    }
}
