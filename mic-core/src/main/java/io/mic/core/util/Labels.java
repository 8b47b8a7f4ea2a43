package io.mic.core.util;

import io.mic.spi.PluginConfig;
import java.util.Locale;
import java.util.function.Function;

/**
 * Config spellings of enum constants ({@code max-normalized}, {@code ip}): the conventional spelling of a constant's
 * name, lookup by spelling with an error that lists the valid ones, and a plugin parameter read as one of them.
 */
public final class Labels {
    private Labels() {
    }

    /** The conventional spelling of {@code e}: its name in lower case, {@code _} as {@code -} ({@code MAX_NORMALIZED} → {@code max-normalized}). */
    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every constant's spelling, in declaration order. */
    public static <E extends Enum<E>> String[] all(Class<E> type, Function<E, String> label) {
        E[] v = type.getEnumConstants();
        String[] out = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = label.apply(v[i]);
        }
        return out;
    }

    /** The constant spelled {@code text}; otherwise an error "unknown WHAT 'text' (a, b)". */
    public static <E extends Enum<E>> E parse(Class<E> type, Function<E, String> label, String text, String what) {
        for (E e : type.getEnumConstants()) {
            if (label.apply(e).equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "' (" + String.join(", ", all(type, label)) + ")");
    }

    /** Parameter {@code key} of {@code config} as one of the constants' spellings (default {@code defaultValue}). */
    public static <E extends Enum<E>> E choice(PluginConfig config, String key, E defaultValue, Function<E, String> label) {
        Class<E> type = defaultValue.getDeclaringClass();
        return parse(type, label, config.getChoice(key, label.apply(defaultValue), all(type, label)), key);
    }
}
