package io.mic.models.lightgcn;

import io.mic.core.data.InteractionMatrix;
import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Lookup;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.features.FeatureTable;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.models.tf.tower.Tower;
import io.mic.models.tf.tower.BaseTowerEncoder;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import io.mic.spi.Vectors;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
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
 * <p>Threading: as {@link TowerEncoder}; {@link #encodeUsers}/{@link #encodeItems} are thread-safe.
 */
final class LightGcnEncoder extends BaseTowerEncoder {
    static final String PARAM = "lightgcn/embedding";

    private final NormalizedGraph graph;
    private final int dim;
    private final int layers;
    private final boolean normalize;
    private final long seed;
    private final Propagation propagation;
    private final FeatureTable userIds;
    private final FeatureTable itemIds;
    /** The propagated view of {@link #table} per graph under construction (one per graph: a parameter enters a graph once). */
    private final Map<GraphBuilder, Operand<TFloat32>> views = new WeakHashMap<>();
    private DenseParam table;

    LightGcnEncoder(String name, InteractionMatrix train, int dim, int layers, boolean normalize, long seed) {
        super(name, dim, normalize);
        this.graph = NormalizedGraph.of(train, 1);
        this.dim = dim;
        this.layers = layers;
        this.normalize = normalize;
        this.seed = seed;
        this.propagation = new Propagation(graph, layers, dim, null);
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
        Operand<TFloat32> view = views.computeIfAbsent(gb, g -> g.param(table, propagation));
        Lookup id = gb.table(ids).lookup(scope.isEmpty() ? "id" : scope + "/id");
        Operand<TInt32> raw = tf.reshape(tf.dtypes.cast(id.values(), TInt32.class), tf.constant(new int[] {-1}));
        Operand<TFloat32> y = Layers.gatherRows(tf, view, offset == 0 ? raw : tf.math.add(raw, tf.constant(offset)));
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
        return new Tower(y, List.of(new Tower.Input(FeatureBatch.ID, id)), mask, dim);
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

    /** Rows of {@code M E0} for the batch's ids (a propagation per call), normalised as the towers do. */
    private Vectors encode(FeatureBatch batch, int offset) {
        requirePrepared();
        float[] all = new float[graph.nodes * dim];
        propagation.meanOfLayers(table.values(), all);
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
        return name() + "[dim=" + dim + ", layers=" + layers + ", normalize=" + normalize + ", graph " + graph.users + " users + " + graph.items
                + " items, " + graph.nnz() + " non-zeros]";
    }
}
