package io.mic.core.spi;

import io.mic.core.util.EditDistance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict, typed parameters of one plugin instance.
 *
 * <p>Values arrive as strings (from a text-format config or a host's map) and are converted by
 * the typed getters, which also check ranges. Every getter records the key as known; after
 * {@link PluginFactory#create} the host calls {@link #requireAllKeysKnown()}, which rejects keys
 * the plugin never asked for, naming the key, its value, the file:line and the keys that exist.
 *
 * <p>Not thread-safe: read it inside {@code create}, keep the values, drop the config.
 */
public final class PluginConfig {
    private final String plugin;
    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final String origin;
    private final Path baseDir;
    private final Set<String> known = new LinkedHashSet<>();

    private PluginConfig(String plugin, Map<String, String> values, Map<String, String> sources, String origin, Path baseDir) {
        this.plugin = plugin;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Map.copyOf(sources);
        this.origin = origin == null ? "" : origin;
        this.baseDir = baseDir;
    }

    /** Parameters given in code (no file). */
    public static PluginConfig of(String plugin, Map<String, String> values) {
        return new PluginConfig(plugin, values, Map.of(), "", null);
    }

    /**
     * Parameters read from a file: {@code sources} maps each key to its {@code file:line};
     * {@code origin} is the location of the plugin block itself.
     */
    public static PluginConfig of(String plugin, Map<String, String> values, Map<String, String> sources, String origin) {
        return new PluginConfig(plugin, values, sources, origin, null);
    }

    /**
     * The same parameters with relative paths ({@link #getPath}) resolved against {@code dir}: the
     * directory of the config file they were written in (null: the working directory).
     */
    public PluginConfig withBaseDir(Path dir) {
        return new PluginConfig(plugin, values, sources, origin, dir);
    }

    /** No parameters: every getter returns its default. */
    public static PluginConfig empty(String plugin) {
        return of(plugin, Map.of());
    }

    /** Name of the plugin these parameters belong to. */
    public String plugin() {
        return plugin;
    }

    /** All given keys, in file order. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** Whether {@code key} was given; marks it known. */
    public boolean has(String key) {
        known.add(key);
        return values.containsKey(key);
    }

    public String getString(String key, String defaultValue) {
        known.add(key);
        String v = values.get(key);
        return v == null ? defaultValue : v;
    }

    /**
     * A file-system path: relative values resolve against the directory of the config file the
     * parameters came from (the working directory for parameters given in code); null when the key
     * is missing and {@code defaultValue} is null or empty.
     */
    public Path getPath(String key, String defaultValue) {
        String v = getString(key, defaultValue);
        if (v == null || v.isEmpty()) {
            return null;
        }
        return baseDir == null ? Path.of(v) : baseDir.resolve(v).normalize();
    }

    /** A required string; missing is an error. */
    public String requireString(String key) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            throw error(key, "required parameter is missing");
        }
        return v;
    }

    /** One of {@code allowed} (case-sensitive). */
    public String getChoice(String key, String defaultValue, String... allowed) {
        String v = getString(key, defaultValue);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw error(key, "value '" + v + "' is not one of " + String.join(", ", allowed));
    }

    public int getInt(String key, int defaultValue, int min, int max) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw error(key, "value '" + v + "' is not an integer");
        }
        if (parsed < min || parsed > max) {
            throw error(key, "value " + parsed + " is out of range [" + min + ", " + max + "]");
        }
        return parsed;
    }

    public long getLong(String key, long defaultValue, long min, long max) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw error(key, "value '" + v + "' is not an integer");
        }
        if (parsed < min || parsed > max) {
            throw error(key, "value " + parsed + " is out of range [" + min + ", " + max + "]");
        }
        return parsed;
    }

    /** A finite double in [min, max]; NaN and infinities are rejected. */
    public double getDouble(String key, double defaultValue, double min, double max) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw error(key, "value '" + v + "' is not a number");
        }
        if (!Double.isFinite(parsed)) {
            throw error(key, "value '" + v + "' is not finite");
        }
        if (parsed < min || parsed > max) {
            throw error(key, "value " + v + " is out of range [" + min + ", " + max + "]");
        }
        return parsed;
    }

    public float getFloat(String key, float defaultValue, float min, float max) {
        return (float) getDouble(key, defaultValue, min, max);
    }

    /** {@code true} or {@code false} (case-insensitive); anything else is an error. */
    public boolean getBoolean(String key, boolean defaultValue) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw error(key, "value '" + v + "' is not true or false");
        }
    }

    /** Comma-separated integers, each in [min, max]. */
    public int[] getIntList(String key, int[] defaultValue, int min, int max) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return defaultValue.clone();
        }
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw error(key, "element '" + parts[i].trim() + "' of '" + v + "' is not an integer");
            }
            if (out[i] < min || out[i] > max) {
                throw error(key, "element " + out[i] + " is out of range [" + min + ", " + max + "]");
            }
        }
        return out;
    }

    /** Comma-separated strings (trimmed, empty entries dropped). */
    public List<String> getStringList(String key, List<String> defaultValue) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        for (String p : v.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Rejects keys that no getter asked for. The host calls this right after {@code create}.
     *
     * @throws ConfigException naming the first unknown key, its value and location, and the known keys
     */
    public void requireAllKeysKnown() {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!known.contains(e.getKey())) {
                String k = e.getKey();
                Set<String> names = new TreeSet<>(known);
                String hint = closest(k, names);
                throw error(k, "unknown parameter (value '" + e.getValue() + "') for plugin '" + plugin + "'"
                        + (hint == null ? "" : "; did you mean '" + hint + "'?")
                        + "; known parameters: " + (names.isEmpty() ? "(none)" : String.join(", ", names)));
            }
        }
    }

    /** Builds an error located at {@code key}'s line (or the plugin block) for plugin-side validation. */
    public ConfigException error(String key, String message) {
        String where = sources.getOrDefault(key, origin);
        String src = where.isEmpty() ? "plugin '" + plugin + "'" : where + " (plugin '" + plugin + "')";
        return new ConfigException(src, key, message);
    }

    private static String closest(String key, Set<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String n : names) {
            int d = EditDistance.of(key, n);
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    @Override
    public String toString() {
        return plugin + values;
    }
}
