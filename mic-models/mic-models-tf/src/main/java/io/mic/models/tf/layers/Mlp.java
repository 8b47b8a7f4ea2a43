package io.mic.models.tf.layers;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A stack of dense layers whose weights are {@link DenseParam}s named {@code <name>/w<i>} and
 * {@code <name>/b<i>} (Glorot-uniform weights, zero biases). The parameters are created once and
 * can be applied in several graphs (training, inference) through {@link #apply}.
 */
public final class Mlp {
    private final String name;
    private final int[] sizes;
    private final Activation hidden;
    private final Activation last;
    private final List<DenseParam> weights = new ArrayList<>();
    private final List<DenseParam> biases = new ArrayList<>();

    /**
     * @param sizes  input width followed by each layer's width, e.g. {@code {64, 128, 64}}
     * @param hidden activation after every layer but the last
     * @param last   activation after the last layer (often {@link Activation#IDENTITY})
     */
    public Mlp(String name, int[] sizes, Activation hidden, Activation last, Optimizer optimizer, long seed) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("mlp '" + name + "' needs an input width and at least one layer");
        }
        this.name = name;
        this.sizes = sizes.clone();
        this.hidden = hidden;
        this.last = last;
        for (int i = 0; i + 1 < sizes.length; i++) {
            weights.add(DenseParam.create(name + "/w" + i, optimizer, Initializer.glorotUniform(sizes[i], sizes[i + 1]), seed, sizes[i], sizes[i + 1]));
            biases.add(DenseParam.create(name + "/b" + i, optimizer, Initializer.zeros(), seed, sizes[i + 1]));
        }
    }

    /** Applies the layers to {@code x} ({@code [.., in]}) in {@code gb}'s graph. */
    public Operand<TFloat32> apply(GraphBuilder gb, Operand<TFloat32> x) {
        Operand<TFloat32> y = x;
        for (int i = 0; i < weights.size(); i++) {
            Activation act = i + 1 == weights.size() ? last : hidden;
            y = Layers.dense(gb.tf(), y, gb.param(weights.get(i)), gb.param(biases.get(i)), act);
        }
        return y;
    }

    /** All parameters (weights and biases, layer by layer). */
    public List<DenseParam> params() {
        List<DenseParam> all = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            all.add(weights.get(i));
            all.add(biases.get(i));
        }
        return Collections.unmodifiableList(all);
    }

    public int outputDim() {
        return sizes[sizes.length - 1];
    }

    public String name() {
        return name;
    }
}
