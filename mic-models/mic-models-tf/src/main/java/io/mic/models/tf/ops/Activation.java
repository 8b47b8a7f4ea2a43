package io.mic.models.tf.ops;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** Element-wise non-linearities, built only from ops that have gradients in TF Java 1.1.0. */
public enum Activation {
    IDENTITY,
    RELU,
    TANH,
    SIGMOID,
    /** ELU (alpha 1), as in GAT layers. */
    ELU,
    /** Exact GELU {@code x * (1 + erf(x / sqrt 2)) / 2}; there is no Gelu op, Erf has a gradient. */
    GELU;

    /** Applies the activation. */
    public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
        return switch (this) {
            case IDENTITY -> x;
            case RELU -> tf.nn.relu(x);
            case TANH -> tf.math.tanh(x);
            case SIGMOID -> tf.math.sigmoid(x);
            case ELU -> tf.nn.elu(x);
            case GELU -> tf.math.mul(tf.math.mul(x, Layers.scalar(tf, 0.5, x)),
                    tf.math.add(Layers.scalar(tf, 1.0, x), tf.math.erf(tf.math.mul(x, Layers.scalar(tf, 1.0 / Math.sqrt(2.0), x)))));
        };
    }
}
