/**
 * Training-data plugins: {@link io.mic.spi.Augmenter}s that build augmented views of a
 * feature batch, and {@link io.mic.spi.Sampler}s that draw extra positives and negatives for
 * a batch of (user, item) pairs. Pure Java, no TensorFlow: the trainer in {@code mic-models}
 * calls them on its own thread and feeds the results into the graph.
 *
 * <p>Augmenters ({@link io.mic.spi.AugmenterFactory}):
 * <ul>
 *   <li>{@code field-mask}: the MIC paper's random field masking, whole fields and ids inside
 *       multi-valued fields;</li>
 *   <li>{@code sequence-crop} and {@code sequence-reorder}: CL4SRec's crop and reorder of a
 *       history sequence;</li>
 *   <li>{@code feature-noise}: Gaussian noise on dense (text/image) features, as in MISSRec;</li>
 *   <li>{@code embedding-dropout}: an {@link io.mic.spi.Augmenter.Stage#EMBEDDING} stage that
 *       only produces inverted-dropout masks for looked-up embeddings.</li>
 * </ul>
 * Samplers ({@link io.mic.spi.SamplerFactory}): {@code popularity-negative},
 * {@code in-batch-negative}, {@code knn-positive} (MIC's extended positives) and
 * {@code kmeans-negative} (MIC's hard negatives from other k-means++ clusters).
 *
 * <p>Threading: augmenters are immutable and thread-safe; all their randomness comes from the
 * generator argument. Samplers hold state built by {@code refresh} and are used by one trainer
 * thread at a time, as the {@link io.mic.spi.Sampler} contract allows; {@code refresh} may fan
 * work out to a bounded pool of its own, which it shuts down before returning.
 *
 * <p>Ownership: inputs (batches, id arrays, embeddings) are never mutated and never retained;
 * every returned array is new and belongs to the caller. Unchanged columns of an augmented batch
 * are shared with the input batch, which the {@link io.mic.spi.Column} contract allows since
 * column arrays are never mutated.
 *
 * <p>Only the factories are public: hosts build plugins by name through the registry.
 */
package io.mic.augment;
