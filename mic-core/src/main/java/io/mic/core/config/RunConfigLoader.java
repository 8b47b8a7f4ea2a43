package io.mic.core.config;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.TextFormat;
import com.google.protobuf.TextFormatParseInfoTree;
import io.mic.core.config.proto.RunConfig;
import io.mic.spi.ConfigException;
import io.mic.spi.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link RunConfig} from protobuf text format, strictly: unknown fields, a singular field
 * given twice, duplicate plugin parameter keys and invalid values are errors naming
 * {@code file:line} and the field. Models written as {@code base: "LABEL"} plus overrides are
 * resolved ({@link ModelBases}), then {@link RunConfigValidator} checks the result.
 */
public final class RunConfigLoader {
    // protobuf 3.x: 'Message type "T" has no field named "f"'; 4.x: 'unknown fields ...\n7:1:\tmic.config.T.f'
    private static final Pattern NO_FIELD = Pattern.compile(
            "Message type \"([\\w.]+)\" has no field named \"(\\w+)\"|(?m)^(\\d+):(\\d+):\\s+([\\w.]+)\\.(\\w+)\\s*$");

    private RunConfigLoader() {
    }

    /** Loads and validates a file. */
    public static LoadedConfig load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "", "config file does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(file.toString(), "", "not a text file (bytes that are not UTF-8); a run config is a .textproto text file");
        } catch (java.nio.file.FileSystemException e) {
            throw new ConfigException(file.toString(), "", "cannot read the config: " + (e.getReason() != null ? e.getReason() : e.toString()));
        }
        if (text.indexOf('\0') >= 0) {
            throw new ConfigException(file.toString(), "", "not a text file (it contains NUL bytes); a run config is a .textproto text file");
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir == null ? Path.of(".") : dir);
    }

    /** Parses and validates text; {@code sourceName} is used in messages, {@code baseDir} to resolve paths. */
    public static LoadedConfig parse(String text, String sourceName, Path baseDir) {
        TextFormatParseInfoTree.Builder treeBuilder = TextFormatParseInfoTree.builder();
        TextFormat.Parser parser = TextFormat.Parser.newBuilder()
                .setParseInfoTreeBuilder(treeBuilder)
                .setSingularOverwritePolicy(TextFormat.Parser.SingularOverwritePolicy.FORBID_SINGULAR_OVERWRITES)
                .build();
        RunConfig.Builder b = RunConfig.newBuilder();
        try {
            parser.merge(text, b);
        } catch (TextFormat.ParseException e) {
            throw parseError(sourceName, e);
        }
        TextFormatParseInfoTree tree = treeBuilder.build();
        LoadedConfig loaded = new LoadedConfig(b.build(), sourceName, baseDir, text, tree);
        checkDuplicateParams(loaded);
        RunConfig resolved = ModelBases.resolve(loaded);
        if (resolved != loaded.config()) {
            loaded = new LoadedConfig(resolved, sourceName, baseDir, text, tree);
        }
        RunConfigValidator.validate(loaded);
        return loaded;
    }

    private static ConfigException parseError(String sourceName, TextFormat.ParseException e) {
        String msg = e.getMessage();
        // protobuf prefixes "line:col: "; we print file:line:col instead
        String bare = msg.replaceFirst("^\\d+:\\d+: ", "");
        String hint = "";
        String key = "";
        Matcher m = NO_FIELD.matcher(bare);
        int line = e.getLine();
        int column = e.getColumn();
        if (m.find()) {
            String type = m.group(1) != null ? m.group(1) : m.group(5);
            key = m.group(1) != null ? m.group(2) : m.group(6);
            if (m.group(3) != null) {
                line = Integer.parseInt(m.group(3));
                column = Integer.parseInt(m.group(4));
            }
            Descriptor d = findType(type);
            if (d != null) {
                String best = closestField(d, key);
                StringBuilder names = new StringBuilder();
                for (FieldDescriptor f : d.getFields()) {
                    names.append(names.length() == 0 ? "" : ", ").append(f.getName());
                }
                hint = (best == null ? "" : "; did you mean '" + best + "'?") + " (fields of " + d.getName() + ": " + names + ")";
            }
            bare = "unknown field '" + key + "' in " + type.replaceFirst("^mic\\.config\\.", "");
        }
        String where = line > 0 ? sourceName + ":" + line + ":" + column : sourceName;
        return new ConfigException(where, key, bare + hint, e);
    }

    private static Descriptor findType(String fullName) {
        Deque<Descriptor> todo = new ArrayDeque<>();
        todo.add(RunConfig.getDescriptor());
        Set<String> seen = new HashSet<>();
        for (Descriptor d : RunConfig.getDescriptor().getFile().getMessageTypes()) {
            todo.add(d);
        }
        while (!todo.isEmpty()) {
            Descriptor d = todo.poll();
            if (!seen.add(d.getFullName())) {
                continue;
            }
            if (d.getFullName().equals(fullName)) {
                return d;
            }
            todo.addAll(d.getNestedTypes());
        }
        return null;
    }

    private static String closestField(Descriptor d, String name) {
        List<String> names = new ArrayList<>();
        for (FieldDescriptor f : d.getFields()) {
            names.add(f.getName());
        }
        return Suggestions.closest(name, names);
    }

    /** Protobuf silently keeps the last value of a repeated map key; we refuse it. */
    private static void checkDuplicateParams(LoadedConfig loaded) {
        RunConfig c = loaded.config();
        for (int i = 0; i < c.getModelCount(); i++) {
            var m = c.getModel(i);
            checkParams(loaded, "model[" + i + "]", m.getParamsCount());
            checkParams(loaded, "model[" + i + "].encoder", m.getEncoder().getParamsCount());
            for (int j = 0; j < m.getAugmenterCount(); j++) {
                checkParams(loaded, "model[" + i + "].augmenter[" + j + "]", m.getAugmenter(j).getParamsCount());
            }
            for (int j = 0; j < m.getSamplerCount(); j++) {
                checkParams(loaded, "model[" + i + "].sampler[" + j + "]", m.getSampler(j).getParamsCount());
            }
        }
        var r = c.getRetrieval();
        checkParams(loaded, "retrieval.index", r.getIndex().getParamsCount());
        checkParams(loaded, "retrieval.store", r.getStore().getParamsCount());
        checkParams(loaded, "retrieval.rerank", r.getRerank().getParamsCount());
        for (int j = 0; j < r.getChannelCount(); j++) {
            checkParams(loaded, "retrieval.channel[" + j + "]", r.getChannel(j).getParamsCount());
        }
    }

    private static void checkParams(LoadedConfig loaded, String path, int distinct) {
        // the parse tree has one location per written entry; more entries than keys means a repeat
        if (loaded.writtenCount(path + ".params") > distinct) {
            throw new ConfigException(loaded.locate(path + ".params[" + distinct + "]"), path + ".params",
                    "a parameter key is given twice (each key may appear once)");
        }
    }
}
