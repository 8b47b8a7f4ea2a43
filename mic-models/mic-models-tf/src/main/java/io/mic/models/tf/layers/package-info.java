/**
 * Sequence layers built on {@link io.mic.models.tf.GraphBuilder}: multi-head attention (self and
 * cross, padding and causal masks), layer norm, learned positional embeddings, the position-wise
 * feed-forward network, and transformer encoder/decoder blocks.
 *
 * <p>Every layer holds its weights as {@link io.mic.models.tf.DenseParam}s named
 * {@code <layer name>/<weight>} (created once, reused by the training, forward and export graphs
 * of a model) and applies them through a {@link io.mic.models.tf.layers.Params} resolver, so the
 * same code runs in float32 training graphs ({@code Params.of(gb)}) and in the float64
 * finite-difference gradient tests. Dropout is a {@link io.mic.models.tf.layers.Dropout}
 * argument: {@link io.mic.models.tf.layers.Dropout#off()} in inference and export graphs.
 *
 * <p>Only ops with registered gradients in TF Java 1.1.0 are used (checked by the tests).
 * Shapes: {@code B} batch, {@code L} sequence length (dynamic), {@code d} model width (static).
 */
package io.mic.models.tf.layers;
