package io.mic.models.tf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds one TensorFlow graph over Java-held parameters. Every parameter enters the graph as a
 * placeholder: tables through {@link #table} (the batch's distinct rows), dense parameters
 * through {@link #param}; data through {@link #floatInput}/{@link #intInput}. The model then
 * builds its loss with {@link #tf()}, {@link Layers} and {@link Losses}, and {@link #build}
 * turns it into a {@link StepGraph} that owns the graph and a session.
 *
 * <pre>{@code
 * try (GraphBuilder gb = new GraphBuilder()) {
 *     Ops tf = gb.tf();
 *     Lookup user = gb.table(users).lookup("user");
 *     Lookup item = gb.table(items).lookup("item");
 *     Placeholder<TFloat32> logQ = gb.floatInput("logq", -1);
 *     Operand<TFloat32> loss = Losses.infoNce(user.values(), item.values())
 *             .temperature(0.1).logQ(logQ).build(tf);
 *     step = gb.build(loss, Map.of());
 * }
 * }</pre>
 *
 * <p>Names (lookups, inputs, parameters) must be unique within a graph; they appear in error
 * messages. Not thread-safe; a builder is used once.
 */
public final class GraphBuilder implements AutoCloseable {
    /** Names of tables, parameters, lookups and inputs: '/'-separated segments that TF accepts as scopes. */
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*";
    private final Graph graph = new Graph();
    private final Ops tf = Ops.create(graph);
    private final Map<EmbeddingRows, TableInput> tables = new IdentityHashMap<>();
    private final List<TableInput> tableList = new ArrayList<>();
    private final List<Lookup> lookups = new ArrayList<>();
    private final Map<DenseParam, Placeholder<TFloat32>> params = new IdentityHashMap<>();
    private final List<DenseParam> paramList = new ArrayList<>();
    private final Map<String, Placeholder<?>> inputs = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Set<String> paramNames = new HashSet<>();
    private boolean built;

    /** Op factory for this graph. */
    public Ops tf() {
        return tf;
    }

    /** The graph under construction (owned by this builder, then by the {@link StepGraph}). */
    public Graph graph() {
        return graph;
    }

    private void checkOpen() {
        if (built) {
            throw new IllegalStateException("graph already built");
        }
    }

    /** Ops whose next op is named {@code path}: TF Java op names take no '/', so each segment is a sub-scope. */
    private Ops named(String path) {
        String[] parts = path.split("/");
        Ops o = tf;
        for (int i = 0; i + 1 < parts.length; i++) {
            o = o.withSubScope(parts[i]);
        }
        return o.withName(parts[parts.length - 1]);
    }

    private Ops scoped(String path) {
        Ops o = tf;
        for (String part : path.split("/")) {
            o = o.withSubScope(part);
        }
        return o;
    }

    private String claim(String kind, String name) {
        if (name == null || !name.matches(NAME)) {
            throw new IllegalArgumentException(kind + " name must be '/'-separated segments of [A-Za-z0-9][A-Za-z0-9_.-]*, got '" + name + "'");
        }
        if (!names.add(kind + "/" + name)) {
            throw new IllegalArgumentException("duplicate " + kind + " '" + name + "' in one graph");
        }
        return kind + "/" + name;
    }

    /** The graph-side view of {@code rows} (one per table per graph; repeated calls return it). */
    public TableInput table(EmbeddingRows rows) {
        checkOpen();
        TableInput t = tables.get(rows);
        if (t == null) {
            String op = claim("tables", rows.name());
            Placeholder<TFloat32> p = named(op).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, rows.dim())));
            t = new TableInput(rows, p, this, tableList.size());
            tables.put(rows, t);
            tableList.add(t);
        }
        return t;
    }

    Lookup addLookup(TableInput t, String name, boolean sequence) {
        checkOpen();
        String op = claim("lookups", name);
        Shape idShape = sequence ? Shape.of(-1, -1) : Shape.of(-1);
        Placeholder<TInt32> index = named(op + "/index").placeholder(TInt32.class, Placeholder.shape(idShape));
        Placeholder<TFloat32> mask = named(op + "/mask").placeholder(TFloat32.class, Placeholder.shape(idShape));
        Operand<TFloat32> values = Layers.gatherRows(scoped(op), t.placeholder(), index);
        Lookup l = new Lookup(name, t, sequence, index, mask, values, lookups.size());
        lookups.add(l);
        t.add(l);
        return l;
    }

    /** The placeholder fed with {@code p}'s values on every run (one per parameter per graph). */
    public Operand<TFloat32> param(DenseParam p) {
        checkOpen();
        Placeholder<TFloat32> ph = params.get(p);
        if (ph == null) {
            if (!paramNames.add(p.name())) {
                throw new IllegalArgumentException("two different parameters named '" + p.name() + "' in one graph");
            }
            String op = claim("params", p.name());
            ph = named(op).placeholder(TFloat32.class, Placeholder.shape(Shape.of(p.shape())));
            params.put(p, ph);
            paramList.add(p);
        }
        return ph;
    }

    /** A float data input; {@code shape} uses -1 for unknown sizes (none given: any shape). */
    public Placeholder<TFloat32> floatInput(String name, long... shape) {
        checkOpen();
        String op = claim("inputs", name);
        Placeholder<TFloat32> p = shape.length == 0 ? named(op).placeholder(TFloat32.class)
                : named(op).placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        inputs.put(name, p);
        return p;
    }

    /** An int data input; {@code shape} uses -1 for unknown sizes. */
    public Placeholder<TInt32> intInput(String name, long... shape) {
        checkOpen();
        String op = claim("inputs", name);
        Placeholder<TInt32> p = shape.length == 0 ? named(op).placeholder(TInt32.class)
                : named(op).placeholder(TInt32.class, Placeholder.shape(Shape.of(shape)));
        inputs.put(name, p);
        return p;
    }

    /**
     * A training graph: adds gradients of {@code loss} (a float32 scalar) with respect to every
     * table's fed rows and every dense parameter, and opens a session. {@code metrics} are extra
     * float32 scalars fetched on every step (e.g. the terms of a composite loss). Every table of a
     * training graph must be an {@link EmbeddingTable}.
     */
    public StepGraph build(Operand<TFloat32> loss, Map<String, Operand<TFloat32>> metrics) {
        checkOpen();
        if (loss.shape().isUnknown() || loss.shape().numDimensions() != 0) {
            throw new IllegalArgumentException("loss must be a scalar of known shape, got "
                    + (loss.shape().isUnknown() ? "unknown rank (declare input shapes, or reduce over explicit axes)" : "shape " + loss.shape()));
        }
        for (TableInput t : tableList) {
            if (t.lookups().isEmpty()) {
                throw new IllegalArgumentException("table '" + t.rows().name() + "' has no lookup in this graph");
            }
            if (!(t.rows() instanceof EmbeddingTable)) {
                throw new IllegalArgumentException("table '" + t.rows().name() + "' is read-only (" + t.rows().getClass().getSimpleName()
                        + "); a training graph needs EmbeddingTables");
            }
        }
        built = true;
        return new StepGraph(this, loss, new LinkedHashMap<>(metrics));
    }

    /** A training graph without extra metrics. */
    public StepGraph build(Operand<TFloat32> loss) {
        return build(loss, Map.of());
    }

    /** An inference graph: no gradients; run with {@link StepGraph#forward}. Tables may be read-only stores. */
    public StepGraph buildForward() {
        checkOpen();
        built = true;
        return new StepGraph(this, null, new LinkedHashMap<>());
    }

    List<TableInput> tableList() {
        return tableList;
    }

    List<Lookup> lookups() {
        return lookups;
    }

    List<DenseParam> paramList() {
        return paramList;
    }

    Placeholder<TFloat32> placeholderOf(DenseParam p) {
        return params.get(p);
    }

    Map<String, Placeholder<?>> inputs() {
        return inputs;
    }

    /** Closes the graph unless {@link #build} handed it to a {@link StepGraph}. */
    @Override
    public void close() {
        if (!built) {
            graph.close();
        }
    }
}
