package io.mic.spi;

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
import java.util.function.ToLongFunction;

/**
 * The SPI's implementation of {@link PluginConfig}: string values in a map, converted and range-checked
 * by the typed getters, every key asked for recorded as known. Created through {@link PluginConfig#of}
 * and {@link PluginConfig#empty}; not thread-safe.
 */
final class StrictPluginConfig implements PluginConfig {
    private final String plugin;
    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final String origin;
    private final Path baseDir;
    private final Set<String> known = new LinkedHashSet<>();

    StrictPluginConfig(String plugin, Map<String, String> values, Map<String, String> sources, String origin) {
        this(plugin, values, sources, origin, null);
    }

    StrictPluginConfig(String plugin, Map<String, String> values, Map<String, String> sources, String origin, Path baseDir) {
        this.baseDir = baseDir;
        this.plugin = plugin;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Map.copyOf(sources);
        this.origin = origin == null ? "" : origin;
    }

    @Override
    public PluginConfig withBaseDir(Path dir) {
        return new StrictPluginConfig(plugin, values, sources, origin, dir);
    }

    @Override
    public Path baseDir() {
        return baseDir;
    }

    @Override
    public String plugin() {
        return plugin;
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public boolean has(String key) {
        known.add(key);
        return values.containsKey(key);
    }

    @Override
    public String getString(String key, String defaultValue) {
        known.add(key);
        String v = values.get(key);
        return v == null ? defaultValue : v;
    }

    @Override
    public String requireString(String key) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            throw error(key, "required parameter is missing");
        }
        return v;
    }

    @Override
    public String getChoice(String key, String defaultValue, String... allowed) {
        String v = getString(key, defaultValue);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw error(key, "value '" + v + "' is not one of " + String.join(", ", allowed));
    }

    @Override
    public int getInt(String key, int defaultValue, int min, int max) {
        return (int) getInteger(key, defaultValue, min, max, Integer::parseInt);
    }

    @Override
    public long getLong(String key, long defaultValue, long min, long max) {
        return getInteger(key, defaultValue, min, max, Long::parseLong);
    }

    /** getInt and getLong: {@code parse} is the type's own parser, so a value that overflows it is "not an integer". */
    private long getInteger(String key, long defaultValue, long min, long max, ToLongFunction<String> parse) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = parse.applyAsLong(v.trim());
        } catch (NumberFormatException e) {
            throw error(key, "value '" + v + "' is not an integer");
        }
        if (parsed < min || parsed > max) {
            throw error(key, "value " + parsed + " is out of range [" + min + ", " + max + "]");
        }
        return parsed;
    }

    @Override
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

    @Override
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

    @Override
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

    @Override
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

    @Override
    public void requireAllKeysKnown() {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!known.contains(e.getKey())) {
                String k = e.getKey();
                Set<String> names = new TreeSet<>(known);
                String hint = Suggestions.closest(k, names);
                throw error(k, "unknown parameter (value '" + e.getValue() + "') for plugin '" + plugin + "'"
                        + (hint == null ? "" : "; did you mean '" + hint + "'?")
                        + "; known parameters: " + (names.isEmpty() ? "(none)" : String.join(", ", names)));
            }
        }
    }

    @Override
    public ConfigException error(String key, String message) {
        String where = sources.getOrDefault(key, origin);
        String src = where.isEmpty() ? "plugin '" + plugin + "'" : where + " (plugin '" + plugin + "')";
        return new ConfigException(src, key, message);
    }

    @Override
    public String toString() {
        return plugin + values;
    }
}
