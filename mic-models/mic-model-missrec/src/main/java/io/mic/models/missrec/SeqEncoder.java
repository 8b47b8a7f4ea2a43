package io.mic.models.missrec;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Lookup;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.TableInput;
import io.mic.models.tf.export.ExportSignature;
import io.mic.models.tf.layers.Dropout;
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
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The sequence tower of {@code sasrec} and {@code missrec} and their item side. A user is her last
 * N items (oldest first, right-aligned, padded); an item token is the mean of its modality adapters'
 * outputs (frozen features through trainable adapters) plus, in transductive mode, a trainable id
 * embedding. {@link #encodeUsers} gives one L2-normalised vector per user (the last position's
 * output), {@link #encodeItems} one L2-normalised vector per item; scores are cosines.
 *
 * <p>Histories are right-aligned: position N-1 holds the most recent item, padding (-1) comes first.
 *
 * <p>Graphs never see whole feature tables during training: each run feeds the distinct items'
 * feature rows (plus a zero row for padding), the adapters run on those rows, and every position
 * gathers its row. The id table is a sparse {@link EmbeddingTable}. Export graphs hold the feature
 * and id tables as variables and take raw ids.
 *
 * <p>Threading: inference is thread-safe after training (one forward graph, per-call feeds).
 */
final class SeqEncoder implements Encoder, Trainable {
    private static final int CHUNK = 512;

    private final SeqSettings s;
    private final int numItems;
    private final List<FrozenFeatures> features;
    private final long seed;
    private Optimizer optimizer;
    private EmbeddingTable ids;
    private SeqNet net;
    private volatile Inference inference;

    SeqEncoder(SeqSettings s, int numItems, List<FrozenFeatures> features, long seed) {
        this.s = s;
        this.numItems = numItems;
        this.features = List.copyOf(features);
        this.seed = seed;
        for (FrozenFeatures f : features) {
            if (f.rows() != numItems) {
                throw new IllegalArgumentException(f.name() + " has " + f.rows() + " rows, the dataset " + numItems + " items");
            }
        }
        if (features.isEmpty() && !s.ids()) {
            throw new IllegalArgumentException(s.plugin() + ": an inductive model needs at least one feature modality");
        }
    }

    SeqSettings settings() {
        return s;
    }

    List<FrozenFeatures> features() {
        return features;
    }

    @Override
    public int dim() {
        return s.dim();
    }

    synchronized void prepare(Optimizer opt) {
        if (optimizer != null) {
            return;
        }
        optimizer = opt;
        if (s.ids()) {
            ids = EmbeddingTable.create("item_id", Math.max(1, numItems), s.dim(), opt, Initializer.embedding(s.dim()), seed);
        }
        int[] dims = new int[features.size()];
        for (int m = 0; m < dims.length; m++) {
            dims[m] = features.get(m).dim();
        }
        net = new SeqNet(s, dims, opt, seed);
        if (s.initFrom() != null) {
            Path dir = Path.of(s.initFrom());
            try {
                EncoderCheckpoints.verify(dir, s.plugin());
                // A text-only (inductive) pre-training fine-tuned with ids, the papers' transductive
                // "pre-trained" setting: everything but the id table is loaded, the id table starts fresh
                // (another dataset's ids mean nothing here).
                boolean freshIds = ids != null && EncoderCheckpoints.tableCount(dir) == 0;
                EncoderCheckpoints.restore(dir, freshIds ? List.of() : tables(), params());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("init_from " + dir + ": " + e.getMessage()
                        + " (the same architecture and features are needed; across datasets, pre-train with ids = false: a text-only checkpoint can be fine-tuned with or without ids)", e);
            }
            if (s.adaptersOnly()) {
                net.freezeAllButAdapters();
            }
        }
    }

    SeqNet net() {
        return net;
    }

    /** The graph inputs of one batch: fed distinct feature rows, indices into them, the history mask, id lookups. */
    final class In {
        final List<Placeholder<TFloat32>> rows = new ArrayList<>();
        final List<Operand<TFloat32>> adapted = new ArrayList<>();
        final Placeholder<TInt32> histIndex;
        final Placeholder<TFloat32> histMask;
        final Placeholder<TInt32> candIndex;
        final Lookup idHist;
        final Lookup idCand;

        In(GraphBuilder gb, boolean candidates) {
            for (int m = 0; m < features.size(); m++) {
                Placeholder<TFloat32> r = gb.floatInput("rows" + m, -1, features.get(m).dim());
                rows.add(r);
                adapted.add(net.adapt(gb, m, r));
            }
            int n = s.historyLength();
            histIndex = gb.intInput("hist_index", -1, n);
            histMask = gb.floatInput("hist_mask", -1, n);
            candIndex = candidates ? gb.intInput("cand_index", -1) : null;
            TableInput t = ids != null ? gb.table(ids) : null;
            idHist = t != null ? t.lookupSequence("history") : null;
            idCand = t != null && candidates ? t.lookup("candidates") : null;
        }

        /** Item tokens of the histories {@code [B, N, d]}. */
        Operand<TFloat32> historyTokens(GraphBuilder gb) {
            return net.tokens(gb, adapted, histIndex, idHist == null ? null : idHist.values(), histMask);
        }

        /** Candidates: per-modality adapter outputs {@code [C, M, d]} (null without features) and the id rows {@code [C, d]} (or null). */
        Operand<TFloat32> candidateModalities(GraphBuilder gb) {
            if (adapted.isEmpty()) {
                return null;
            }
            Ops tf = gb.tf();
            List<Operand<TFloat32>> per = new ArrayList<>();
            for (Operand<TFloat32> a : adapted) {
                per.add(tf.expandDims(Layers.gatherRows(tf, a, candIndex), tf.constant(1)));
            }
            return per.size() == 1 ? per.get(0) : tf.concat(per, tf.constant(1));
        }

        Operand<TFloat32> candidateIds() {
            return idCand == null ? null : idCand.values();
        }

        /** Feeds histories {@code hist [B, N]} (-1 padding) and candidates (null when the graph has none). */
        void feed(Feeds f, int[] hist, int b, int[] cands) {
            int n = s.historyLength();
            int[] all = cands == null ? hist : concat(hist, cands);
            int[] distinct = distinct(all);
            int u = distinct.length;
            int[] pos = new int[all.length];
            for (int i = 0; i < all.length; i++) {
                pos[i] = all[i] < 0 ? u : Arrays.binarySearch(distinct, all[i]);
            }
            for (int m = 0; m < features.size(); m++) {
                FrozenFeatures ft = features.get(m);
                float[] rowsOut = new float[(u + 1) * ft.dim()];
                ft.gather(distinct, 0, u, rowsOut, 0);
                f.floats(rows.get(m), rowsOut, u + 1, ft.dim());
            }
            float[] mask = new float[b * n];
            for (int i = 0; i < b * n; i++) {
                mask[i] = hist[i] >= 0 ? 1f : 0f;
            }
            f.ints(histIndex, Arrays.copyOf(pos, b * n), b, n);
            f.floats(histMask, mask, b, n);
            if (idHist != null) {
                f.ids(idHist, hist, b, n);
            }
            if (cands != null) {
                f.ints(candIndex, Arrays.copyOfRange(pos, b * n, all.length), cands.length);
                if (idCand != null) {
                    f.ids(idCand, cands);
                }
            }
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Sorted distinct non-negative values. */
    static int[] distinct(int[] v) {
        int[] c = v.clone();
        Arrays.sort(c);
        int w = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 0 && (w == 0 || c[w - 1] != c[i])) {
                c[w++] = c[i];
            }
        }
        return Arrays.copyOf(c, w);
    }

    /**
     * Fused candidate vectors, L2-normalised: {@code [C, d]} with one modality (no user dependence),
     * {@code [B, C, d]} with several (dynamic fusion against each user {@code u [B, d]}).
     */
    Operand<TFloat32> candidates(Ops tf, Operand<TFloat32> u, Operand<TFloat32> mods, Operand<TFloat32> idRows) {
        Operand<TFloat32> v;
        if (mods == null) {
            v = idRows;
        } else if (mods.shape().get(1) == 1) {
            v = tf.squeeze(mods, org.tensorflow.op.core.Squeeze.axis(1L));
            v = idRows == null ? v : tf.math.add(v, idRows);
        } else {
            v = SeqLayers.fuse(tf, u, mods, s.alpha());
            v = idRows == null ? v : tf.math.add(v, tf.expandDims(idRows, tf.constant(0)));
        }
        return Layers.l2Normalize(tf, v, 1e-6);
    }

    private record Inference(StepGraph graph, In in, Operand<TFloat32> user, Operand<TFloat32> item) {
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
                        In in = new In(gb, true);
                        Operand<TFloat32> u = Layers.l2Normalize(tf, net.user(gb, in.historyTokens(gb), in.histMask, null, Dropout.off()).user(), 1e-6);
                        Operand<TFloat32> item = Layers.l2Normalize(tf, meanItem(tf, in.candidateModalities(gb), in.candidateIds()), 1e-6);
                        inf = new Inference(gb.buildForward(), in, u, item);
                    }
                    inference = inf;
                }
            }
        }
        return inf;
    }

    /** The item vector without a user: the modality mean (plus the id row); exact for one modality. */
    private static Operand<TFloat32> meanItem(Ops tf, Operand<TFloat32> mods, Operand<TFloat32> idRows) {
        Operand<TFloat32> v = mods == null ? null : tf.math.mean(mods, tf.constant(1));
        return v == null ? idRows : idRows == null ? v : tf.math.add(v, idRows);
    }

    private void requirePrepared() {
        if (net == null) {
            throw new IllegalStateException(s.plugin() + ": prepare(optimizer) was not called (no parameters yet)");
        }
    }

    /**
     * {@code histories} (CSR, oldest first) as a {@code [rows, n]} block of the last n items,
     * right-aligned (the most recent item at position n-1), -1 padding first.
     */
    static int[] padHistories(Column.MultiIds m, int rows, int n) {
        int[] out = new int[rows * n];
        Arrays.fill(out, -1);
        int[] off = m.offsets();
        int[] val = m.values();
        for (int r = 0; r < rows; r++) {
            int len = Math.min(n, off[r + 1] - off[r]);
            System.arraycopy(val, off[r + 1] - len, out, r * n + n - len, len);
        }
        return out;
    }

    /** One normalised vector per user of the batch, from its {@link FeatureBatch#HISTORY}. */
    @Override
    public Vectors encodeUsers(FeatureBatch batch) {
        Column c = batch.column(FeatureBatch.HISTORY);
        if (!(c instanceof Column.MultiIds m)) {
            throw new IllegalArgumentException(s.plugin() + " reads the user's item sequence from column '" + FeatureBatch.HISTORY
                    + "' (MultiIds); columns: " + batch.names());
        }
        int n = s.historyLength();
        return encodeHistories(padHistories(m, batch.size(), n), batch.size());
    }

    /** User vectors for padded histories {@code [rows, N]}. */
    Vectors encodeHistories(int[] hist, int rows) {
        Inference inf = inference();
        int n = s.historyLength();
        int d = s.dim();
        float[] out = new float[rows * d];
        Feeds feeds = inf.graph().newFeeds();
        for (int from = 0; from < rows; from += CHUNK) {
            int to = Math.min(rows, from + CHUNK);
            feeds.clear();
            inf.in().feed(feeds, Arrays.copyOfRange(hist, from * n, to * n), to - from, new int[0]);
            float[] v = inf.graph().forward(feeds, inf.user())[0];
            System.arraycopy(v, 0, out, from * d, v.length);
        }
        return Vectors.of(out, d);
    }

    @Override
    public Vectors encodeItems(FeatureBatch batch) {
        return encodeItemIds(batch.ids());
    }

    Vectors encodeItemIds(int[] items) {
        Inference inf = inference();
        int n = s.historyLength();
        int d = s.dim();
        float[] out = new float[items.length * d];
        Feeds feeds = inf.graph().newFeeds();
        for (int from = 0; from < items.length; from += CHUNK) {
            int to = Math.min(items.length, from + CHUNK);
            feeds.clear();
            int[] pad = new int[n];
            Arrays.fill(pad, -1);
            inf.in().feed(feeds, pad, 1, Arrays.copyOfRange(items, from, to));
            float[] v = inf.graph().forward(feeds, inf.item())[0];
            System.arraycopy(v, 0, out, from * d, v.length);
        }
        return Vectors.of(out, d);
    }

    /**
     * Raw (unnormalised) per-modality adapter outputs of every item, {@code [M][numItems * d]}, and
     * the id rows ({@code null} when inductive): what exact multi-modality scoring fuses per user.
     */
    float[][] rawModalities() {
        requirePrepared();
        int d = s.dim();
        float[][] out = new float[features.size() + 1][];
        try (GraphBuilder gb = new GraphBuilder()) {
            List<Placeholder<TFloat32>> in = new ArrayList<>();
            List<Operand<TFloat32>> outs = new ArrayList<>();
            for (int m = 0; m < features.size(); m++) {
                Placeholder<TFloat32> r = gb.floatInput("rows" + m, -1, features.get(m).dim());
                in.add(r);
                outs.add(net.adapt(gb, m, r));
            }
            if (!outs.isEmpty()) {
                try (StepGraph g = gb.buildForward()) {
                    Feeds f = g.newFeeds();
                    for (int m = 0; m < features.size(); m++) {
                        f.floats(in.get(m), features.get(m).values(), numItems, features.get(m).dim());
                    }
                    @SuppressWarnings("unchecked")
                    Operand<TFloat32>[] o = outs.toArray(new Operand[0]);
                    float[][] r = g.forward(f, o);
                    System.arraycopy(r, 0, out, 0, r.length);
                }
            }
        }
        if (ids != null) {
            float[] v = new float[numItems * d];
            int[] all = new int[numItems];
            for (int i = 0; i < numItems; i++) {
                all[i] = i;
            }
            ids.gather(all, 0, numItems, v, 0);
            out[features.size()] = v;
        }
        return out;
    }

    /**
     * Serving signatures: {@code serving_user} (input {@code history} {@code [B, N]} item ids, oldest
     * first, right-aligned, -1 padding first; output {@code user_vector} {@code [B, d]}) and
     * {@code serving_item} (input {@code id} {@code [B]}; output {@code item_vector} {@code [B, d]}),
     * normalised as {@link #encodeUsers}/{@link #encodeItems}. Feature and id tables are variables
     * of the graph with a zero padding row.
     */
    List<ExportSignature> exportSignatures() {
        requirePrepared();
        List<DenseParam> featureTables = new ArrayList<>();
        for (FrozenFeatures f : features) {
            DenseParam p = DenseParam.create("export/" + f.name().replace('/', '_'), optimizer, Initializer.zeros(), 0, numItems + 1L, f.dim());
            float[] v = Arrays.copyOf(f.values(), (numItems + 1) * f.dim());
            p.set(v);
            featureTables.add(p);
        }
        DenseParam idTable = null;
        if (ids != null) {
            idTable = DenseParam.create("export/item_id", optimizer, Initializer.zeros(), 0, numItems + 1L, s.dim());
            float[] v = new float[(numItems + 1) * s.dim()];
            int[] all = new int[numItems];
            for (int i = 0; i < numItems; i++) {
                all[i] = i;
            }
            ids.gather(all, 0, numItems, v, 0);
            idTable.set(v);
        }
        DenseParam idt = idTable;
        return List.of(ExportSignature.of("serving_user", "user_vector", gb -> {
            Ops tf = gb.tf();
            Placeholder<TInt32> h = gb.intInput("history", -1, s.historyLength());
            Operand<TFloat32> mask = tf.dtypes.cast(tf.math.greaterEqual(h, tf.constant(0)), TFloat32.class);
            Operand<TInt32> index = tf.select(tf.math.less(h, tf.constant(0)), tf.fill(tf.shape(h), tf.constant(numItems)), h);
            List<Operand<TFloat32>> adapted = adaptTables(gb, featureTables);
            Operand<TFloat32> idv = idt == null ? null : Layers.gatherRows(tf, gb.param(idt), index);
            Operand<TFloat32> x = net.tokens(gb, adapted, index, idv, mask);
            return Layers.l2Normalize(tf, net.user(gb, x, mask, null, Dropout.off()).user(), 1e-6);
        }), ExportSignature.of("serving_item", "item_vector", gb -> {
            Ops tf = gb.tf();
            Placeholder<TInt32> id = gb.intInput("id", -1);
            List<Operand<TFloat32>> adapted = adaptTables(gb, featureTables);
            Operand<TFloat32> mods = null;
            for (Operand<TFloat32> a : adapted) {
                Operand<TFloat32> g = tf.expandDims(Layers.gatherRows(tf, a, id), tf.constant(1));
                mods = mods == null ? g : tf.concat(List.of(mods, g), tf.constant(1));
            }
            Operand<TFloat32> idv = idt == null ? null : Layers.gatherRows(tf, gb.param(idt), id);
            return Layers.l2Normalize(tf, meanItem(tf, mods, idv), 1e-6);
        }));
    }

    private List<Operand<TFloat32>> adaptTables(GraphBuilder gb, List<DenseParam> tables) {
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (int m = 0; m < tables.size(); m++) {
            out.add(net.adapt(gb, m, gb.param(tables.get(m))));
        }
        return out;
    }

    List<EmbeddingTable> tables() {
        return ids == null ? List.of() : List.of(ids);
    }

    List<DenseParam> params() {
        return net.params();
    }

    @Override
    public Optional<Trainable> trainable() {
        return Optional.of(this);
    }

    @Override
    public long parameterCount() {
        requirePrepared();
        long n = ids == null ? 0 : (long) ids.rows() * ids.dim();
        for (DenseParam p : params()) {
            n += p.size();
        }
        return n;
    }

    @Override
    public void saveCheckpoint(Path dir) throws IOException {
        requirePrepared();
        EncoderCheckpoints.save(dir, s.plugin(), optimizer, tables(), params());
    }

    @Override
    public void loadCheckpoint(Path dir) throws IOException {
        prepare(EncoderCheckpoints.verify(dir, s.plugin()));
        EncoderCheckpoints.restore(dir, tables(), params());
        inference = null;
    }

    @Override
    public String toString() {
        return s.toString();
    }
}
