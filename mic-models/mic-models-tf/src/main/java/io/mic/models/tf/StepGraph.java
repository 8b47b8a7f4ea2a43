package io.mic.models.tf;

import io.mic.models.tf.tables.EmbeddingRows;
import io.mic.models.tf.tables.EmbeddingTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A built graph with its session: the training step and forward runs of a model.
 *
 * <p>{@link #train}: gathers each table's distinct rows for the batch, feeds them with the dense
 * parameters and data, fetches the loss and the gradients w.r.t. the fed rows and parameters,
 * checks them for NaN/Inf, clips by global norm, and only then applies the table and dense
 * optimizers in Java. Cost is O(batch), independent of the vocabulary.
 *
 * <p>Threading: {@link #train} is single-threaded (one trainer). {@link #forward} may run from
 * several threads at once, each with its own {@link Feeds}, but not concurrently with
 * {@link #train} on graphs sharing dense parameters (tables are locked, dense params are not).
 * Close it once; it closes its session and graph.
 */
public final class StepGraph implements AutoCloseable {
    private final Graph graph;
    private final Session session;
    final List<TableInput> tables;
    final List<Lookup> lookups;
    final List<DenseParam> params;
    private final List<Placeholder<TFloat32>> paramPlaceholders = new ArrayList<>();
    /** Per parameter: the {@link ParamView} it enters through, or null (fed plainly). */
    private final List<ParamView> views = new ArrayList<>();
    final List<String> inputNames = new ArrayList<>();
    final List<Placeholder<?>> inputPlaceholders = new ArrayList<>();
    final Map<String, Integer> inputOrdinal = new HashMap<>();
    private final Operand<TFloat32> loss;
    private final List<String> metricNames;
    private final List<Operand<TFloat32>> metrics;
    /** Gradients of the trainable tables ({@link EmbeddingTable}s), in the order of {@link #trainable}. */
    private final Output<?>[] tableGrads;
    /** Ordinals of the tables that are trained; the others (read-only stores) are frozen inputs. */
    private final int[] trainable;
    private final Output<?>[] paramGrads;

    StepGraph(GraphBuilder b, Operand<TFloat32> loss, Map<String, Operand<TFloat32>> metrics) {
        this.graph = b.graph();
        this.tables = List.copyOf(b.tableList());
        this.lookups = List.copyOf(b.lookups());
        this.params = List.copyOf(b.paramList());
        for (DenseParam p : params) {
            paramPlaceholders.add(b.placeholderOf(p));
            views.add(b.viewOf(p));
        }
        for (Map.Entry<String, Placeholder<?>> e : b.inputs().entrySet()) {
            inputOrdinal.put(e.getValue().op().name(), inputNames.size());
            inputNames.add(e.getKey());
            inputPlaceholders.add(e.getValue());
        }
        this.loss = loss;
        this.metricNames = List.copyOf(metrics.keySet());
        this.metrics = List.copyOf(metrics.values());
        if (loss != null) {
            trainable = tables.stream().filter(t -> t.rows() instanceof EmbeddingTable).mapToInt(t -> t.ordinal).toArray();
            Output<?>[] xs = new Output<?>[trainable.length + params.size()];
            for (int i = 0; i < trainable.length; i++) {
                xs[i] = tables.get(trainable[i]).placeholder().asOutput();
            }
            for (int i = 0; i < params.size(); i++) {
                xs[trainable.length + i] = paramPlaceholders.get(i).asOutput();
            }
            Output<?>[] grads = xs.length == 0 ? new Output<?>[0] : graph.addGradients(loss.asOutput(), xs);
            tableGrads = new Output<?>[trainable.length];
            paramGrads = new Output<?>[params.size()];
            System.arraycopy(grads, 0, tableGrads, 0, trainable.length);
            System.arraycopy(grads, trainable.length, paramGrads, 0, params.size());
        } else {
            trainable = new int[0];
            tableGrads = new Output<?>[0];
            paramGrads = new Output<?>[0];
        }
        this.session = new Session(graph);
    }

    /** Fresh inputs and scratch for this graph (one per thread). */
    public Feeds newFeeds() {
        return new Feeds(this);
    }

    /** Names of the extra scalars reported in {@link StepResult#metrics()}. */
    public List<String> metricNames() {
        return metricNames;
    }

    /** Tables of this graph, in declaration order. */
    public List<EmbeddingRows> tables() {
        List<EmbeddingRows> out = new ArrayList<>();
        for (TableInput t : tables) {
            out.add(t.rows());
        }
        return Collections.unmodifiableList(out);
    }

    /** Dense parameters of this graph, in declaration order. */
    public List<DenseParam> params() {
        return params;
    }

    /** The graph (for building export graphs or inspecting ops); owned by this object. */
    public Graph graph() {
        return graph;
    }

    /**
     * One training step: forward, backward, NaN/Inf check, global-norm clipping, optimizer
     * updates of every table and dense parameter.
     *
     * @param lr       learning rate for this step (all parameters)
     * @param clipNorm clip the global gradient norm to this value; {@code <= 0} or infinite: no clipping
     * @param step     global step, used in error messages only
     * @throws NonFiniteException when the loss or a gradient holds NaN/Inf; nothing was updated
     */
    public StepResult train(Feeds f, float lr, double clipNorm, long step) {
        if (loss == null) {
            throw new IllegalStateException("forward-only graph: build it with GraphBuilder.build(loss)");
        }
        checkOwner(f);
        for (Lookup l : lookups) {
            if (!f.lookupFed[l.ordinal]) {
                throw new IllegalArgumentException("lookup '" + l.name() + "' was not fed");
            }
        }
        for (int i = 0; i < inputNames.size(); i++) {
            if (f.data[i] == null) {
                throw new IllegalArgumentException("input '" + inputNames.get(i) + "' was not fed");
            }
        }
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner run = session.runner();
            feedAll(f, run, owned);
            run.fetch(loss);
            for (Operand<TFloat32> m : metrics) {
                run.fetch(m);
            }
            for (Output<?> g : tableGrads) {
                run.fetch(g);
            }
            for (Output<?> g : paramGrads) {
                run.fetch(g);
            }
            double lossValue;
            float[] metricValues = new float[metrics.size()];
            try (Result res = run.run()) {
                int k = 0;
                lossValue = ((TFloat32) res.get(k++)).getFloat();
                for (int i = 0; i < metricValues.length; i++) {
                    metricValues[i] = ((TFloat32) res.get(k++)).getFloat();
                }
                for (int t : trainable) {
                    int n = f.rowCount[t] + 1;
                    int d = tables.get(t).rows().dim();
                    if (f.rowGrads[t].length < n * d) {
                        f.rowGrads[t] = new float[Math.max(n * d, f.rowGrads[t].length * 2)];
                    }
                    read((TFloat32) res.get(k++), f.rowGrads[t], n * d, "gradient of table '" + tables.get(t).rows().name() + "'");
                }
                for (int p = 0; p < params.size(); p++) {
                    ParamView view = views.get(p);
                    if (view == null) {
                        read((TFloat32) res.get(k++), f.denseGrads[p], params.get(p).size(), "gradient of param '" + params.get(p).name() + "'");
                    } else {
                        float[] g = new float[view.size()];
                        read((TFloat32) res.get(k++), g, g.length, "gradient of the view of param '" + params.get(p).name() + "'");
                        view.adjoint(g, f.denseGrads[p]);
                    }
                }
            }
            if (!Double.isFinite(lossValue)) {
                throw new NonFiniteException(step, "loss", "loss = " + lossValue);
            }
            double sq = 0;
            for (int t : trainable) {
                int len = f.rowCount[t] * tables.get(t).rows().dim();
                double s = sumSquares(f.rowGrads[t], len);
                if (!Double.isFinite(s)) {
                    int bad = firstNonFinite(f.rowGrads[t], len);
                    int row = bad / tables.get(t).rows().dim();
                    throw new NonFiniteException(step, "gradient of table '" + tables.get(t).rows().name() + "'",
                            "row id " + f.distinct[t].unique()[row] + " has " + f.rowGrads[t][bad]);
                }
                sq += s;
            }
            for (int p = 0; p < params.size(); p++) {
                double s = sumSquares(f.denseGrads[p], params.get(p).size());
                if (!Double.isFinite(s)) {
                    int bad = firstNonFinite(f.denseGrads[p], params.get(p).size());
                    throw new NonFiniteException(step, "gradient of param '" + params.get(p).name() + "'",
                            "value " + bad + " is " + f.denseGrads[p][bad]);
                }
                sq += s;
            }
            double norm = Math.sqrt(sq);
            boolean clip = clipNorm > 0 && Double.isFinite(clipNorm) && norm > clipNorm;
            if (clip) {
                float scale = (float) (clipNorm / norm);
                for (int t : trainable) {
                    scale(f.rowGrads[t], f.rowCount[t] * tables.get(t).rows().dim(), scale);
                }
                for (int p = 0; p < params.size(); p++) {
                    scale(f.denseGrads[p], params.get(p).size(), scale);
                }
            }
            for (int t : trainable) {
                ((EmbeddingTable) tables.get(t).rows()).applyGradients(f.distinct[t].unique(), f.rowCount[t], f.rowGrads[t], lr);
            }
            for (int p = 0; p < params.size(); p++) {
                params.get(p).applyGradient(f.denseGrads[p], lr);
            }
            return new StepResult(lossValue, norm, clip, metricValues, examples(f));
        } finally {
            for (Tensor t : owned) {
                t.close();
            }
        }
    }

    /**
     * Evaluates {@code outputs} (float32 operands of this graph) for the fed inputs, without
     * gradients or updates. Returns one flat row-major array per output, owned by the caller.
     * Only the lookups and inputs the outputs depend on need to be fed.
     */
    @SafeVarargs
    public final float[][] forward(Feeds f, Operand<TFloat32>... outputs) {
        checkOwner(f);
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner run = session.runner();
            feedAll(f, run, owned);
            for (Operand<TFloat32> o : outputs) {
                run.fetch(o);
            }
            float[][] out = new float[outputs.length][];
            try (Result res = run.run()) {
                for (int i = 0; i < outputs.length; i++) {
                    TFloat32 t = (TFloat32) res.get(i);
                    long n = t.shape().size();
                    out[i] = new float[(int) n];
                    read(t, out[i], (int) n, "output " + i);
                }
            }
            return out;
        } finally {
            for (Tensor t : owned) {
                t.close();
            }
        }
    }

    private void checkOwner(Feeds f) {
        if (f.graph != this) {
            throw new IllegalArgumentException("these Feeds belong to another graph");
        }
    }

    private static int examples(Feeds f) {
        for (int i = 0; i < f.lookupFed.length; i++) {
            if (f.lookupFed[i]) {
                return f.batch[i];
            }
        }
        for (int i = 0; i < f.data.length; i++) {
            if (f.shapes[i] != null && f.shapes[i].length > 0) {
                return (int) f.shapes[i][0];
            }
        }
        return 0;
    }

    /** Distinct ids per table, index/mask per lookup, gathered rows; adds every feed to {@code run}. */
    private void feedAll(Feeds f, Session.Runner run, List<Tensor> owned) {
        for (TableInput t : tables) {
            int ti = t.ordinal;
            EmbeddingRows store = t.rows();
            int total = 0;
            boolean any = false;
            for (Lookup l : t.lookups()) {
                if (f.lookupFed[l.ordinal]) {
                    total += f.batch[l.ordinal] * f.length[l.ordinal];
                    any = true;
                }
            }
            if (!any) {
                f.rowCount[ti] = 0;
                continue;
            }
            IdIndex idx = f.distinct[ti];
            idx.clear(total);
            for (Lookup l : t.lookups()) {
                int k = l.ordinal;
                if (!f.lookupFed[k]) {
                    continue;
                }
                int n = f.batch[k] * f.length[k];
                if (f.index[k].length < n) {
                    f.index[k] = new int[Math.max(n, f.index[k].length * 2)];
                    f.mask[k] = new float[f.index[k].length];
                }
                int[] src = f.ids[k];
                int[] dst = f.index[k];
                float[] m = f.mask[k];
                int rows = store.rows();
                for (int i = 0; i < n; i++) {
                    int id = src[i];
                    if (id == -1) {
                        dst[i] = -1;
                        m[i] = 0f;
                    } else if (id < 0 || id >= rows) {
                        throw new IllegalArgumentException("lookup '" + l.name() + "': id " + id + " at position " + i
                                + " outside table '" + store.name() + "' [0, " + rows + ") (use -1 for padding)");
                    } else {
                        dst[i] = idx.indexOf(id);
                        m[i] = 1f;
                    }
                }
            }
            int distinct = idx.size();
            f.rowCount[ti] = distinct;
            for (Lookup l : t.lookups()) {
                int k = l.ordinal;
                if (!f.lookupFed[k]) {
                    continue;
                }
                int n = f.batch[k] * f.length[k];
                int[] dst = f.index[k];
                for (int i = 0; i < n; i++) {
                    if (dst[i] < 0) {
                        dst[i] = distinct; // the zero padding row
                    }
                }
                Shape s = l.isSequence() ? Shape.of(f.batch[k], f.length[k]) : Shape.of(f.batch[k]);
                run.feed(l.index(), own(owned, ints(dst, n, s)));
                run.feed(l.maskPlaceholder(), own(owned, floats(f.mask[k], n, s)));
            }
            int d = store.dim();
            int len = (distinct + 1) * d;
            if (f.rows[ti].length < len) {
                f.rows[ti] = new float[Math.max(len, f.rows[ti].length * 2)];
            }
            store.gather(idx.unique(), 0, distinct, f.rows[ti], 0);
            java.util.Arrays.fill(f.rows[ti], distinct * d, len, 0f);
            run.feed(t.placeholder(), own(owned, floats(f.rows[ti], len, Shape.of(distinct + 1, d))));
        }
        for (int p = 0; p < params.size(); p++) {
            DenseParam dp = params.get(p);
            ParamView view = views.get(p);
            if (view == null) {
                run.feed(paramPlaceholders.get(p), own(owned, floats(dp.values(), dp.size(), Shape.of(dp.shape()))));
            } else {
                float[] v = new float[view.size()];
                view.forward(dp.values(), v);
                run.feed(paramPlaceholders.get(p), own(owned, floats(v, v.length, Shape.of(view.shape()))));
            }
        }
        for (int i = 0; i < inputNames.size(); i++) {
            Object v = f.data[i];
            if (v == null) {
                continue;
            }
            Shape s = Shape.of(f.shapes[i]);
            Placeholder<?> ph = inputPlaceholders.get(i);
            if (v instanceof float[] fv) {
                if (ph.type() != TFloat32.class) {
                    throw new IllegalArgumentException("input '" + inputNames.get(i) + "' is not a float input");
                }
                run.feed(ph, own(owned, floats(fv, (int) s.size(), s)));
            } else {
                if (ph.type() != TInt32.class) {
                    throw new IllegalArgumentException("input '" + inputNames.get(i) + "' is not an int input");
                }
                run.feed(ph, own(owned, ints((int[]) v, (int) s.size(), s)));
            }
        }
    }

    private static <T extends Tensor> T own(List<Tensor> owned, T t) {
        owned.add(t);
        return t;
    }

    public static TFloat32 floats(float[] v, int n, Shape s) {
        TFloat32 t = TFloat32.tensorOf(s);
        if (n > 0) {
            t.asRawTensor().data().asFloats().write(v, 0, n);
        }
        return t;
    }

    public static TInt32 ints(int[] v, int n, Shape s) {
        TInt32 t = TInt32.tensorOf(s);
        if (n > 0) {
            t.asRawTensor().data().asInts().write(v, 0, n);
        }
        return t;
    }

    private static void read(TFloat32 t, float[] dst, int n, String what) {
        long size = t.shape().size();
        if (size != n) {
            throw new IllegalStateException(what + ": graph returned " + size + " values (shape " + t.shape() + "), expected " + n);
        }
        if (n > 0) {
            t.asRawTensor().data().asFloats().read(dst, 0, n);
        }
    }

    private static double sumSquares(float[] a, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[i] * a[i];
        }
        return s;
    }

    private static int firstNonFinite(float[] a, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }

    private static void scale(float[] a, int n, float s) {
        for (int i = 0; i < n; i++) {
            a[i] *= s;
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
