/**
 * The MIC paper's model (CIKM'22, model-agnostic integrated cross-channel retrieval) on the
 * TensorFlow Java runtime of {@code mic-models-tf}.
 *
 * <p>Encoders ({@link io.mic.spi.EncoderFactory}): {@code mf-bpr}, {@code dssm},
 * {@code youtube-dnn}, all one {@link io.mic.models.tf.tower.TowerEncoder} implementation configured by
 * which inputs each tower reads. Models ({@link io.mic.spi.ModelFactory}): {@code two-tower}
 * (the base: in-batch InfoNCE with logQ correction, or BPR) and {@code mic} (u2i + u2u + i2i
 * InfoNCE over augmented views, kNN extended positives, k-means++ hard negatives, BCE; scored by
 * the 1:1:1 mean of the three channels' distributions). Both train any {@code TowerEncoder}
 * through the same code path, which is what makes MIC model-agnostic and the comparison fair.
 *
 * <p>Features come from {@link io.mic.core.feature.FeatureBuilder} (leak-free per-example
 * histories); augmenters and samplers are the {@code mic-augment} plugins the run config names.
 * Only the factories are public; the tower contract ({@code TowerEncoder}/{@code Tower}) is the
 * runtime's ({@code io.mic.models.tf.tower}), and training runs through its
 * {@link io.mic.models.tf.training.FitHarness}.
 */
package io.mic.models.mic;
