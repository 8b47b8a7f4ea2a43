/**
 * Embedding tables: {@link io.mic.models.tf.tables.EmbeddingTable} (trainable, chunked heap rows with
 * per-row optimizer state created on first update, so a step costs O(batch) at 10M ids),
 * {@link io.mic.models.tf.tables.MappedEmbeddings} (read-only, memory-mapped) and the
 * {@link io.mic.models.tf.tables.EmbeddingRows} view a graph reads either through.
 */
package io.mic.models.tf.tables;
