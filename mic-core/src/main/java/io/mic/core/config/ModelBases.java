package io.mic.core.config;

import io.mic.core.config.proto.ModelConfig;
import io.mic.core.config.proto.PluginSpec;
import io.mic.core.config.proto.RunConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code model { base: "LABEL" clear: "..." }}: a model block that starts from an earlier
 * model and states only what differs, so an ablation is a few lines instead of a copied block.
 *
 * <p>Rules: the base must be a model written earlier in the file (so there are no cycles and the
 * order of reading is the order of meaning); a resolved model can itself be a base. Starting from
 * the base's resolved fields, {@code clear} drops whole fields, then the block's own fields apply:
 * scalars and the label replace, {@code params} maps (of the model, the encoder, the trainer's
 * fields) merge key by key with the block winning, a non-empty {@code augmenter} or {@code sampler}
 * list replaces the base's list. The resolved model has no {@code base} or {@code clear}.
 */
final class ModelBases {
    private static final List<String> CLEARABLE = List.of("params", "encoder", "augmenter", "sampler", "trainer");

    private ModelBases() {
    }

    /** {@code config} with every model's base resolved; errors name the model's {@code file:line}. */
    static RunConfig resolve(LoadedConfig raw) {
        RunConfig c = raw.config();
        boolean any = false;
        for (ModelConfig m : c.getModelList()) {
            any |= !m.getBase().isEmpty() || m.getClearCount() > 0;
        }
        if (!any) {
            return c;
        }
        RunConfig.Builder out = c.toBuilder().clearModel();
        Map<String, ModelConfig> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < c.getModelCount(); i++) {
            ModelConfig m = c.getModel(i);
            String path = "model[" + i + "]";
            ModelConfig resolved = m;
            if (m.getBase().isEmpty()) {
                if (m.getClearCount() > 0) {
                    throw raw.error(path + ".clear", "clear is only meaningful with base: \"LABEL\"");
                }
            } else {
                if (m.getLabel().isEmpty()) {
                    throw raw.error(path + ".base", "a model with base: \"" + m.getBase() + "\" needs its own label (it would be "
                            + "reported under its plugin's name otherwise)");
                }
                ModelConfig base = byLabel.get(m.getBase());
                if (base == null) {
                    throw raw.error(path + ".base", "base '" + m.getBase() + "' is not the label of an earlier model; earlier models: "
                            + (byLabel.isEmpty() ? "(none)" : String.join(", ", byLabel.keySet())));
                }
                resolved = apply(raw, path, base, m);
            }
            byLabel.put(labelOf(resolved), resolved);
            out.addModel(resolved);
        }
        return out.build();
    }

    private static ModelConfig apply(LoadedConfig raw, String path, ModelConfig base, ModelConfig block) {
        ModelConfig.Builder b = base.toBuilder().clearLabel();
        for (int j = 0; j < block.getClearCount(); j++) {
            String field = block.getClear(j);
            switch (field) {
                case "params" -> b.clearParams();
                case "encoder" -> b.clearEncoder();
                case "augmenter" -> b.clearAugmenter();
                case "sampler" -> b.clearSampler();
                case "trainer" -> b.clearTrainer();
                default -> throw raw.error(path + ".clear", "clear '" + field + "' is not one of " + CLEARABLE);
            }
        }
        if (!block.getLabel().isEmpty()) {
            b.setLabel(block.getLabel());
        }
        if (!block.getPlugin().isEmpty()) {
            b.setPlugin(block.getPlugin());
        }
        b.putAllParams(block.getParamsMap());
        if (block.hasEncoder()) {
            b.setEncoder(mergeSpec(b.hasEncoder() ? b.getEncoder() : null, block.getEncoder()));
        }
        if (block.getAugmenterCount() > 0) {
            b.clearAugmenter().addAllAugmenter(block.getAugmenterList());
        }
        if (block.getSamplerCount() > 0) {
            b.clearSampler().addAllSampler(block.getSamplerList());
        }
        if (block.hasTrainer()) {
            b.getTrainerBuilder().mergeFrom(block.getTrainer());
        }
        return b.build();
    }

    /** An encoder block over a base encoder: the same name merges params; another name replaces it. */
    private static PluginSpec mergeSpec(PluginSpec base, PluginSpec block) {
        if (base == null || (!block.getName().isEmpty() && !block.getName().equals(base.getName()))) {
            return block;
        }
        return base.toBuilder().putAllParams(block.getParamsMap()).build();
    }

    static String labelOf(ModelConfig m) {
        return m.getLabel().isEmpty() ? m.getPlugin() : m.getLabel();
    }
}
