package io.mic.models.mic;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Lookup;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.layers.Mlp;
import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.models.tf.tower.Tower;
import io.mic.models.tf.tower.BaseTowerEncoder;
import io.mic.models.tf.training.Optimizers;
import io.mic.spi.FeatureBatch;
import io.mic.spi.FieldKind;
import io.mic.spi.FieldSpec;
import io.mic.spi.Schema;
import io.mic.spi.Vectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The encoder behind {@code mf-bpr}, {@code dssm} and {@code youtube-dnn}: each tower concatenates
 * the embeddings of its inputs (entity id, categorical fields, mean-pooled multi-valued fields,
 * mean-pooled history item ids or recent user ids) and passes them through an MLP (ReLU hidden
 * layers, linear output), optionally L2-normalising the result. Which inputs each tower reads is a
 * {@link TowerSpec}; the three plugins are three defaults of it.
 *
 * <p>Parameters: one table per id space ({@code user_id}, {@code item_id}; the user history pools
 * the item id table and recent users pool the user id table, so ids have one embedding wherever
 * they appear) and one per field ({@code user/<field>}, {@code item/<field>}), plus the towers'
 * MLPs. Tables are created only for inputs some tower reads, initialised by the encoder's {@code init}
 * scheme ({@link Initializer.Table}: xavier-normal by default); the MLPs are Glorot-uniform.
 *
 * <p>Threading: {@link #encodeUsers}/{@link #encodeItems} are thread-safe (one forward graph, built
 * on first use, run with per-call feeds) once training has finished; training is single-threaded.
 */
final class FeatureTowerEncoder extends BaseTowerEncoder {
    private static final int INFERENCE_CHUNK = 2048;

    private final Schema schema;
    private final TowerSpec user;
    private final TowerSpec item;
    private final int idDim;
    private final int fieldDim;
    private final int dim;
    private final boolean normalize;
    private final Initializer.Table init;
    private final long seed;

    private final Map<String, EmbeddingTable> tables = new LinkedHashMap<>();
    private Mlp userMlp;
    private Mlp itemMlp;
    private DenseParam userHistoryMap;
    private volatile Inference inference;

    /** The forward graph used by inference and its two tower instances. */
    private record Inference(StepGraph graph, Tower user, Tower item) {
    }

    FeatureTowerEncoder(String name, Schema schema, TowerSpec user, TowerSpec item, int idDim, int fieldDim, int dim, boolean normalize,
            Initializer.Table init, long seed) {
        super(name, dim, normalize);
        this.schema = schema;
        this.user = user;
        this.item = item;
        this.idDim = idDim;
        this.fieldDim = fieldDim;
        this.dim = dim;
        this.normalize = normalize;
        this.init = init;
        this.seed = seed;
    }

    @Override
    public int historyLength() {
        return user.history();
    }

    @Override
    public int recentUsers() {
        return item.recentUsers();
    }

    TowerSpec userSpec() {
        return user;
    }

    TowerSpec itemSpec() {
        return item;
    }

    @Override
    protected void createParameters(Optimizer opt) {
        if (user.id() || item.recentUsers() > 0) {
            table("user_id", schema.numUsers(), idDim);
        }
        if (item.id() || user.history() > 0) {
            table("item_id", schema.numItems(), idDim);
        }
        for (String f : user.fields()) {
            table("user/" + f, cardinality(schema.userField(f), f), fieldDim);
        }
        for (String f : item.fields()) {
            table("item/" + f, cardinality(schema.itemField(f), f), fieldDim);
        }
        if (user.gated()) {
            // SimpleX's V: xavier-normal like the tables (RecBole initialises its linear map so too)
            userHistoryMap = DenseParam.create("user_history_map", optimizer(), Initializer.xavierNormal(idDim, idDim), seed, idDim, idDim);
            if (idDim != dim) {
                throw new IllegalArgumentException(name() + ": a gated user tower outputs id_dim = " + idDim + " wide vectors, not dim = " + dim);
            }
        }
        userMlp = user.gated() ? null : mlp("user_mlp", inputWidth(user), user.hidden());
        itemMlp = mlp("item_mlp", inputWidth(item), item.hidden());
    }

