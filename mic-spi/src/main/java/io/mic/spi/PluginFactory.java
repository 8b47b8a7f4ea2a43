package io.mic.spi;

/**
 * Common shape of every plugin factory: a stable name, a version, and a way to build the
 * behaviour object from strict configuration and the host's context.
 *
 * <p>Factories are discovered once at start-up through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/<factory interface>}) or registered by a host in code. They must
 * have a public no-argument constructor when discovered, be stateless and thread-safe.
 *
 * @param <T> the behaviour type the factory builds
 * @param <C> the context the extension point hands its plugins (what the host provides, visible in the signature)
 */
public interface PluginFactory<T, C extends PluginContext> {

    /**
     * Stable name used in configuration and persisted artifacts; must match {@code [a-z0-9-]+}.
     * Changing it breaks every config and artifact that names the plugin.
     */
    String name();

    /**
     * Version of the plugin's persisted state and parameter semantics. Bump it when an artifact
     * written by an older version can no longer be read or a parameter changes meaning. Persisted
     * names carry it as {@code name/version}, see {@link PluginId}.
     */
    default int version() {
        return 1;
    }

    /** One line for {@code mic plugins}. */
    default String description() {
        return "";
    }

    /**
     * Builds a new instance. Implementations must read every parameter they understand from
     * {@code config} inside this call: the host rejects keys that were never read as unknown
     * (typos are errors, never silent defaults).
     *
     * @throws ConfigException when a parameter is missing, malformed or out of range
     */
    T create(PluginConfig config, C context);
}
