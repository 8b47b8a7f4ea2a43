package io.mic.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/** A plugin name with the version of its persisted state, written {@code name/version} (e.g. {@code mic-dssm/1}). */
public record PluginId(String name, int version) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public PluginId {
        Objects.requireNonNull(name, "name");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("plugin name '" + name + "' must match [a-z0-9-]+ (lower case, digits, inner dashes)");
        }
        if (version < 1) {
            throw new IllegalArgumentException("plugin '" + name + "' version must be >= 1, got " + version);
        }
    }

    /** Whether {@code name} is a legal plugin name. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Parses {@code name/version}; a bare name means version 1. */
    public static PluginId parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new PluginId(text, 1);
        }
        try {
            return new PluginId(text.substring(0, slash), Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("plugin id '" + text + "' is not name/version", e);
        }
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
