/**
 * Stateless graph functions over {@link io.mic.models.tf.GraphBuilder} operands: dense algebra, masking
 * and pooling ({@link io.mic.models.tf.ops.Layers}), activations, the retrieval losses
 * ({@link io.mic.models.tf.ops.Losses}) and the sampled-softmax log-Q correction
 * ({@link io.mic.models.tf.ops.LogQ}). Layers that own weights live in {@code io.mic.models.tf.layers}.
 */
package io.mic.models.tf.ops;
