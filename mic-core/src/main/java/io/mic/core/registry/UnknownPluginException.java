package io.mic.core.registry;

import io.mic.spi.ConfigException;
import java.util.Collection;

/** A configuration named a plugin nobody registered; the message lists the names available. */
public final class UnknownPluginException extends ConfigException {
    private static final long serialVersionUID = 1L;

    UnknownPluginException(String source, PluginKind<?> kind, String name, Collection<String> available) {
        super(source, kind.label(), "unknown " + kind.label() + " plugin '" + name + "'; available: "
                + (available.isEmpty() ? "(none registered)" : String.join(", ", available))
                + ". A third-party plugin's jar goes in ./plugins (scanned when it exists) or a directory named by --plugin-path, or on the "
                + "class path of an embedding host (docs/plugin-guide.md).");
    }
}
