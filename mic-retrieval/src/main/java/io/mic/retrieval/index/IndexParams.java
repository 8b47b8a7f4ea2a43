package io.mic.retrieval.index;

import io.mic.spi.ConfigException;
import io.mic.spi.PluginConfig;
import java.io.IOException;
import java.nio.file.Path;

/** Parameter reading shared by the index factories. */
final class IndexParams {
    private IndexParams() {
    }

    /** The optional {@code path} of a saved index to load instead of building. */
    static Path path(PluginConfig config) {
        String p = config.getString("path", null);
        return p == null ? null : Path.of(p);
    }

    static ConfigException loadFailed(PluginConfig config, Path path, IOException e) {
        ConfigException ex = config.error("path", "cannot load the saved index at " + path + ": " + e.getMessage());
        ex.initCause(e);
        return ex;
    }
}
