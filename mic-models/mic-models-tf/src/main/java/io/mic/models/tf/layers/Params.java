package io.mic.models.tf.layers;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * Resolves a layer's {@link DenseParam} to the operand that holds its values in the graph being
 * built: a fed placeholder in training/forward graphs, a variable in export graphs
 * ({@link GraphBuilder#param}), or a float64 placeholder in gradient tests.
 *
 * @param <T> the float type of the graph
 */
@FunctionalInterface
public interface Params<T extends TFloating> {

    /** The operand for {@code p}; the same operand for repeated calls within one graph. */
    Operand<T> get(DenseParam p);

    /** The parameters of {@code gb}'s graph. */
    static Params<TFloat32> of(GraphBuilder gb) {
        return gb::param;
    }
}
