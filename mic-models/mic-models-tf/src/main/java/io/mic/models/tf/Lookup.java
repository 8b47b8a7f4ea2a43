package io.mic.models.tf;

import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One id input of a graph that reads rows of a table: a single id per example ({@code [B]} ids
 * giving {@link #values()} {@code [B, d]}) or a padded sequence ({@code [B, L]} ids giving
 * {@code [B, L, d]}). Padding ids (-1) read an all-zero row and have {@link #mask()} 0. Created by
 * {@link TableInput#lookup} / {@link TableInput#lookupSequence}; fed with {@link Feeds#ids}.
 */
public final class Lookup {
    private final String name;
    private final TableInput table;
    private final boolean sequence;
    private final Placeholder<TInt32> index;
    private final Operand<TFloat32> mask;
    private final Placeholder<TFloat32> maskFeed;
    private final Operand<TFloat32> values;
    final int ordinal;

    /**
     * @param index    training/forward graphs: each id's position among the fed rows; export
     *                 graphs: the raw ids (the signature input)
     * @param maskFeed the placeholder {@code mask} reads (training/forward graphs); null in export
     *                 graphs, where the mask is computed from the ids
     */
    Lookup(String name, TableInput table, boolean sequence, Placeholder<TInt32> index, Operand<TFloat32> mask,
            Placeholder<TFloat32> maskFeed, Operand<TFloat32> values, int ordinal) {
        this.name = name;
        this.table = table;
        this.sequence = sequence;
        this.index = index;
        this.mask = mask;
        this.maskFeed = maskFeed;
        this.values = values;
        this.ordinal = ordinal;
    }

    public String name() {
        return name;
    }

    public TableInput table() {
        return table;
    }

    /** True for {@code [B, L]} id inputs. */
    public boolean isSequence() {
        return sequence;
    }

    /** The embedded rows: {@code [B, d]} or {@code [B, L, d]}. */
    public Operand<TFloat32> values() {
        return values;
    }

    /** 1 for real ids, 0 for padding: {@code [B]} or {@code [B, L]}. */
    public Operand<TFloat32> mask() {
        return mask;
    }

    Placeholder<TInt32> index() {
        return index;
    }

    Placeholder<TFloat32> maskPlaceholder() {
        return maskFeed;
    }

    @Override
    public String toString() {
        return "Lookup[" + name + " -> " + table.rows().name() + (sequence ? ", sequence" : "") + "]";
    }
}
