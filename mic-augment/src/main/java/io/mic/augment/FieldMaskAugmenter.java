package io.mic.augment;

import io.mic.spi.Augmenter;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The MIC paper's random field masking. For every row and every considered column, with that
 * column's probability the whole field is masked ({@code Ids} → {@link Column#MISSING},
 * {@code MultiIds} row → empty, {@code Dense} row → zeros); otherwise, in a multi-valued column,
 * each id is dropped independently with {@code sequenceP}.
 *
 * <p>Random draws happen column by column in the batch's column order, row by row: one draw per
 * row for the whole-field decision (skipped when the column's probability is 0), then one per id
 * of an unmasked multi-valued row (skipped when {@code sequenceP} is 0). Columns that cannot change
 * are shared with the input. Immutable and thread-safe.
 */
final class FieldMaskAugmenter implements Augmenter {
    private final double p;
    private final Set<String> fields;
    private final Map<String, Double> overrides;
    private final double sequenceP;

    /**
     * @param p         probability of masking a whole field in a row
     * @param fields    columns to consider, or {@code null} for every column of the batch
     * @param overrides per-column probabilities replacing {@code p}
     * @param sequenceP probability of dropping each id of an unmasked multi-valued row
     */
    FieldMaskAugmenter(double p, Set<String> fields, Map<String, Double> overrides, double sequenceP) {
        this.p = p;
        // insertion-ordered copies: error messages and toString() list fields as configured
        this.fields = fields == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(fields));
        this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        this.sequenceP = sequenceP;
    }

    @Override
    public FeatureBatch augment(FeatureBatch batch, RandomGenerator random) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(random, "random");
        if (fields != null) {
            for (String f : fields) {
                if (!batch.has(f)) {
                    throw new IllegalArgumentException("field-mask: 'fields' names column '" + f + "', which the batch does not have; "
                            + "batch columns: " + batch.names());
                }
            }
        }
        Map<String, Column> out = new LinkedHashMap<>(batch.columns());
        for (Map.Entry<String, Column> e : batch.columns().entrySet()) {
            String name = e.getKey();
            if (fields != null && !fields.contains(name)) {
                continue;
            }
            double pf = overrides.getOrDefault(name, p);
            Column c = e.getValue();
            Column masked;
            if (c instanceof Column.Ids ids) {
                masked = mask(ids, pf, random);
            } else if (c instanceof Column.MultiIds multi) {
                masked = mask(multi, pf, random);
            } else {
                masked = mask((Column.Dense) c, pf, random);
            }
            out.put(name, masked);
        }
        return FeatureBatch.of(batch.size(), out);
    }

    private static Column mask(Column.Ids c, double pf, RandomGenerator random) {
        if (pf == 0) {
            return c;
        }
        int[] v = c.values().clone();
        for (int r = 0; r < v.length; r++) {
            if (random.nextDouble() < pf) {
                v[r] = Column.MISSING;
            }
        }
        return new Column.Ids(v);
    }

    private Column mask(Column.MultiIds c, double pf, RandomGenerator random) {
        if (pf == 0 && sequenceP == 0) {
            return c;
        }
        int[] off = c.offsets();
        int[] val = c.values();
        int rows = c.rows();
        int[] newOff = new int[rows + 1];
        int[] newVal = new int[val.length];
        int w = 0;
        for (int r = 0; r < rows; r++) {
            boolean whole = pf > 0 && random.nextDouble() < pf;
            if (!whole) {
                for (int k = off[r]; k < off[r + 1]; k++) {
                    if (sequenceP == 0 || random.nextDouble() >= sequenceP) {
                        newVal[w++] = val[k];
                    }
                }
            }
            newOff[r + 1] = w;
        }
        return new Column.MultiIds(newOff, w == newVal.length ? newVal : Arrays.copyOf(newVal, w));
    }

    private static Column mask(Column.Dense c, double pf, RandomGenerator random) {
        if (pf == 0) {
            return c;
        }
        float[] v = c.values().clone();
        int dim = c.dim();
        for (int r = 0, rows = c.rows(); r < rows; r++) {
            if (random.nextDouble() < pf) {
                Arrays.fill(v, r * dim, (r + 1) * dim, 0f);
            }
        }
        return new Column.Dense(v, dim);
    }

    @Override
    public String toString() {
        return "field-mask[p=" + p + ", fields=" + (fields == null ? "(all)" : fields) + ", overrides=" + overrides
                + ", sequence_p=" + sequenceP + "]";
    }
}
