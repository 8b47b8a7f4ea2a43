/**
 * SavedModel export of a model's towers ({@link io.mic.models.tf.export.SavedModelExporter} with one
 * {@link io.mic.models.tf.export.ExportSignature} per serving function), loading one back
 * ({@link io.mic.models.tf.export.ExportedModel}) and batched inference over every user or item
 * ({@link io.mic.models.tf.export.BatchInference}). See docs/export.md.
 */
package io.mic.models.tf.export;
