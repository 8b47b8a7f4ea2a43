/**
 * The fit harness every TensorFlow model trains through: {@link io.mic.models.tf.training.FitHarness}
 * (optimizer from the trainer settings, encoder preparation, checkpoint directory and resume, the
 * {@link io.mic.models.tf.training.Trainer} run with snapshot-then-score early stopping on the validation
 * split, best-epoch restore, SavedModel export labels), {@link io.mic.models.tf.training.Optimizers}
 * (optimizer names) and {@link io.mic.models.tf.training.EncoderCheckpoints} (an encoder's own
 * checkpoint with its optimizer). A model supplies only its graph, its feeding and its scoring
 * ({@link io.mic.models.tf.training.FitHarness.Fit}).
 */
package io.mic.models.tf.training;
