/**
 * Re4 (Zhang et al., "Re4: Learning to Re-contrast, Re-attend, Re-construct for Multi-interest
 * Recommendation", WWW'22) on the TensorFlow Java runtime: the {@code re4} model plugin, whose
 * configuration with every backward-flow weight at 0 is ComiRec-SA. The graph terms are in
 * {@link io.mic.models.re4.Re4Graph}; serving uses the K interest vectors per user the encoder emits.
 */
package io.mic.models.re4;