    private static int cardinality(Optional<FieldSpec> spec, String field) {
        FieldSpec f = spec.orElseThrow(() -> new IllegalArgumentException("no field '" + field + "' in the schema"));
        return Math.max(1, f.cardinality());
    }

    private void table(String tableName, int rows, int width) {
        tables.put(tableName, EmbeddingTable.create(tableName, Math.max(1, rows), width, optimizer(), init.of(Math.max(1, rows), width), seed));
    }

    private int inputWidth(TowerSpec s) {
        int w = 0;
        if (s.id()) {
            w += idDim;
        }
        w += s.fields().size() * fieldDim;
        if (s.history() > 0) {
            w += idDim;
        }
        if (s.recentUsers() > 0) {
            w += idDim;
        }
        return w;
    }

    /** No MLP when the spec has none and the input already has the output width (matrix factorisation). */
    private Mlp mlp(String mlpName, int in, int[] hidden) {
        if (hidden.length == 0 && in == dim) {
            return null;
        }
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = in;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = dim;
        return new Mlp(mlpName, sizes, Activation.RELU, Activation.IDENTITY, optimizer(), seed);
    }

    @Override
    public Tower userTower(GraphBuilder gb, String scope, boolean dropout) {
        if (user.gated()) {
            return gatedTower(gb, scope, dropout);
        }
        return tower(gb, scope, dropout, user, "user", userMlp);
    }

    @Override
    public Tower itemTower(GraphBuilder gb, String scope, boolean dropout) {
        return tower(gb, scope, dropout, item, "item", itemMlp);
    }

    /**
     * A tower input's name: {@code scope/local}, or {@code local} alone for the empty scope (the
     * exported signatures: {@code id}, {@code f_<field>}, {@code history}, {@code recent_users}).
     */
    private static String inputName(String scope, String local) {
        return scope.isEmpty() ? local : scope + "/" + local;
    }

    /** SimpleX's user tower: {@code g * e_u + (1 - g) * mean(e_history) V}. */
    private Tower gatedTower(GraphBuilder gb, String scope, boolean dropout) {
        requirePrepared();
        if (dropout) {
            throw new IllegalArgumentException(name() + ": the gated (SimpleX) user tower takes no embedding dropout; drop the embedding-dropout augmenter");
        }
        Ops tf = gb.tf();
        double g = user.gate();
        Lookup id = gb.table(tables.get("user_id")).lookup(inputName(scope, "id"));
        Lookup h = gb.table(tables.get("item_id")).lookupSequence(inputName(scope, "history"));
        Operand<TFloat32> pooled = tf.linalg.matMul(Layers.maskedMean(tf, h.values(), h.mask()), gb.param(userHistoryMap));
        Operand<TFloat32> y = tf.math.add(tf.math.mul(id.values(), tf.constant((float) g)), tf.math.mul(pooled, tf.constant((float) (1 - g))));
        if (normalize) {
            y = Layers.l2Normalize(tf, y, 1e-6);
        }
        return new Tower(y, List.of(new Tower.Input(FeatureBatch.ID, id), new Tower.Input(FeatureBatch.HISTORY, h)), null, 2 * idDim);
    }

