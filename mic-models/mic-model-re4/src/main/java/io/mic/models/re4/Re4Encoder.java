package io.mic.models.re4;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Lookup;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.TableInput;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.models.tf.training.EncoderCheckpoints;
import io.mic.spi.Column;
import io.mic.spi.Encoder;
import io.mic.spi.FeatureBatch;
import io.mic.spi.Trainable;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The Re4 / ComiRec-SA user encoder: a user is the sequence of her last N_x items, turned into K
 * interest vectors by the self-attentive extractor of {@link Re4Graph#interests}; an item is its id
 * embedding (the table the sequences read). {@link #userInterests()} is K: {@link #encodeUsers}
 * returns K consecutive rows per user, which serving queries one by one (the {@code multi-interest}
 * channel) and full ranking scores by their maximum.
 *
 * <p>Parameters: the {@code item_id} table, {@code w1 [d, d_a]}, {@code interest_queries [K, d_a]}
 * (the w_k), {@code w2 [d, d]}, and, when Re-construct is on, {@code recon_w4 [d, N_x d_b]},
 * {@code recon_w3 [d_b, d_c]}, {@code recon_wj [N_x, d_c]}, {@code recon_w5 [d_b, d]}.
 *
 * <p>Threading: inference is thread-safe once training has finished (one forward graph, built on
 * first use, per-call feeds); training is single-threaded.
 */
final class Re4Encoder implements Encoder, Trainable {
    private static final int INFERENCE_CHUNK = 1024;

    private final Re4Settings s;
    private final int numItems;
    private final long seed;
    private Optimizer optimizer;
    private EmbeddingTable items;
    private DenseParam w1;
    private DenseParam queries;
    private DenseParam w2;
    private DenseParam w4;
    private DenseParam w3;
    private DenseParam wj;
    private DenseParam w5;
    private volatile Inference inference;

    private record Inference(StepGraph graph, Lookup history, Operand<TFloat32> interests, Lookup item, Operand<TFloat32> itemVector) {
    }

    /** One instance of the user tower in a graph: the history lookup, z, a. */
    record Tower(TableInput table, Lookup history, Re4Graph.Interests<TFloat32> interests) {
    }

    Re4Encoder(Re4Settings s, int numItems, long seed) {
        this.s = s;
        this.numItems = numItems;
        this.seed = seed;
    }

    Re4Settings settings() {
        return s;
    }

    @Override
    public int dim() {
        return s.dim();
    }

    @Override
    public int userInterests() {
        return s.interests();
    }

    synchronized void prepare(Optimizer opt) {
        if (optimizer != null) {
            if (!optimizer.equals(opt)) {
                throw new IllegalStateException("re4: parameters were created with " + optimizer + ", not " + opt);
            }
            return;
        }
        optimizer = opt;
        int d = s.dim();
        int da = s.attentionDim();
        items = EmbeddingTable.create("item_id", Math.max(1, numItems), d, opt, Initializer.embedding(d), seed);
        w1 = DenseParam.create("w1", opt, Initializer.glorotUniform(d, da), seed, d, da);
        queries = DenseParam.create("interest_queries", opt, Initializer.glorotUniform(da, s.interests()), seed, s.interests(), da);
        w2 = DenseParam.create("w2", opt, Initializer.glorotUniform(d, d), seed, d, d);
        if (s.lambdaCt() > 0) {
            int n = s.historyLength();
            int db = s.reconDim();
            w4 = DenseParam.create("recon_w4", opt, Initializer.glorotUniform(d, (long) n * db), seed, d, (long) n * db);
            int dc = s.reconAttentionDim();
            w3 = DenseParam.create("recon_w3", opt, Initializer.glorotUniform(db, dc), seed, db, dc);
            wj = DenseParam.create("recon_wj", opt, Initializer.glorotUniform(dc, n), seed, n, dc);
            w5 = DenseParam.create("recon_w5", opt, Initializer.glorotUniform(db, d), seed, db, d);
        }
    }

    private void requirePrepared() {
        if (optimizer == null) {
            throw new IllegalStateException("re4: prepare(optimizer) was not called (no parameters yet)");
        }
    }

    /** Adds the interest extractor over a fed history {@code [B, N_x]} to {@code gb}. */
    Tower userTower(GraphBuilder gb, String scope) {
        requirePrepared();
        Ops tf = gb.tf();
        TableInput t = gb.table(items);
        Lookup h = t.lookupSequence(scope.isEmpty() ? "history" : scope + "/history");
        var it = Re4Graph.interests(tf, h.values(), h.mask(), gb.param(w1), gb.param(queries), gb.param(w2));
        return new Tower(t, h, it);
    }

    /** The Re-construct term over a tower (Re-construct on only). */
    Operand<TFloat32> reconstruct(GraphBuilder gb, Tower u, Operand<TFloat32> positives) {
        return Re4Graph.reconstruct(gb.tf(), u.interests().z(), u.history().values(), positives, gb.param(w4), gb.param(w3),
                gb.param(wj), gb.param(w5), s.interests(), s.historyLength(), s.reconDim());
    }

    /** The item tower: the id embedding (input {@code scope/item}, or {@code id} for the empty scope of an export). */
    Lookup itemTower(TableInput t, String scope) {
        return t.lookup(scope.isEmpty() ? "id" : scope + "/item");
    }

    /**
     * The serving signatures of a SavedModel export: {@code serving_user} (input {@code history}
     * {@code [B, N_x]} item ids, oldest first, -1 padding; output {@code user_vectors} {@code [B, K, d]})
     * and {@code serving_item} (input {@code id} {@code [B]}; output {@code item_vector} {@code [B, d]}),
     * normalised exactly as {@link #encodeUsers}/{@link #encodeItems} are.
     */
    List<io.mic.models.tf.export.ExportSignature> exportSignatures() {
        requirePrepared();
        return List.of(io.mic.models.tf.export.ExportSignature.of("serving_user", "user_vectors", gb -> {
            Operand<TFloat32> z = userTower(gb, "").interests().z();
            return s.normalize() ? Layers.l2Normalize(gb.tf(), z, 1e-6) : z;
        }), io.mic.models.tf.export.ExportSignature.of("serving_item", "item_vector", gb -> {
            Operand<TFloat32> v = itemTower(gb.table(items), "").values();
            return s.normalize() ? Layers.l2Normalize(gb.tf(), v, 1e-6) : v;
        }));
    }

    /** Feeds {@code histories} (CSR, oldest first; the last N_x are kept) as a {@code [B, N_x]} id block padded with -1. */
    static int[] padHistories(Column.MultiIds m, int rows, int n) {
        int[] ids = new int[rows * n];
        Arrays.fill(ids, -1);
        int[] off = m.offsets();
        int[] val = m.values();
        for (int r = 0; r < rows; r++) {
            int len = Math.min(n, off[r + 1] - off[r]);
            System.arraycopy(val, off[r + 1] - len, ids, r * n, len);
        }
        return ids;
    }

    private Inference inference() {
        Inference inf = inference;
        if (inf == null) {
            synchronized (this) {
                inf = inference;
                if (inf == null) {
                    requirePrepared();
                    try (GraphBuilder gb = new GraphBuilder()) {
                        Ops tf = gb.tf();
                        Tower u = userTower(gb, "u");
                        Operand<TFloat32> z = u.interests().z();
                        Lookup item = itemTower(u.table(), "i");
                        Operand<TFloat32> v = item.values();
                        if (s.normalize()) {
                            z = Layers.l2Normalize(tf, z, 1e-6);
                            v = Layers.l2Normalize(tf, v, 1e-6);
                        }
                        inf = new Inference(gb.buildForward(), u.history(), z, item, v);
                    }
                    inference = inf;
                }
            }
        }
        return inf;
    }

    /** {@code batch.size() x K} rows: the interests of each user, from its {@link FeatureBatch#HISTORY} column. */
    @Override
    public Vectors encodeUsers(FeatureBatch batch) {
        Inference inf = inference();
        Column c = batch.column(FeatureBatch.HISTORY);
        if (!(c instanceof Column.MultiIds m)) {
            throw new IllegalArgumentException("re4 reads the user's item sequence from column '" + FeatureBatch.HISTORY + "' (MultiIds); columns: "
                    + batch.names());
        }
        int n = batch.size();
        int k = s.interests();
        int d = s.dim();
        int len = s.historyLength();
        int[] all = padHistories(m, n, len);
        float[] out = new float[n * k * d];
        Feeds feeds = inf.graph().newFeeds();
        for (int from = 0; from < n; from += INFERENCE_CHUNK) {
            int to = Math.min(n, from + INFERENCE_CHUNK);
            feeds.clear();
            feeds.ids(inf.history(), Arrays.copyOfRange(all, from * len, to * len), to - from, len);
            feeds.ids(inf.item(), new int[to - from]); // unused by this fetch, but every lookup of a graph is fed
            float[] v = inf.graph().forward(feeds, inf.interests())[0];
            System.arraycopy(v, 0, out, from * k * d, v.length);
        }
        return new Vectors(out, n * k, d, k);
    }

    @Override
    public Vectors encodeItems(FeatureBatch batch) {
        Inference inf = inference();
        int[] ids = batch.ids();
        int n = ids.length;
        int d = s.dim();
        float[] out = new float[n * d];
        Feeds feeds = inf.graph().newFeeds();
        int len = s.historyLength();
        for (int from = 0; from < n; from += INFERENCE_CHUNK) {
            int to = Math.min(n, from + INFERENCE_CHUNK);
            feeds.clear();
            int[] pad = new int[(to - from) * len];
            Arrays.fill(pad, -1);
            feeds.ids(inf.history(), pad, to - from, len);
            feeds.ids(inf.item(), Arrays.copyOfRange(ids, from, to));
            float[] v = inf.graph().forward(feeds, inf.itemVector())[0];
            System.arraycopy(v, 0, out, from * d, v.length);
        }
        return Vectors.of(out, d);
    }

    List<EmbeddingTable> tables() {
        return List.of(items);
    }

    List<DenseParam> params() {
        List<DenseParam> out = new ArrayList<>(List.of(w1, queries, w2));
        if (w4 != null) {
            out.addAll(List.of(w4, w3, wj, w5));
        }
        return out;
    }

    @Override
    public Optional<Trainable> trainable() {
        return Optional.of(this);
    }

    @Override
    public long parameterCount() {
        requirePrepared();
        long n = (long) items.rows() * items.dim();
        for (DenseParam p : params()) {
            n += p.size();
        }
        return n;
    }

    @Override
    public void saveCheckpoint(Path dir) throws IOException {
        requirePrepared();
        EncoderCheckpoints.save(dir, "re4", optimizer, tables(), params());
    }

    @Override
    public void loadCheckpoint(Path dir) throws IOException {
        prepare(EncoderCheckpoints.verify(dir, "re4"));
        EncoderCheckpoints.restore(dir, tables(), params());
    }

    @Override
    public String toString() {
        return "re4[" + s + "]";
    }
}
