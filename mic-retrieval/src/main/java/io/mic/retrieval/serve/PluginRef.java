package io.mic.retrieval.serve;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.mic.core.config.LoadedConfig;
import io.mic.spi.PluginConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin choice for the serving path: name, parameters, and where each parameter was written
 * ({@code file:line}, empty for code), so the strict checks of {@link PluginConfig} can name the
 * source. Immutable; {@link #config} makes a fresh {@link PluginConfig} per creation.
 */
public record PluginRef(String name, Map<String, String> params, Map<String, String> sources, String origin) {
    public PluginRef {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("plugin name is empty" + (origin == null || origin.isEmpty() ? "" : " at " + origin));
        }
        params = Map.copyOf(params);
        sources = Map.copyOf(sources);
        origin = origin == null ? "" : origin;
    }

    /** A plugin given in code. */
    public static PluginRef of(String name, Map<String, String> params) {
        return new PluginRef(name, params, Map.of(), "");
    }

    /** A plugin with default parameters. */
    public static PluginRef of(String name) {
        return of(name, Map.of());
    }

    /** A copy with {@code key = value} set (or replaced). */
    public PluginRef with(String key, String value) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put(key, value);
        return new PluginRef(name, p, sources, origin);
    }

    /** Reads a {@code name} + {@code params} block of a run config located at {@code fieldPath}. */
    public static PluginRef from(LoadedConfig lc, String fieldPath, String name, Message holder) {
        if (name.isEmpty()) {
            throw lc.error(fieldPath + ".name", "plugin name is required");
        }
        FieldDescriptor paramsFd = holder.getDescriptorForType().findFieldByName("params");
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        int n = holder.getRepeatedFieldCount(paramsFd);
        for (int i = 0; i < n; i++) {
            Message entry = (Message) holder.getRepeatedField(paramsFd, i);
            String key = (String) entry.getField(entry.getDescriptorForType().findFieldByName("key"));
            String value = (String) entry.getField(entry.getDescriptorForType().findFieldByName("value"));
            values.put(key, value);
            sources.put(key, lc.locate(fieldPath + ".params[" + i + "]"));
        }
        return new PluginRef(name, values, sources, lc.locate(fieldPath));
    }

    /** Strict parameters for one {@code create} call. */
    public PluginConfig config() {
        return PluginConfig.of(name, new LinkedHashMap<>(params), sources, origin);
    }

    @Override
    public String toString() {
        return name + (params.isEmpty() ? "" : params.toString());
    }
}
