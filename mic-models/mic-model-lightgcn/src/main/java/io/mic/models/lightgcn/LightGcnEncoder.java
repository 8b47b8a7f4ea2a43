package io.mic.models.lightgcn;

import io.mic.core.data.InteractionMatrix;
import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Lookup;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.features.FeatureTable;
import io.mic.models.tf.ParamView;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.models.tf.tower.Tower;
import io.mic.models.tf.tower.BaseTowerEncoder;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import io.mic.spi.Vectors;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * LightGCN as a {@link TowerEncoder}, so that models which train any encoder ({@code mic},
 * {@code two-tower}) can train over it: a user's (item's) vector is its row of the propagated table
 * {@code M E0} ({@code M} = mean of {@code Â^0..Â^K} over the training split's normalised user-item
 * graph, see {@link Propagation}), optionally L2-normalised, times the fed embedding-dropout mask
 * in augmented views. The layer-0 table {@code E0} is one dense parameter (xavier-normal per side,
 * as {@link LightGcnModel}); every tower instance of a graph reads the one propagated view of it,
 * so a step propagates once and the gradient of every instance comes back through the adjoint.
 *
 * <p>Tower inputs are table lookups (that is how {@link Tower} feeds a batch), so each tower reads
 * its raw ids through a frozen one-column identity table ({@code lightgcn/user_ids}: row i holds i;
 * exact in float32 below 2^24 rows) and gathers the propagated rows with them; a missing id gives a
 * zero vector. Inference ({@link #encodeUsers}/{@link #encodeItems}) propagates the current table in
 * Java. No SavedModel export (the propagation runs outside the TF graph).
 *
 * <p>With a {@link LightGcnModel.Contrast} this is the {@code xsimgcl} encoder: the training graph's view is
 * XSimGCL's noise-perturbed propagation ({@link PerturbedPropagation}: towers read its final rows {@code F}, the
 * mean of layers {@code 1..K}), and {@link #auxiliaryLoss} adds XSimGCL's cross-layer InfoNCE between the
 * normalised {@code F} and layer-{@code l*} rows of the distinct users and distinct items of the towers it is
 * given, times {@code weight}; inference uses the noiseless {@code F}. The layer-0 L2 of the {@code xsimgcl} model
 * is not part of the encoder: the host model's own L2 (e.g. {@code mic}'s {@code l2} on the output rows) applies.
 *
 * <p>Threading: as {@link TowerEncoder}; {@link #encodeUsers}/{@link #encodeItems} are thread-safe.
 */
final class LightGcnEncoder extends BaseTowerEncoder {
    static final String PARAM = "lightgcn/embedding";

    private final NormalizedGraph graph;
    private final int dim;
    private final int layers;
    private final boolean normalize;
    private final long seed;
    /** What training graphs read of {@link #table}: {@link Propagation}, or XSimGCL's {@link PerturbedPropagation}. */
    private final ParamView trainingView;
    /** Fills the serving rows from the layer-0 table: {@code M E0}, or XSimGCL's noiseless {@code F}. */
    private final BiConsumer<float[], float[]> servingRows;
    /** XSimGCL's contrastive settings, or null for plain LightGCN. */
    private final LightGcnModel.Contrast contrast;
    /** Per graph under construction, the node ids each tower instance gathers (for {@link #auxiliaryLoss}). */
    private final Map<GraphBuilder, Map<Tower, Operand<TInt32>>> towerNodes = new WeakHashMap<>();
    private final FeatureTable userIds;
    private final FeatureTable itemIds;
    /** The propagated view of {@link #table} per graph under construction (one per graph: a parameter enters a graph once). */
    private final Map<GraphBuilder, Operand<TFloat32>> views = new WeakHashMap<>();
    private DenseParam table;

    LightGcnEncoder(String name, InteractionMatrix train, int dim, int layers, boolean normalize, long seed) {
        this(name, train, dim, layers, normalize, null, seed);
    }

    /** @param contrast XSimGCL's noise and contrastive term ({@code xsimgcl}), or null for plain LightGCN */
    LightGcnEncoder(String name, InteractionMatrix train, int dim, int layers, boolean normalize, LightGcnModel.Contrast contrast, long seed) {
        super(name, dim, normalize);
        this.graph = NormalizedGraph.of(train, 1);
        this.dim = dim;
        this.layers = layers;
        this.normalize = normalize;
        this.seed = seed;
        this.contrast = contrast;
        if (contrast == null) {
            Propagation p = new Propagation(graph, layers, dim, null);
            this.trainingView = p;
            this.servingRows = p::meanOfLayers;
        } else {
            PerturbedPropagation p = contrast.propagation(graph, layers, dim, null, seed);
            this.trainingView = p;
            this.servingRows = p::clean;
        }
        this.userIds = identity("lightgcn/user_ids", graph.users);
        this.itemIds = identity("lightgcn/item_ids", graph.items);
    }

    private static FeatureTable identity(String tableName, int rows) {
        if (rows >= 1 << 24) {
            throw new IllegalArgumentException(tableName + ": " + rows + " rows; ids from 2^24 on are not exact in float32");
        }
        float[] v = new float[Math.max(1, rows)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return new FeatureTable(tableName, v, 1);
    }

    @Override
    public int historyLength() {
        return 0;
    }

    @Override
    public int recentUsers() {
        return 0;
    }

    @Override
    protected void createParameters(Optimizer opt) {
        table = DenseParam.create(PARAM, opt, Initializer.zeros(), seed, graph.nodes, dim);
        table.set(LightGcnModel.initialValues(graph, dim, seed));
    }

    @Override
    public Tower userTower(GraphBuilder gb, String scope, boolean dropout) {
        return tower(gb, scope, dropout, userIds, 0);
    }

    @Override
    public Tower itemTower(GraphBuilder gb, String scope, boolean dropout) {
        return tower(gb, scope, dropout, itemIds, graph.users);
    }

    private Tower tower(GraphBuilder gb, String scope, boolean dropout, FeatureTable ids, int offset) {
        requirePrepared();
        Ops tf = gb.tf();
        Operand<TFloat32> view = views.computeIfAbsent(gb, g -> g.param(table, trainingView));
        Lookup id = gb.table(ids).lookup(scope.isEmpty() ? "id" : scope + "/id");
        Operand<TInt32> raw = tf.reshape(tf.dtypes.cast(id.values(), TInt32.class), tf.constant(new int[] {-1}));
        Operand<TInt32> nodes = offset == 0 ? raw : tf.math.add(raw, tf.constant(offset));
        Operand<TFloat32> y = Layers.gatherRows(tf, view, nodes);
        // a missing id reads the identity table's zero padding row, i.e. node 0: the mask zeroes it
        y = tf.math.mul(y, tf.expandDims(id.mask(), tf.constant(-1)));
        Placeholder<TFloat32> mask = null;
        if (dropout) {
            mask = gb.floatInput(scope.isEmpty() ? "dropout" : scope + "/dropout", -1, dim);
            y = tf.math.mul(y, mask);
        }
        if (normalize) {
            y = Layers.l2Normalize(tf, y, 1e-6);
        }
        Tower t = new Tower(y, List.of(new Tower.Input(FeatureBatch.ID, id)), mask, dim);
        towerNodes.computeIfAbsent(gb, g -> new IdentityHashMap<>()).put(t, nodes);
        return t;
    }

    /**
     * XSimGCL's cross-layer contrastive term over the distinct nodes {@code users} and {@code items} read (two towers of
     * this encoder in {@code gb}): {@code weight · (InfoNCE(F_u, E_l*_u) + InfoNCE(F_i, E_l*_i))} on L2-normalised rows,
     * temperature {@code temperature}, the other distinct rows as negatives. Empty for plain LightGCN. A missing id
     * in a training batch reads node 0 of its side (as the towers' gather does) and takes part as that node.
     */
    @Override
    public Optional<Operand<TFloat32>> auxiliaryLoss(GraphBuilder gb, Tower users, Tower items) {
        if (contrast == null) {
            return Optional.empty();
        }
        Map<Tower, Operand<TInt32>> nodes = towerNodes.get(gb);
        Operand<TInt32> un = nodes == null ? null : nodes.get(users);
        Operand<TInt32> in = nodes == null ? null : nodes.get(items);
        if (un == null || in == null) {
            throw new IllegalArgumentException(name() + ": auxiliaryLoss needs two towers this encoder built into the same graph");
        }
        Ops tf = gb.tf();
        Operand<TFloat32> view = views.get(gb);
        Operand<TInt32> clOffset = tf.constant(2 * graph.nodes);
        Operand<TFloat32> cl = tf.math.add(crossLayer(tf, view, tf.unique(un, tf.constant(new int[] {0})).y(), clOffset),
                crossLayer(tf, view, tf.unique(in, tf.constant(new int[] {0})).y(), clOffset));
        return Optional.of(tf.math.mul(tf.constant((float) contrast.weight()), cl));
    }

    /** InfoNCE between the normalised final and layer-l* rows of {@code nodes} (distinct). */
    private Operand<TFloat32> crossLayer(Ops tf, Operand<TFloat32> view, Operand<TInt32> nodes, Operand<TInt32> clOffset) {
        Operand<TFloat32> a = Layers.l2Normalize(tf, Layers.gatherRows(tf, view, nodes), 1e-12);
        Operand<TFloat32> b = Layers.l2Normalize(tf, Layers.gatherRows(tf, view, tf.math.add(nodes, clOffset)), 1e-12);
        return Losses.infoNce(a, b).temperature(contrast.temperature()).withoutLogQ().build(tf);
    }

    @Override
    public List<EmbeddingTable> tables() {
        return List.of();
    }

    @Override
    public List<DenseParam> params() {
        requirePrepared();
        return List.of(table);
    }

    @Override
    public Vectors encodeUsers(FeatureBatch batch) {
        return encode(batch, 0);
    }

    @Override
    public Vectors encodeItems(FeatureBatch batch) {
        return encode(batch, graph.users);
    }

    /** Serving rows ({@code M E0}, or XSimGCL's {@code F}) for the batch's ids (a propagation per call), normalised as the towers do. */
    private Vectors encode(FeatureBatch batch, int offset) {
        requirePrepared();
        float[] all = new float[graph.nodes * dim];
        servingRows.accept(table.values(), all);
        int[] ids = batch.ids();
        float[] out = new float[ids.length * dim];
        for (int r = 0; r < ids.length; r++) {
            if (ids[r] == Column.MISSING) {
                continue;
            }
            System.arraycopy(all, (offset + ids[r]) * dim, out, r * dim, dim);
            if (normalize) {
                double sq = 0;
                for (int c = 0; c < dim; c++) {
                    sq += (double) out[r * dim + c] * out[r * dim + c];
                }
                float s = (float) (1 / Math.sqrt(Math.max(sq, 1e-12)));
                for (int c = 0; c < dim; c++) {
                    out[r * dim + c] *= s;
                }
            }
        }
        return Vectors.of(out, dim);
    }

    @Override
    public long parameterCount() {
        requirePrepared();
        return table.size();
    }

    @Override
    public String toString() {
        return name() + "[dim=" + dim + ", layers=" + layers + ", normalize=" + normalize
                + (contrast == null ? "" : ", eps=" + contrast.eps() + ", cl_weight=" + contrast.weight() + ", temperature="
                        + contrast.temperature() + ", cl_layer=" + contrast.clLayer()) + ", graph " + graph.users + " users + " + graph.items
                + " items, " + graph.nnz() + " non-zeros]";
    }
}
