package io.mic.models.tf.layers;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.ops.Layers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.family.TFloating;

/**
 * Layer normalisation over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta},
 * with the biased variance (as PyTorch's {@code nn.LayerNorm}); {@code gamma} starts at 1 and
 * {@code beta} at 0. Parameters {@code <name>/gamma} and {@code <name>/beta}, shape {@code [d]}.
 */
public final class LayerNorm {
    /** PyTorch's default epsilon. */
    public static final double DEFAULT_EPS = 1e-5;
    private final DenseParam gamma;
    private final DenseParam beta;
    private final double eps;
    private final int dim;

    public LayerNorm(String name, int dim, double eps, Optimizer optimizer, long seed) {
        if (dim <= 0 || !(eps > 0)) {
            throw new IllegalArgumentException("layer norm '" + name + "': dim must be > 0 and eps > 0, got " + dim + ", " + eps);
        }
        this.dim = dim;
        this.eps = eps;
        this.gamma = DenseParam.create(name + "/gamma", optimizer, new Initializer.Constant(1.0), seed, dim);
        this.beta = DenseParam.create(name + "/beta", optimizer, Initializer.zeros(), seed, dim);
    }

    public LayerNorm(String name, int dim, Optimizer optimizer, long seed) {
        this(name, dim, DEFAULT_EPS, optimizer, seed);
    }

    /** Normalises {@code x [..., d]}. */
    public <T extends TFloating> Operand<T> apply(Ops tf, Params<T> params, Operand<T> x) {
        Operand<T> mean = tf.math.mean(x, tf.constant(-1), Mean.keepDims(true));
        Operand<T> centered = tf.math.sub(x, mean);
        Operand<T> var = tf.math.mean(tf.math.square(centered), tf.constant(-1), Mean.keepDims(true));
        Operand<T> normed = tf.math.mul(centered, tf.math.rsqrt(tf.math.add(var, Layers.scalar(tf, eps, x))));
        return tf.math.add(tf.math.mul(normed, params.get(gamma)), params.get(beta));
    }

    public int dim() {
        return dim;
    }

    public double eps() {
        return eps;
    }

    /** {@code gamma}, {@code beta}. */
    public List<DenseParam> params() {
        return List.of(gamma, beta);
    }
}
