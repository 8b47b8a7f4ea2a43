package io.mic.core.config;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormatParseInfoTree;
import com.google.protobuf.TextFormatParseLocation;
import io.mic.core.config.proto.RunConfig;
import io.mic.spi.ConfigException;
import io.mic.spi.PluginConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed and validated run configuration together with where each field was written, so later
 * errors (an unknown plugin name, a bad plugin parameter) can point at {@code file:line}.
 * Immutable.
 */
public final class LoadedConfig {
    private final RunConfig config;
    private final String sourceName;
    private final Path baseDir;
    private final String text;
    private final TextFormatParseInfoTree tree;

    LoadedConfig(RunConfig config, String sourceName, Path baseDir, String text, TextFormatParseInfoTree tree) {
        this.config = config;
        this.sourceName = sourceName;
        this.baseDir = baseDir;
        this.text = text;
        this.tree = tree;
    }

    public RunConfig config() {
        return config;
    }

    /** The file name (or label) the config came from. */
    public String sourceName() {
        return sourceName;
    }

    /** Directory relative paths in the config resolve against. */
    public Path baseDir() {
        return baseDir;
    }

    /** The original text, copied verbatim into run directories. */
    public String text() {
        return text;
    }

    /** Resolves a path written in the config against {@link #baseDir()}. */
    public Path resolve(String path) {
        return baseDir.resolve(path).normalize();
    }

    /**
     * {@code file:line} of a field path such as {@code dataset.path}, {@code model[1].params} or
     * {@code retrieval.channel[0]}; falls back to the deepest located ancestor, then the file name.
     */
    public String locate(String fieldPath) {
        int line = lineOf(fieldPath);
        return line > 0 ? sourceName + ":" + line : sourceName;
    }

    private int lineOf(String fieldPath) {
        return walk(fieldPath, false);
    }

    /** How many times the last field of {@code fieldPath} (no index on it) was written. */
    int writtenCount(String fieldPath) {
        return walk(fieldPath, true);
    }

    /**
     * Follows {@code fieldPath} through the parse tree. Returns the 1-based line of the deepest
     * located segment, or with {@code count} the number of locations of the last segment (0 when
     * any segment is missing).
     */
    private int walk(String fieldPath, boolean count) {
        if (tree == null || fieldPath.isEmpty()) {
            return count ? 0 : -1;
        }
        TextFormatParseInfoTree t = tree;
        Descriptor d = RunConfig.getDescriptor();
        int best = -1;
        String[] parts = fieldPath.split("\\.");
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            String name = part;
            int index = 0;
            int br = part.indexOf('[');
            if (br >= 0) {
                name = part.substring(0, br);
                index = Integer.parseInt(part.substring(br + 1, part.length() - 1));
            }
            FieldDescriptor fd = d == null ? null : d.findFieldByName(name);
            if (fd == null) {
                return count ? 0 : best;
            }
            List<TextFormatParseLocation> locs = t.getLocations(fd);
            if (count && p == parts.length - 1) {
                return locs.size();
            }
            if (index >= locs.size()) {
                return count ? 0 : best;
            }
            best = locs.get(index).getLine() + 1;
            if (fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                return count ? 0 : best;
            }
            List<TextFormatParseInfoTree> nested = t.getNestedTrees(fd);
            if (index >= nested.size()) {
                return count ? 0 : best;
            }
            t = nested.get(index);
            d = fd.getMessageType();
        }
        return count ? 0 : best;
    }

    /**
     * Strict plugin parameters from a message holding {@code name} (or {@code plugin}) and a
     * {@code params} map, located at {@code fieldPath} (e.g. {@code model[0]}, {@code retrieval.rerank}).
     */
    public PluginConfig pluginConfig(String fieldPath, String pluginName, Message holder) {
        FieldDescriptor paramsFd = holder.getDescriptorForType().findFieldByName("params");
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        int n = holder.getRepeatedFieldCount(paramsFd);
        for (int i = 0; i < n; i++) {
            Message entry = (Message) holder.getRepeatedField(paramsFd, i);
            String key = (String) entry.getField(entry.getDescriptorForType().findFieldByName("key"));
            String value = (String) entry.getField(entry.getDescriptorForType().findFieldByName("value"));
            values.put(key, value);
            sources.put(key, locate(fieldPath + ".params[" + i + "]"));
        }
        return PluginConfig.of(pluginName, values, sources, locate(fieldPath)).withBaseDir(baseDir);
    }

    /** An error located at {@code fieldPath}. */
    public ConfigException error(String fieldPath, String message) {
        return new ConfigException(locate(fieldPath), fieldPath, message);
    }
}
