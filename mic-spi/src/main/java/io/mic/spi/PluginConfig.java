package io.mic.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict, typed parameters of one plugin instance.
 *
 * <p>Values arrive as strings (from a text-format config or a host's map) and are converted by
 * the typed getters, which also check ranges. Every getter records the key as known; after
 * {@link PluginFactory#create} the host calls {@link #requireAllKeysKnown()}, which rejects keys
 * the plugin never asked for, naming the key, its value, the file:line and the keys that exist.
 *
 * <p>An interface so a host may supply its own; {@link #of} builds the SPI's map-backed implementation,
 * the one the MIC engine, the contract tests and plugin authors' own tests use.
 *
 * <p>Not thread-safe: read it inside {@code create}, keep the values, drop the config.
 */
public interface PluginConfig {

    /** Parameters given in code (no file). */
    static PluginConfig of(String plugin, Map<String, String> values) {
        return new StrictPluginConfig(plugin, values, Map.of(), "");
    }

    /**
     * Parameters read from a file: {@code sources} maps each key to its {@code file:line};
     * {@code origin} is the location of the plugin block itself.
     */
    static PluginConfig of(String plugin, Map<String, String> values, Map<String, String> sources, String origin) {
        return new StrictPluginConfig(plugin, values, sources, origin);
    }

    /**
     * The same parameters with relative paths ({@link #getPath}) resolved against {@code dir}: the
     * directory of the config file they were written in (null: the working directory). The host's
     * configs implement it; the default refuses.
     */
    default PluginConfig withBaseDir(Path dir) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support a base directory");
    }

    /** Directory relative paths resolve against (the config file's directory), or null for the working directory. */
    default Path baseDir() {
        return null;
    }

    /**
     * A file-system path: relative values resolve against {@link #baseDir()} (the directory of the
     * config file the parameters came from; the working directory for parameters given in code); null
     * when the key is missing and {@code defaultValue} is null or empty.
     */
    default Path getPath(String key, String defaultValue) {
        String v = getString(key, defaultValue);
        if (v == null || v.isEmpty()) {
            return null;
        }
        Path base = baseDir();
        return base == null ? Path.of(v) : base.resolve(v).normalize();
    }

    /** No parameters: every getter returns its default. */
    static PluginConfig empty(String plugin) {
        return of(plugin, Map.of());
    }

    /** Name of the plugin these parameters belong to. */
    String plugin();

    /** All given keys, in file order. */
    Set<String> keys();

    /** Whether {@code key} was given; marks it known. */
    boolean has(String key);

    /** The raw value of {@code key}, or {@code defaultValue} when it was not given. */
    String getString(String key, String defaultValue);

    /** A required string; missing is an error. */
    String requireString(String key);

    /** One of {@code allowed} (case-sensitive). */
    String getChoice(String key, String defaultValue, String... allowed);

    /** An integer in [min, max]. */
    int getInt(String key, int defaultValue, int min, int max);

    /** A long in [min, max]. */
    long getLong(String key, long defaultValue, long min, long max);

    /** A finite double in [min, max]; NaN and infinities are rejected. */
    double getDouble(String key, double defaultValue, double min, double max);

    /** A finite float in [min, max], read as {@link #getDouble}. */
    default float getFloat(String key, float defaultValue, float min, float max) {
        return (float) getDouble(key, defaultValue, min, max);
    }

    /** {@code true} or {@code false} (case-insensitive); anything else is an error. */
    boolean getBoolean(String key, boolean defaultValue);

    /** Comma-separated integers, each in [min, max]. */
    int[] getIntList(String key, int[] defaultValue, int min, int max);

    /** Comma-separated strings (trimmed, empty entries dropped). */
    List<String> getStringList(String key, List<String> defaultValue);

    /**
     * Rejects keys that no getter asked for. The host calls this right after {@code create}.
     *
     * @throws ConfigException naming the first unknown key, its value and location, and the known keys
     */
    void requireAllKeysKnown();

    /** Builds an error located at {@code key}'s line (or the plugin block) for plugin-side validation. */
    ConfigException error(String key, String message);
}
