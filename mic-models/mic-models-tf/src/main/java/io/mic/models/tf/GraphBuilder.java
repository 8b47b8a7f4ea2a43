package io.mic.models.tf;

import io.mic.models.tf.export.SavedModelExporter;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import io.mic.models.tf.tables.EmbeddingRows;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.models.tf.tables.MappedEmbeddings;
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
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
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
 *
 * <p>The same model code also builds export graphs: {@link SavedModelExporter} hands each
 * signature's callback a builder in export mode, where {@link #table} is a variable holding the
 * whole table (plus a zero padding row), a {@link Lookup} takes raw ids ({@code -1} = padding) and
 * computes its mask from them, and {@link #param} reads a variable. Lookups and inputs are then
 * named per signature (two signatures may both have a {@code "history"} input), while tables and
 * parameters are shared by all signatures of the graph.
 */
public final class GraphBuilder implements AutoCloseable {
    /** Names of tables, parameters, lookups and inputs: '/'-separated segments that TF accepts as scopes. */
    public static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*";
    private final Graph graph = new Graph();
    private final Ops root = Ops.create(graph);
    /** Where lookups, inputs and model ops go: the root, or the current signature's sub-scope in export mode. */
    private Ops tf = root;
    /** Non-null in export mode. */
    private final ExportState export;
    private final Map<EmbeddingRows, TableInput> tables = new IdentityHashMap<>();
    private final List<TableInput> tableList = new ArrayList<>();
    private final List<Lookup> lookups = new ArrayList<>();
    private final Map<DenseParam, Placeholder<TFloat32>> params = new IdentityHashMap<>();
    private final List<DenseParam> paramList = new ArrayList<>();
    private final Map<String, Placeholder<?>> inputs = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Set<String> paramNames = new HashSet<>();
    private final Map<DenseParam, Variable<TFloat32>> exportParams = new IdentityHashMap<>();
    private final Map<DenseParam, ParamView> views = new IdentityHashMap<>();
    private boolean built;

    /** A builder for a training or forward graph. */
    public GraphBuilder() {
        this.export = null;
    }

    private GraphBuilder(ExportState export) {
        this.export = export;
    }

    /** A builder in export mode (used by {@link SavedModelExporter}). */
    public static GraphBuilder forExport() {
        return new GraphBuilder(new ExportState());
    }

    /** True when this builder makes an export graph (tables and parameters are variables, lookups take raw ids). */
    public boolean isExport() {
        return export != null;
    }

    /** Op factory for this graph (in export mode: scoped to the signature being built). */
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
        return named(tf, path);
    }

    private static Ops named(Ops base, String path) {
        String[] parts = path.split("/");
        Ops o = base;
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
            throw new IllegalArgumentException("duplicate " + kind + " '" + name + "' in one "
                    + (export != null && export.signature != null ? "signature ('" + export.signature + "')" : "graph"));
        }
        return kind + "/" + name;
    }

    private void checkExportSignature(String what) {
        if (export != null && export.signature == null) {
            throw new IllegalStateException(what + " outside a signature: export graphs are built through SavedModelExporter");
        }
    }

    /** The graph-side view of {@code rows} (one per table per graph; repeated calls return it). */
    public TableInput table(EmbeddingRows rows) {
        checkOpen();
        TableInput t = tables.get(rows);
        if (t == null) {
            String op = claim("tables", rows.name());
            if (export != null) {
                Variable<TFloat32> v = export.variable(root, "tables", rows.name(), Shape.of(rows.rows() + 1L, rows.dim()), rows, null);
                t = new TableInput(rows, null, v, this, tableList.size());
            } else {
                Placeholder<TFloat32> p = named(op).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, rows.dim())));
                t = new TableInput(rows, p, p, this, tableList.size());
            }
            tables.put(rows, t);
            tableList.add(t);
        }
        return t;
    }

    Lookup addLookup(TableInput t, String name, boolean sequence) {
        checkOpen();
        checkExportSignature("lookup '" + name + "'");
        String op = claim("lookups", name);
        Shape idShape = sequence ? Shape.of(-1, -1) : Shape.of(-1);
        Lookup l;
        if (export != null) {
            // raw ids in, -1 -> the zero row at index `rows`, anything else outside [0, rows) fails the run
            Placeholder<TInt32> ids = export.input(tf, name).placeholder(TInt32.class, Placeholder.shape(idShape));
            Ops s = scoped(op);
            int rows = t.rows().rows();
            Operand<TBool> valid = s.math.logicalAnd(s.math.greaterEqual(ids, s.constant(-1)), s.math.less(ids, s.constant(rows)));
            Operand<TBool> all = s.reduceAll(valid, s.range(s.constant(0), s.rank(ids), s.constant(1)));
            var check = s.assertThat(all, List.of(s.constant("lookup " + name + ": ids must be -1 (padding) or in [0, " + rows
                    + ") of table " + t.rows().name() + "; first ids:"), ids));
            Operand<TInt32> checked = s.withControlDependencies(List.of(check)).identity(ids);
            Operand<TBool> pad = s.math.less(checked, s.constant(0));
            Operand<TInt32> index = s.select(pad, s.fill(s.shape(checked), s.constant(rows)), checked);
            Operand<TFloat32> mask = s.dtypes.cast(s.math.logicalNot(pad), TFloat32.class);
            Operand<TFloat32> values = Layers.gatherRows(s, t.source(), index);
            l = new Lookup(name, t, sequence, ids, mask, null, values, lookups.size());
            export.inputs.put(name, ids);
        } else {
            Placeholder<TInt32> index = named(op + "/index").placeholder(TInt32.class, Placeholder.shape(idShape));
            Placeholder<TFloat32> mask = named(op + "/mask").placeholder(TFloat32.class, Placeholder.shape(idShape));
            Operand<TFloat32> values = Layers.gatherRows(scoped(op), t.source(), index);
            l = new Lookup(name, t, sequence, index, mask, mask, values, lookups.size());
        }
        lookups.add(l);
        t.add(l);
        return l;
    }

    /** The placeholder fed with {@code p}'s values on every run (one per parameter per graph). */
    public Operand<TFloat32> param(DenseParam p) {
        checkOpen();
        if (export != null && exportParams.containsKey(p)) {
            return exportParams.get(p);
        }
        if (views.containsKey(p)) {
            throw new IllegalArgumentException("parameter '" + p.name() + "' entered this graph through a view; use that placeholder");
        }
        Placeholder<TFloat32> ph = params.get(p);
        if (ph == null) {
            if (!paramNames.add(p.name())) {
                throw new IllegalArgumentException("two different parameters named '" + p.name() + "' in one graph");
            }
            String op = claim("params", p.name());
            if (export != null) {
                Variable<TFloat32> v = export.variable(root, "params", p.name(), Shape.of(p.shape()), null, p);
                exportParams.put(p, v);
                paramList.add(p);
                return v;
            }
            ph = named(op).placeholder(TFloat32.class, Placeholder.shape(Shape.of(p.shape())));
            params.put(p, ph);
            paramList.add(p);
        }
        return ph;
    }

    /**
     * The placeholder fed with {@code view.forward(p.values())} on every run; the gradient w.r.t. it
     * reaches {@code p} through {@code view.adjoint} (see {@link ParamView}). A parameter enters a
     * graph either plainly or through one view. Training graphs only.
     */
    public Operand<TFloat32> param(DenseParam p, ParamView view) {
        checkOpen();
        checkNotExport();
        if (params.containsKey(p)) {
            throw new IllegalArgumentException("parameter '" + p.name() + "' is already in this graph; it may enter through one view only");
        }
        if (!paramNames.add(p.name())) {
            throw new IllegalArgumentException("two different parameters named '" + p.name() + "' in one graph");
        }
        String op = claim("params", p.name());
        Placeholder<TFloat32> ph = named(op).placeholder(TFloat32.class, Placeholder.shape(Shape.of(view.shape())));
        params.put(p, ph);
        paramList.add(p);
        views.put(p, view);
        return ph;
    }

    /** A float data input; {@code shape} uses -1 for unknown sizes (none given: any shape). */
    public Placeholder<TFloat32> floatInput(String name, long... shape) {
        checkOpen();
        checkExportSignature("input '" + name + "'");
        String op = claim("inputs", name);
        Ops o = export != null ? export.input(tf, name) : named(op);
        Placeholder<TFloat32> p = shape.length == 0 ? o.placeholder(TFloat32.class)
                : o.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        (export != null ? export.inputs : inputs).put(name, p);
        return p;
    }

    /** An int data input; {@code shape} uses -1 for unknown sizes. */
    public Placeholder<TInt32> intInput(String name, long... shape) {
        checkOpen();
        checkExportSignature("input '" + name + "'");
        String op = claim("inputs", name);
        Ops o = export != null ? export.input(tf, name) : named(op);
        Placeholder<TInt32> p = shape.length == 0 ? o.placeholder(TInt32.class)
                : o.placeholder(TInt32.class, Placeholder.shape(Shape.of(shape)));
        (export != null ? export.inputs : inputs).put(name, p);
        return p;
    }

    /**
     * A training graph: adds gradients of {@code loss} (a float32 scalar) with respect to every
     * table's fed rows and every dense parameter, and opens a session. {@code metrics} are extra
     * float32 scalars fetched on every step (e.g. the terms of a composite loss). Tables that are
     * {@link EmbeddingTable}s are trained; any other store (a read-only {@link MappedEmbeddings} or
     * {@link io.mic.models.tf.features.FeatureTable} of frozen item features) is fed per batch like
     * them but frozen: no gradient is computed for it and it is never written.
     */
    public StepGraph build(Operand<TFloat32> loss, Map<String, Operand<TFloat32>> metrics) {
        checkOpen();
        checkNotExport();
        if (loss.shape().isUnknown() || loss.shape().numDimensions() != 0) {
            throw new IllegalArgumentException("loss must be a scalar of known shape, got "
                    + (loss.shape().isUnknown() ? "unknown rank (declare input shapes, or reduce over explicit axes)" : "shape " + loss.shape()));
        }
        for (TableInput t : tableList) {
            if (t.lookups().isEmpty()) {
                throw new IllegalArgumentException("table '" + t.rows().name() + "' has no lookup in this graph");
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
        checkNotExport();
        built = true;
        return new StepGraph(this, null, new LinkedHashMap<>());
    }

    private void checkNotExport() {
        if (export != null) {
            throw new IllegalStateException("an export graph is not built into a StepGraph: SavedModelExporter writes it");
        }
    }

    // ------------------------------------------------------------------ export mode

    /** Starts the ops of signature {@code name}: lookups and inputs from here on belong to it. */
    public void beginSignature(String name) {
        checkOpen();
        if (export.signature != null) {
            throw new IllegalStateException("signature '" + export.signature + "' is still open");
        }
        export.signature = name;
        export.inputs = new LinkedHashMap<>();
        names.removeIf(n -> n.startsWith("lookups/") || n.startsWith("inputs/"));
        tf = root.withSubScope(name);
    }

    /** Ends the current signature and returns its inputs (lookup ids and data inputs) by name, in creation order. */
    public Map<String, Placeholder<?>> endSignature() {
        Map<String, Placeholder<?>> in = export.inputs;
        export.signature = null;
        export.inputs = null;
        tf = root;
        return in;
    }

    /** The variables of an export graph with what fills them, in creation order. */
    public List<ExportVariable> exportVariables() {
        return export.variables;
    }

    /** Marks the builder used; the graph now belongs to the caller (the exporter closes it). */
    public Graph releaseGraph() {
        checkOpen();
        built = true;
        return graph;
    }

    /** Root-scope op factory (the exporter adds its fill ops there). */
    public Ops rootOps() {
        return root;
    }

    /** A variable of an export graph: a whole table (rows + zero row) or a dense parameter. */
    public record ExportVariable(Variable<TFloat32> variable, String name, EmbeddingRows table, DenseParam param) {
    }

    /**
     * Export-mode names are chosen to be stable, since they are checkpoint keys and signature
     * tensors: TF Java makes every {@code withSubScope} call unique ({@code tables}, {@code tables_1},
     * ...), so each scope is created once and a name's '/' becomes '.' inside it:
     * {@code tables/<table>}, {@code params/<param with . for />}, {@code <signature>/<input>}.
     */
    private static final class ExportState {
        final List<ExportVariable> variables = new ArrayList<>();
        final Map<String, Ops> scopes = new java.util.HashMap<>();
        String signature;
        Map<String, Placeholder<?>> inputs;

        /** A VariableV2 with an explicit, unique shared name (see TF-JAVA-NOTES on aliasing). */
        Variable<TFloat32> variable(Ops root, String kind, String name, Shape shape, EmbeddingRows table, DenseParam param) {
            Ops scope = scopes.computeIfAbsent(kind, root::withSubScope);
            String opName = kind + "/" + name.replace('/', '.');
            Variable<TFloat32> v = scope.withName(name.replace('/', '.')).variable(shape, TFloat32.class, Variable.sharedName(opName));
            if (!v.op().name().equals(opName)) {
                throw new IllegalArgumentException(kind + " '" + name + "' clashes with another one once '/' is written '.' (" + v.op().name() + ")");
            }
            variables.add(new ExportVariable(v, opName, table, param));
            return v;
        }

        /** Where signature input {@code name} goes; a lookup and a data input may not share a name. */
        Ops input(Ops signatureScope, String name) {
            if (inputs.containsKey(name)) {
                throw new IllegalArgumentException("signature '" + signature + "' has two inputs named '" + name + "'");
            }
            return signatureScope.withName(name.replace('/', '.'));
        }
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

    /** The view {@code p} enters through, or null when it is fed plainly. */
    ParamView viewOf(DenseParam p) {
        return views.get(p);
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
