package io.mic.models.tf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A table as one graph sees it: a placeholder {@code [n + 1, d]} fed, per run, with the distinct
 * rows that the run's lookups touch (plus a zero row that padding ids point to). All lookups into
 * one table share it, so an id used by several inputs of a batch (target item, history, augmented
 * view) is one fed row whose gradient sums every use, and the table's optimizer steps it once.
 */
public final class TableInput {
    private final EmbeddingRows rows;
    private final Placeholder<TFloat32> placeholder;
    private final GraphBuilder builder;
    private final List<Lookup> lookups = new ArrayList<>();
    final int ordinal;

    TableInput(EmbeddingRows rows, Placeholder<TFloat32> placeholder, GraphBuilder builder, int ordinal) {
        this.rows = rows;
        this.placeholder = placeholder;
        this.builder = builder;
        this.ordinal = ordinal;
    }

    /** The store behind it (an {@link EmbeddingTable} when the graph trains it). */
    public EmbeddingRows rows() {
        return rows;
    }

    /** The fed rows {@code [n + 1, d]}. */
    public Placeholder<TFloat32> placeholder() {
        return placeholder;
    }

    /** A {@code [B]}-id input; {@code name} is unique within the graph. */
    public Lookup lookup(String name) {
        return builder.addLookup(this, name, false);
    }

    /** A {@code [B, L]}-id input (padded with -1); {@code name} is unique within the graph. */
    public Lookup lookupSequence(String name) {
        return builder.addLookup(this, name, true);
    }

    void add(Lookup l) {
        lookups.add(l);
    }

    public List<Lookup> lookups() {
        return Collections.unmodifiableList(lookups);
    }
}
