package io.mic.augment;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.ComponentContext;
import io.mic.spi.FeatureBatch;
import io.mic.spi.FieldSpec;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code field-mask}: the MIC paper's random field masking (views ũ and ṽ of a user or item batch).
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code p} (default 0.2, in [0, 1]): probability of masking a whole field in a row;
 *       {@code Ids} become {@link io.mic.spi.Column#MISSING}, a {@code MultiIds} row becomes
 *       empty, a {@code Dense} row becomes zeros;</li>
 *   <li>{@code fields} (comma list; default every column of the batch, the {@code id} column
 *       included, since MIC masks ids too): the columns to consider. Every listed column must be
 *       in each batch the augmenter sees, or {@code augment} fails naming it;</li>
 *   <li>{@code sequence_p} (default 0.2, in [0, 1]): probability of dropping each id of a
 *       multi-valued column ({@code history}, {@code recent_users}, {@code genres}) in a row whose
 *       field was not masked whole;</li>
 *   <li>{@code p.<field>} (in [0, 1]): replaces {@code p} for one column. With explicit
 *       {@code fields} the column must be listed there; otherwise it must be {@code id},
 *       {@code history}, {@code recent_users} or a user or item field of the schema (a typo is an
 *       error, not a silently unused key). A batch without that column (an item batch, for a user
 *       field) simply has nothing to mask.</li>
 * </ul>
 */
public final class FieldMaskAugmenterFactory implements AugmenterFactory {
    private static final String OVERRIDE_PREFIX = "p.";

    @Override
    public String name() {
        return "field-mask";
    }

    @Override
    public String description() {
        return "random field masking (whole fields and ids inside sequences), as in the MIC paper";
    }

    @Override
    public Augmenter create(PluginConfig config, ComponentContext context) {
        double p = config.getDouble("p", 0.2, 0, 1);
        double sequenceP = config.getDouble("sequence_p", 0.2, 0, 1);
        Set<String> fields = null;
        if (config.has("fields")) {
            List<String> listed = config.getStringList("fields", List.of());
            if (listed.isEmpty()) {
                throw config.error("fields", "is empty; leave it out to consider every column");
            }
            fields = new LinkedHashSet<>(listed);
            if (fields.size() != listed.size()) {
                throw config.error("fields", "lists a column twice: " + listed);
            }
        }
        Set<String> known = fields != null ? fields : knownColumns(context);
        Map<String, Double> overrides = new LinkedHashMap<>();
        for (String key : List.copyOf(config.keys())) {
            if (!key.startsWith(OVERRIDE_PREFIX)) {
                continue;
            }
            String field = key.substring(OVERRIDE_PREFIX.length());
            double pf = config.getDouble(key, p, 0, 1);
            if (field.isEmpty()) {
                throw config.error(key, "names no field; write p.<field>, e.g. p.gender");
            }
            if (!known.contains(field)) {
                throw config.error(key, fields != null
                        ? "column '" + field + "' is not in 'fields' " + fields
                        : "column '" + field + "' is neither a conventional column nor a schema field; known: " + new TreeSet<>(known)
                                + " (list it in 'fields' if the batches carry a column of that name)");
            }
            overrides.put(field, pf);
        }
        return new FieldMaskAugmenter(p, fields, overrides, sequenceP);
    }

    private static Set<String> knownColumns(PluginContext context) {
        Set<String> known = new LinkedHashSet<>(List.of(FeatureBatch.ID, FeatureBatch.HISTORY, FeatureBatch.RECENT_USERS));
        for (FieldSpec f : context.schema().userFields()) {
            known.add(f.name());
        }
        for (FieldSpec f : context.schema().itemFields()) {
            known.add(f.name());
        }
        return known;
    }
}
