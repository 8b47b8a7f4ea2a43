/**
 * MISSRec (Wang et al., "MISSRec: Pre-training and Transferring Multi-modal Interest-aware Sequence
 * Representation for Recommendation", ACM MM'23) on the TensorFlow Java runtime, with its
 * SASRec-style baseline: DPC-KNN interest discovery ({@link io.mic.models.missrec.DpcKnn}, in-graph
 * {@link io.mic.models.missrec.DpcKnnGraph}), the interest encoder / item-query decoder, dynamic
 * candidate fusion and the model plugins {@code missrec} and {@code sasrec}.
 */
package io.mic.models.missrec;