    private Tower tower(GraphBuilder gb, String scope, boolean dropout, TowerSpec s, String side, Mlp mlp) {
        requirePrepared();
        Ops tf = gb.tf();
        List<Tower.Input> inputs = new ArrayList<>();
        List<Operand<TFloat32>> parts = new ArrayList<>();
        if (s.id()) {
            Lookup l = gb.table(tables.get(side + "_id")).lookup(inputName(scope, "id"));
            inputs.add(new Tower.Input(FeatureBatch.ID, l));
            parts.add(l.values());
        }
        for (String f : s.fields()) {
            boolean multi = (side.equals("user") ? schema.userField(f) : schema.itemField(f)).orElseThrow().kind() == FieldKind.MULTI_CATEGORICAL;
            var t = gb.table(tables.get(side + "/" + f));
            String lname = inputName(scope, "f_" + f.replaceAll("[^A-Za-z0-9_]", "_"));
            Lookup l = multi ? t.lookupSequence(lname) : t.lookup(lname);
            inputs.add(new Tower.Input(f, l));
            parts.add(multi ? Layers.maskedMean(tf, l.values(), l.mask()) : l.values());
        }
        if (s.history() > 0) {
            Lookup l = gb.table(tables.get("item_id")).lookupSequence(inputName(scope, "history"));
            inputs.add(new Tower.Input(FeatureBatch.HISTORY, l));
            parts.add(Layers.maskedMean(tf, l.values(), l.mask()));
        }
        if (s.recentUsers() > 0) {
            Lookup l = gb.table(tables.get("user_id")).lookupSequence(inputName(scope, "recent_users"));
            inputs.add(new Tower.Input(FeatureBatch.RECENT_USERS, l));
            parts.add(Layers.maskedMean(tf, l.values(), l.mask()));
        }
        int width = inputWidth(s);
        Operand<TFloat32> x = parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(1));
        Placeholder<TFloat32> mask = null;
        if (dropout) {
            mask = gb.floatInput(inputName(scope, "dropout"), -1, width);
            x = tf.math.mul(x, mask);
        }
        Operand<TFloat32> y = mlp == null ? x : mlp.apply(gb, x);
        if (normalize) {
            y = Layers.l2Normalize(tf, y, 1e-6);
        }
        return new Tower(y, inputs, mask, width);
    }

    @Override
    public List<EmbeddingTable> tables() {
        return List.copyOf(tables.values());
    }

    @Override
    public List<DenseParam> params() {
        List<DenseParam> out = new ArrayList<>();
        if (userHistoryMap != null) {
            out.add(userHistoryMap);
        }
        if (userMlp != null) {
            out.addAll(userMlp.params());
        }
        if (itemMlp != null) {
            out.addAll(itemMlp.params());
        }
        return out;
    }

    private Inference inference() {
        Inference inf = inference;
        if (inf == null) {
            synchronized (this) {
                inf = inference;
                if (inf == null) {
                    requirePrepared();
                    try (GraphBuilder gb = new GraphBuilder()) {
                        Tower u = userTower(gb, "u", false);
                        Tower i = itemTower(gb, "i", false);
                        inf = new Inference(gb.buildForward(), u, i);
                    }
                    inference = inf;
                }
            }
        }
        return inf;
    }

    @Override
    public Vectors encodeUsers(FeatureBatch batch) {
        Inference inf = inference();
        return encode(inf.graph(), inf.user(), batch);
    }

    @Override
    public Vectors encodeItems(FeatureBatch batch) {
        Inference inf = inference();
        return encode(inf.graph(), inf.item(), batch);
    }

    private Vectors encode(StepGraph graph, Tower tower, FeatureBatch batch) {
        int n = batch.size();
        float[] out = new float[n * dim];
        Feeds feeds = graph.newFeeds();
        for (int from = 0; from < n; from += INFERENCE_CHUNK) {
            int to = Math.min(n, from + INFERENCE_CHUNK);
            FeatureBatch part = from == 0 && to == n ? batch : Batches.slice(batch, from, to);
            feeds.clear();
            tower.feed(feeds, part, null);
            float[] v = graph.forward(feeds, tower.output())[0];
            System.arraycopy(v, 0, out, from * dim, v.length);
        }
        return Vectors.of(out, dim);
    }

    @Override
    public long parameterCount() {
        requirePrepared();
        long n = 0;
        for (EmbeddingTable t : tables.values()) {
            n += (long) t.rows() * t.dim();
        }
        for (DenseParam p : params()) {
            n += p.size();
        }
        return n;
    }

    /** See {@link Optimizers#parse}. */
    static Optimizer optimizerOf(String s) {
        return Optimizers.parse(s);
    }

    @Override
    public String toString() {
        return name() + "[dim=" + dim + ", user=" + user + ", item=" + item + ", id_dim=" + idDim + ", field_dim=" + fieldDim + ", init="
                + init.label() + "]";
    }
}
