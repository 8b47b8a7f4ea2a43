package io.mic.models.tf;

import io.mic.spi.Model;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link Model} that can write its serving graph as a TensorFlow SavedModel. An optional capability
 * of the TF runtime, not part of the plugin SPI: hosts check {@code instanceof} (or call
 * {@link #exportIfSupported}), so models without TensorFlow (popularity, item-kNN, third-party
 * plugins) need nothing from TensorFlow.
 */
public interface SavedModelExportable {

    /**
     * Writes the trained model's serving graph, a TensorFlow SavedModel of its towers (signatures
     * and inputs in docs/export.md), into {@code dir}, which must not exist yet; returns false, writing
     * nothing, when this instance has none. Call after {@link Model#fit}.
     *
     * @throws IOException when writing fails or {@code dir} exists
     */
    boolean exportSavedModel(Path dir) throws IOException;

    /** {@code model}'s SavedModel written into {@code dir} when it has one; false, writing nothing, otherwise. */
    static boolean exportIfSupported(Model model, Path dir) throws IOException {
        return model instanceof SavedModelExportable e && e.exportSavedModel(dir);
    }
}
