package io.mic.models.mic;

import io.mic.models.tf.Initializer;
import io.mic.spi.FieldKind;
import io.mic.spi.FieldSpec;
import io.mic.spi.PluginConfig;
import java.util.ArrayList;
import java.util.List;

/** Parameter parsing the encoder factories share. */
final class EncoderParams {
    private EncoderParams() {
    }

    /**
     * {@code key}: a comma list of categorical or multi-categorical fields of {@code fields}, or
     * {@code all} (default when {@code defaultAll}) or {@code none}.
     */
    static List<String> fields(PluginConfig config, String key, List<FieldSpec> fields, boolean defaultAll) {
        String v = config.getString(key, defaultAll ? "all" : "none").trim();
        List<String> usable = new ArrayList<>();
        for (FieldSpec f : fields) {
            if (f.kind() == FieldKind.CATEGORICAL || f.kind() == FieldKind.MULTI_CATEGORICAL) {
                usable.add(f.name());
            }
        }
        if (v.equals("all")) {
            return usable;
        }
        if (v.equals("none") || v.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String f = part.trim();
            if (!usable.contains(f)) {
                throw config.error(key, "'" + f + "' is not a categorical field of the dataset; usable: " + usable + " (or all / none)");
            }
            if (out.contains(f)) {
                throw config.error(key, "lists '" + f + "' twice");
            }
            out.add(f);
        }
        return out;
    }

    /** {@code key}: comma-separated hidden widths in [1, 8192], or {@code none}. */
    static int[] hidden(PluginConfig config, String key, String defaultValue) {
        String v = config.getString(key, defaultValue).trim();
        if (v.equals("none") || v.isEmpty()) {
            return new int[0];
        }
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw config.error(key, "'" + parts[i].trim() + "' is not an integer (write e.g. 256,128 or none)");
            }
            if (out[i] < 1 || out[i] > 8192) {
                throw config.error(key, "width " + out[i] + " is out of range [1, 8192]");
            }
        }
        return out;
    }

    /**
     * {@code init}: how the embedding tables are initialised, {@code xavier-normal} (default:
     * Normal(0, sqrt(2 / (rows + dim))), PyTorch's xavier_normal_ on an [rows, dim] weight, as
     * RecBole) or {@code normal-inv-sqrt-dim} (Normal(0, 1/sqrt(dim)), the scheme before issue 17).
     */
    static Initializer.Table init(PluginConfig config) {
        return Initializer.Table.parse(config.getChoice("init", Initializer.Table.XAVIER_NORMAL.label(), Initializer.Table.labels()));
    }

    static int dim(PluginConfig config, String key, int defaultValue) {
        return config.getInt(key, defaultValue, 1, 4096);
    }
}
