/**
 * The two-tower encoder contract of the runtime: a {@link io.mic.models.tf.tower.TowerEncoder}
 * adds user and item {@link io.mic.models.tf.tower.Tower}s to any training graph, so a model's
 * objective trains any encoder that implements it.
 */
package io.mic.models.tf.tower;
