package io.mic.spi;

/**
 * Dense feature vectors of items that are not ids: text embeddings from a pretrained sentence
 * encoder, image features, or vectors computed elsewhere and brought in as a file. Models read them
 * as frozen inputs (with trainable adapters on top); they are computed once per dataset, not per step.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #features} returns one row of width {@link #dim()} per requested item, in request
 *       order, in a fresh array owned by the caller.</li>
 *   <li>Item identity: {@code ids[i]} is the item's external id (as in the dataset files);
 *       {@code texts[i]} its text (MovieLens: title and genres; Amazon: the UniSRec {@code .text}
 *       line). A source keyed by id (a feature file) reads only {@code ids} and fails on an id it
 *       does not know, naming the id and its file; a text encoder reads only {@code texts} (ids
 *       appear in messages) and encodes {@code ""} or null like an empty text.</li>
 *   <li>Determinism: the same ids/texts give the same vectors (for a given configuration and
 *       {@link PluginContext#seed()}); a source may compute statistics over the whole request (IDF),
 *       so ask for all items of a dataset in one call.</li>
 *   <li>Threading: instances are thread-safe; one call may use several threads internally.
 *       {@code progress} receives {@link Progress#start} with the number of items, then steps.</li>
 * </ul>
 */
public interface ItemFeatureSource {

    /** Width of every returned row (384 for all-MiniLM-L6-v2). */
    int dim();

    /**
     * Vectors of {@code ids.length} items.
     *
     * @param ids      external item ids, never null
     * @param texts    item texts, same length as {@code ids}; may be null for sources keyed by id
     * @param progress receives the number of items done
     * @return {@code ids.length x dim()} vectors, owned by the caller
     * @throws IllegalArgumentException on an unknown id or a length mismatch, naming the source
     */
    Vectors features(String[] ids, String[] texts, Progress progress);
}
