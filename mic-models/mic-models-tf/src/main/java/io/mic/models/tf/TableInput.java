package io.mic.models.tf;

import io.mic.models.tf.export.SavedModelExporter;
import io.mic.models.tf.tables.EmbeddingRows;
import io.mic.models.tf.tables.EmbeddingTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A table as one graph sees it: a placeholder {@code [n + 1, d]} fed, per run, with the distinct
 * rows that the run's lookups touch (plus a zero row that padding ids point to). All lookups into
 * one table share it, so an id used by several inputs of a batch (target item, history, augmented
 * view) is one fed row whose gradient sums every use, and the table's optimizer steps it once.
 *
 * <p>In an export graph ({@link SavedModelExporter}) the table is instead a variable holding every
 * row plus the zero padding row, and lookups take raw ids; {@link #placeholder()} does not exist there.
 */
public final class TableInput {
    private final EmbeddingRows rows;
    private final Placeholder<TFloat32> placeholder;
    private final Operand<TFloat32> source;
    private final GraphBuilder builder;
    private final List<Lookup> lookups = new ArrayList<>();
    final int ordinal;

    /** {@code placeholder} is null in export graphs, where {@code source} is the table variable. */
    TableInput(EmbeddingRows rows, Placeholder<TFloat32> placeholder, Operand<TFloat32> source, GraphBuilder builder, int ordinal) {
        this.rows = rows;
        this.placeholder = placeholder;
        this.source = source;
        this.builder = builder;
        this.ordinal = ordinal;
    }

    /** The store behind it (an {@link EmbeddingTable} when the graph trains it). */
    public EmbeddingRows rows() {
        return rows;
    }

    /**
     * The fed rows {@code [n + 1, d]}.
     *
     * @throws IllegalStateException in an export graph, which has no fed rows
     */
    public Placeholder<TFloat32> placeholder() {
        if (placeholder == null) {
            throw new IllegalStateException("table '" + rows.name() + "' is a variable in an export graph: it has no fed-rows placeholder");
        }
        return placeholder;
    }

    /** What lookups gather from: the fed rows, or the whole table in an export graph. */
    Operand<TFloat32> source() {
        return source;
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
