package io.mic.models.tf.layers;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * One multi-head graph attention layer (GAT, Veličković et al., ICLR'18) over padded neighbour
 * lists, so a step touches only the sampled subgraph of its batch:
 * <pre>
 *   z_v = W_h x_v                                   (per head h)
 *   e_uv = LeakyReLU(a_self,h · z_u + a_nbr,h · z_v)   for v in N(u) (masked)
 *   α_uv = softmax_v(e_uv)
 *   out_u = act(concat_h Σ_v α_uv z_v)   or   act(mean_h Σ_v α_uv z_v)
 * </pre>
 * Rows of the output are the {@code targets}; each target's neighbour list should include the
 * target itself (the self loop of GAT), which also keeps a row from being all padding (an
 * all-padding row would average its padded neighbours uniformly).
 *
 * <p>Parameters: {@code <name>/w [in, heads * out]} (Glorot), {@code <name>/a_self} and
 * {@code <name>/a_nbr [heads, out]} (Glorot over {@code out x 1}). Built from ops with gradients
 * in TF Java 1.1.0 (GatherV2, Maximum for LeakyReLU, Softmax, Elu).
 */
public final class GraphAttention {
    /** LeakyReLU slope of the GAT paper. */
    public static final double DEFAULT_SLOPE = 0.2;

    private final String name;
    private final int heads;
    private final int out;
    private final boolean concat;
    private final Activation activation;
    private final DenseParam w;
    private final DenseParam aSelf;
    private final DenseParam aNbr;

    /**
     * @param in     input width
     * @param out    width per head
     * @param concat true: heads concatenated ({@code heads * out} wide output); false: averaged ({@code out})
     */
    public GraphAttention(String name, int in, int out, int heads, boolean concat, Activation activation, Optimizer optimizer, long seed) {
        if (in < 1 || out < 1 || heads < 1) {
            throw new IllegalArgumentException("GAT '" + name + "': in, out and heads must be >= 1, got " + in + ", " + out + ", " + heads);
        }
        this.name = name;
        this.heads = heads;
        this.out = out;
        this.concat = concat;
        this.activation = activation;
        this.w = DenseParam.create(name + "/w", optimizer, new Initializer.Uniform(Math.sqrt(6.0 / (in + out))), seed, in, (long) heads * out);
        Initializer a = new Initializer.Uniform(Math.sqrt(6.0 / (out + 1)));
        this.aSelf = DenseParam.create(name + "/a_self", optimizer, a, seed, heads, out);
        this.aNbr = DenseParam.create(name + "/a_nbr", optimizer, a, seed, heads, out);
    }

    /** Output width: {@code heads * out} when concatenating, else {@code out}. */
    public int outputDim() {
        return concat ? heads * out : out;
    }

    public List<DenseParam> params() {
        return List.of(w, aSelf, aNbr);
    }

    public String name() {
        return name;
    }

    /** {@link #apply(Ops, Operand, Operand, Operand, Operand, Operand, Operand, Operand, int, boolean, double, Activation)} with this layer's parameters. */
    public Operand<TFloat32> apply(GraphBuilder gb, Operand<TFloat32> x, Operand<TInt32> targets, Operand<TInt32> neighbours,
            Operand<TFloat32> mask) {
        return apply(gb.tf(), x, targets, neighbours, mask, gb.param(w), gb.param(aSelf), gb.param(aNbr), heads, concat, DEFAULT_SLOPE,
                activation);
    }

    /**
     * The layer as a function (float32 in models, float64 in gradient checks).
     *
     * @param x          {@code [N, in]} features of every node of the subgraph
     * @param targets    {@code [M]} rows of {@code x} to compute outputs for
     * @param neighbours {@code [M, K]} rows of {@code x}: each target's neighbours (padding: any valid row, mask 0)
     * @param mask       {@code [M, K]} 1 real neighbour, 0 padding
     * @param w          {@code [in, heads * out]}
     * @param aSelf      {@code [heads, out]}
     * @param aNbr       {@code [heads, out]}
     * @return {@code [M, heads * out]} (concat) or {@code [M, out]} (mean)
     */
    public static <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x, Operand<TInt32> targets, Operand<TInt32> neighbours,
            Operand<T> mask, Operand<T> w, Operand<T> aSelf, Operand<T> aNbr, int heads, boolean concat, double slope, Activation act) {
        long out = w.shape().get(1) / heads;
        Operand<T> z = tf.reshape(tf.linalg.matMul(x, w), tf.constant(new long[] {-1, heads, out}));       // [N, H, o]
        Operand<T> zt = Layers.gatherRows(tf, z, targets);                                                  // [M, H, o]
        Operand<T> eSelf = tf.reduceSum(tf.math.mul(zt, aSelf), tf.constant(-1));                           // [M, H]
        Operand<T> eAll = tf.reduceSum(tf.math.mul(z, aNbr), tf.constant(-1));                              // [N, H]
        Operand<T> e = tf.math.add(tf.expandDims(eSelf, tf.constant(1)), Layers.gatherRows(tf, eAll, neighbours)); // [M, K, H]
        e = tf.math.maximum(e, tf.math.mul(e, Layers.scalar(tf, slope, e)));                                // LeakyReLU
        e = tf.linalg.transpose(e, tf.constant(new int[] {0, 2, 1}));                                        // [M, H, K]
        e = Layers.maskLogits(tf, e, tf.expandDims(mask, tf.constant(1)));
        Operand<T> alpha = tf.nn.softmax(e);                                                                 // [M, H, K]
        Operand<T> zn = tf.linalg.transpose(Layers.gatherRows(tf, z, neighbours), tf.constant(new int[] {0, 2, 1, 3})); // [M, H, K, o]
        Operand<T> agg = tf.reduceSum(tf.math.mul(tf.expandDims(alpha, tf.constant(-1)), zn), tf.constant(2));         // [M, H, o]
        Operand<T> y = concat ? tf.reshape(agg, tf.constant(new long[] {-1, heads * out})) : tf.math.mean(agg, tf.constant(1));
        return act.apply(tf, y);
    }
}
