/**
 * The TensorFlow Java runtime's graph core: {@link io.mic.models.tf.GraphBuilder} (a graph that is a
 * pure function of its feeds), {@link io.mic.models.tf.StepGraph} (one compiled training or inference
 * step: feeds distinct table rows and dense weights, fetches loss and gradients), dense parameters,
 * optimizers and initializers. Sub-packages: {@code tables} (embedding tables), {@code ops} (stateless
 * graph functions and losses), {@code layers} (layers with weights), {@code features} (frozen item
 * features), {@code tower} (two-tower encoders), {@code training} (trainer, checkpoints, fit harness),
 * {@code export} (SavedModel export and loading). See docs/tf-runtime.md.
 */
package io.mic.models.tf;
