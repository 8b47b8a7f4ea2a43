package io.mic.models.crmman;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.data.WarmItems;
import io.mic.core.eval.ClickProtocol;
import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.SavedModelExportable;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.export.ExportSignature;
import io.mic.models.tf.layers.MultiHeadAttention;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import io.mic.models.tf.training.FitHarness;
import io.mic.models.tf.training.ModelScores;
import io.mic.models.tf.training.Trainer;
import io.mic.spi.ItemFeatureSource;
import io.mic.spi.ItemNeighborSource;
import io.mic.spi.Model;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import io.mic.spi.TrainingData;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code crm-man}: see {@link CrmManNet} for the towers.
 *
 * <p>Training examples are the training interactions (every observed interaction is a click);
 * the example's user views are her other training items (the target removed), liked when rated
 * ≥ {@code like_threshold}, disliked below, the last L of each in stored order. Loss: softmax
 * cross-entropy of the target against R negatives drawn uniformly from items that are not among
 * the user's training items (nor cold items: {@link WarmItems}), logits
 * {@code (w_like c·u_like + w_dislike c·u_dislike) / τ}. A step
 * computes representations only for its distinct items and their sampled two-hop neighbourhood.
 * Early stopping on the validation metric, best epoch restored (trainer settings).
 *
 * <p>Serving: {@link #itemVectors()} = r of every item (deterministic top-K neighbourhoods),
 * {@link #userVectors()} = {@code w_like u_like + w_dislike u_dislike} from the whole training
 * history; score = their dot product, which equals the click logit (times τ).
 */
final class CrmManModel implements Model, SavedModelExportable, ItemNeighborSource {
    private static final Logger LOG = LoggerFactory.getLogger(CrmManModel.class);
    private static final int INFER_BATCH = 512;

    private final String label;
    private final CrmManSettings s;
    private final ItemFeatureSource textSource;
    private final long seed;
    private volatile Vectors users;
    private volatile Vectors items;
    private final FitHarness harness;
    private ItemGraph graph;
    private CrmManNet net;
    private Views views;

    CrmManModel(String label, CrmManSettings s, ItemFeatureSource textSource, TrainerSettings settings, long seed, Progress progress) {
        if (s.text() != (textSource != null)) {
            throw new IllegalArgumentException("crm-man: a text source goes with text = true and only with it");
        }
        this.label = label;
        this.s = s;
        this.textSource = textSource;
        this.seed = seed;
        this.harness = new FitHarness("crm-man", settings, seed, progress);
    }

    @Override
    public Optional<Vectors> userVectors() {
        return Optional.ofNullable(users);
    }

    @Override
    public Optional<Vectors> itemVectors() {
        return Optional.ofNullable(items);
    }

    Trainer.Report report() {
        return harness.report();
    }

    /**
     * The one-mode item graph's neighbours for serving's I2I table: ranked by shared-entity count,
     * ties by id ({@link ItemGraph#rankedNeighbours}); items without a KG entity get none. Null
     * without the graph branch (KG-free configuration): then serving uses vector kNN.
     */
    @Override
    public int[][] itemNeighbors(int k) {
        return graph == null ? null : graph.rankedNeighbours(k);
    }

    /** The item graph built by {@link #fit} (null without the graph branch). */
    ItemGraph itemGraph() {
        return graph;
    }

    /** Per-user training items split into views, in stored order. */
    record Views(int[][] liked, int[][] disliked, int[][] sortedTrain) {
        static Views of(InteractionMatrix train, double threshold) {
            int n = train.numUsers();
            int[][] l = new int[n][];
            int[][] d = new int[n][];
            int[][] all = new int[n][];
            float[] r = train.ratings();
            for (int u = 0; u < n; u++) {
                int from = train.start(u);
                int to = train.end(u);
                int nl = 0;
                for (int k = from; k < to; k++) {
                    if (r == null || r[k] >= threshold) {
                        nl++;
                    }
                }
                l[u] = new int[nl];
                d[u] = new int[to - from - nl];
                int a = 0;
                int b = 0;
                for (int k = from; k < to; k++) {
                    if (r == null || r[k] >= threshold) {
                        l[u][a++] = train.items()[k];
                    } else {
                        d[u][b++] = train.items()[k];
                    }
                }
                all[u] = train.sortedItemsOf(u);
            }
            return new Views(l, d, all);
        }

        /**
         * The views of {@code split}. Under the click protocol ({@link ClickProtocol}) the training
         * part holds positives (ratings ≥ 4) only, so the disliked view comes from the dataset's
         * ratings below {@code min(threshold, 4)}, in dataset order: those interactions are in no
         * part (neither positives nor sampled negatives, which are never-rated items), so reading
         * them leaks no label. Under every other protocol both views come from the training part.
         */
        static Views of(DataSplit split, double threshold) {
            Views v = of(split.train(), threshold);
            if (!ClickProtocol.NAME.equals(split.protocol())) {
                return v;
            }
            Dataset d = split.dataset();
            float[] r = d.ratings();
            double below = Math.min(threshold, ClickProtocol.POSITIVE_RATING);
            int[] count = new int[d.numUsers()];
            for (int k = 0; k < d.numInteractions(); k++) {
                if (r[k] < below) {
                    count[d.userColumn()[k]]++;
                }
            }
            int[][] dis = new int[d.numUsers()][];
            for (int u = 0; u < dis.length; u++) {
                dis[u] = new int[count[u]];
                count[u] = 0;
            }
            for (int k = 0; k < d.numInteractions(); k++) {
                if (r[k] < below) {
                    int u = d.userColumn()[k];
                    dis[u][count[u]++] = d.itemColumn()[k];
                }
            }
            return new Views(v.liked(), dis, v.sortedTrain());
        }
    }

    @Override
    public void fit(TrainingData trainingData) {
        DataSplit split = DataSplit.of(trainingData);
        Dataset ds = split.dataset();
        int numItems = ds.numItems();
        float[] text = null;
        int textDim = 0;
        if (s.text()) {
            text = ItemText.vectors(textSource, ds);
            textDim = textSource.dim();
        }
        float[] hasKg = new float[numItems];
        float[] init = null;
        if (s.graph()) {
            try {
                KnowledgeGraph kg = KnowledgeGraph.loadDirectory(s.kgDir());
                graph = ItemGraph.build(kg, kg.entityOfItems(ds.items()), s.minShared());
            } catch (IOException e) {
                throw new UncheckedIOException("crm-man: cannot read the knowledge graph in " + s.kgDir(), e);
            }
            for (int i = 0; i < numItems; i++) {
                hasKg[i] = graph.hasEntity(i) || s.idForUnmapped() ? 1f : 0f;
            }
            if (s.sdne()) {
                init = Sdne.embed(graph, new Sdne.Settings(s.dim(), s.sdneHidden(), s.sdneBeta(), s.sdneAlpha(), s.sdneEpochs(), 256, 0.003),
                        seed ^ 0x5D4E);
            }
        }
        Views views = Views.of(split, s.likeThreshold());
        this.views = views;
        float[] itemText = text;
        int itemTextDim = textDim;
        float[] sdne = init;
        CrmManNet[] net = new CrmManNet[1];
        Inference[] inf = new Inference[1];
        try {
            harness.fit(split, this, optimizer -> net[0] = newNet(numItems, itemTextDim, optimizer, sdne), new FitHarness.Fit() {
                @Override
                public FitHarness.Session open(long startStep) {
                    LOG.info("{}: {} ({} parameters), {} training interactions", label, s, net[0].parameterCount(), split.train().nnz());
                    Step step = new Step(net[0], split.train(), WarmItems.of(split), views, itemText, hasKg);
                    try {
                        inf[0] = new Inference(net[0], views, itemText, hasKg);
                    } catch (RuntimeException e) {
                        step.close();
                        throw e;
                    }
                    return step;
                }

                @Override
                public void snapshot() {
                    CrmManModel.this.snapshot(inf[0]);
                }

                @Override
                public String epochNote(FitHarness.Validation validation) {
                    return ", w_like " + net[0].wLike.values()[0] + " w_dislike " + (net[0].wDislike == null ? "-" : net[0].wDislike.values()[0]);
                }
            });
        } finally {
            if (inf[0] != null) {
                inf[0].close();
            }
        }
        this.net = net[0];
    }

    /**
     * Both towers as a SavedModel. {@code serving_item}: {@code id [B]} → {@code item_vector [B, width]},
     * a lookup of the trained item representations r (the item tower's output: text projection and
     * two GAT layers over the deterministic top-K neighbourhoods, computed once, since it depends on
     * nothing but the item). {@code serving_user}: {@code liked [B, L]} (and {@code disliked [B, L]}
     * with the dislike view) item ids, most recent first, -1 = padding → {@code user_vector [B, width]}
     * = w_like u_like + w_dislike u_dislike, each view the self-attention + masked mean over those
     * items' r. Scores are dot products, as in process.
     */
    @Override
    public boolean exportSavedModel(Path dir) throws IOException {
        if (users == null || net == null) {
            throw new IllegalStateException(label + ": exportSavedModel before fit");
        }
        int numItems = items.rows();
        int w = net.width;
        DenseParam table = DenseParam.create("export/item_r", Optimizer.adam(), Initializer.zeros(), 0, numItems + 1L, w);
        table.set(Arrays.copyOf(items.values(), (numItems + 1) * w));
        int l = s.historyLength();
        ExportSignature user = ExportSignature.of("serving_user", "user_vector", gb -> {
            Operand<TFloat32> uLike = exportView(gb, net.like, table, "liked", numItems, l);
            Operand<TFloat32> uDis = net.dislike == null ? null : exportView(gb, net.dislike, table, "disliked", numItems, l);
            return net.combine(gb, uLike, uDis);
        });
        ExportSignature item = ExportSignature.of("serving_item", "item_vector",
                gb -> Layers.gatherRows(gb.tf(), gb.param(table), gb.intInput("id", -1)));
        harness.export(dir, "crm-man", List.of(user, item));
        return true;
    }

    /** Redraws of a negative that is one of the user's training items before the last draw is kept. */
    static final int NEGATIVE_TRIES = 100;

    /**
     * A uniform warm item (never a cold item) not in {@code own} (the user's sorted training items);
     * after {@link #NEGATIVE_TRIES} draws in {@code own}, the last one.
     */
    static int negative(int[] own, WarmItems warm, SplittableRandom rng) {
        int it;
        int tries = 0;
        do {
            it = warm.uniform(rng);
        } while (Arrays.binarySearch(own, it) >= 0 && ++tries < NEGATIVE_TRIES);
        return it;
    }

    /** One view of the exported user tower over ids {@code [B, L]} (-1 = padding, read as the zero row {@code numItems}). */
    private Operand<TFloat32> exportView(GraphBuilder gb, MultiHeadAttention mha, DenseParam table, String input, int numItems, int l) {
        Ops tf = gb.tf();
        Placeholder<TInt32> ids = gb.intInput(input, -1, l);
        Operand<TFloat32> mask = tf.dtypes.cast(tf.math.greaterEqual(ids, tf.constant(0)), TFloat32.class);
        Operand<TInt32> index = tf.select(tf.math.less(ids, tf.constant(0)), tf.fill(tf.shape(ids), tf.constant(numItems)), ids);
        return net.view(gb, mha, Layers.gatherRows(tf, gb.param(table), index), mask);
    }

    /** The liked / disliked views of the training split (after {@link #fit}). */
    Views views() {
        return views;
    }

    /**
     * The ids the user tower reads from {@code view}: its last {@code len} items, most recent first,
     * into {@code out[off .. off + len)}, -1 after them; returns how many.
     */
    static int recent(int[] view, int len, int[] out, int off) {
        int q = 0;
        for (int k = view.length - 1; k >= 0 && q < len; k--, q++) {
            out[off + q] = view[k];
        }
        for (int r = q; r < len; r++) {
            out[off + r] = -1;
        }
        return q;
    }

    /**
     * The towers' parameters created with {@code optimizer}; graph items start from their SDNE
     * embedding when there is one, rescaled to the per-entry RMS of the random init
     * (1/sqrt(d)): SDNE's tanh codes are O(1) per entry, d times the random init's energy, which
     * saturates the GAT's ELUs and the softmax at the start of training.
     */
    private CrmManNet newNet(int numItems, int textDim, Optimizer optimizer, float[] init) {
        CrmManNet net = new CrmManNet(s, numItems, textDim, optimizer, seed);
        if (init != null) {
            double sq = 0;
            long count = 0;
            for (int i = 0; i < numItems; i++) {
                if (graph.hasEntity(i)) {
                    for (int c = 0; c < s.dim(); c++) {
                        double v = init[i * s.dim() + c];
                        sq += v * v;
                    }
                    count += s.dim();
                }
            }
            double rms = count == 0 ? 0 : Math.sqrt(sq / count);
            float scale = rms == 0 ? 0f : (float) (1.0 / Math.sqrt(s.dim()) / rms);
            float[] row = new float[s.dim()];
            for (int i = 0; i < numItems; i++) {
                if (graph.hasEntity(i)) {
                    for (int c = 0; c < s.dim(); c++) {
                        row[c] = init[i * s.dim() + c] * scale;
                    }
                    net.p.write(i, row, 0);
                }
            }
            LOG.info("{}: SDNE init of {} graph items, per-entry RMS {} rescaled to {}", label, count / Math.max(1, s.dim()),
                    String.format("%.4f", rms), String.format("%.4f", 1.0 / Math.sqrt(s.dim())));
        }
        return net;
    }

    private void snapshot(Inference inf) {
        Vectors it = inf.items();
        users = inf.users(it);
        items = it;
    }

    @Override
    public void score(int user, float[] out) {
        score(new int[] {user}, out, ModelScores.singleUserItems(label, items, out));
    }

    @Override
    public void score(int[] us, float[] out, int numItems) {
        ModelScores.dot(label, users, items, us, out, numItems);
    }

    /** Feeds the item-tower inputs for the distinct items {@code roots[0 .. n)}; returns the subgraph used (or null). */
    private static void feedItems(CrmManNet net, CrmManNet.ItemInputs in, Feeds f, Subgraph sg, int[] roots, int n, float[] text,
            float[] hasKg, SplittableRandom rng, Scratch sc) {
        if (in.text != null) {
            int td = net.textDim;
            sc.text = grow(sc.text, n * td);
            for (int r = 0; r < n; r++) {
                System.arraycopy(text, roots[r] * td, sc.text, r * td, td);
            }
            f.floats(in.text, sc.text, n, td);
        }
        if (in.nodes != null) {
            sg.build(roots, n, rng);
            int w = sg.width();
            f.ids(in.nodes, Arrays.copyOf(sg.nodes(), sg.n2));
            f.ints(in.t1, FitHarness.range(sg.n1), sg.n1);
            f.ints(in.nbr1, sg.nbr1, sg.n1, w);
            f.floats(in.mask1, sg.mask1, sg.n1, w);
            f.ints(in.t2, FitHarness.range(sg.n0), sg.n0);
            f.ints(in.nbr2, sg.nbr2, sg.n0, w);
            f.floats(in.mask2, sg.mask2, sg.n0, w);
            float[] kg = new float[n];
            for (int r = 0; r < n; r++) {
                kg[r] = hasKg[roots[r]];
            }
            f.floats(in.hasKg, kg, n);
        }
    }

    private static final class Scratch {
        float[] text = new float[0];
    }

    private static float[] grow(float[] a, int n) {
        return a.length >= n ? a : new float[Math.max(n, a.length * 2)];
    }

    /** Writes the last {@code len} items of {@code src} except {@code skip} into {@code out[off ..]} as local ids; -1 pads. */
    private static int lastItems(int[] src, int skip, int len, int[] out, int off, int[] local) {
        int w = 0;
        for (int k = src.length - 1; k >= 0 && w < len; k--) {
            if (src[k] != skip) {
                out[off + w++] = local[src[k]];
            }
        }
        for (int q = w; q < len; q++) {
            out[off + q] = -1;
        }
        return w;
    }

    /** The training graph and the feeding of one step. */
    private final class Step implements FitHarness.Session {
        private final CrmManNet net;
        private final Views views;
        private final float[] text;
        private final float[] hasKg;
        private final int[] exUser;
        private final int[] exItem;
        private final StepGraph graph;
        private final CrmManNet.ItemInputs in;
        private final Placeholder<TInt32> likeIdx;
        private final Placeholder<TFloat32> likeMask;
        private final Placeholder<TInt32> disIdx;
        private final Placeholder<TFloat32> disMask;
        private final Placeholder<TInt32> cand;
        private final Placeholder<TFloat32> labels;
        private final Subgraph sg;
        private final Scratch sc = new Scratch();
        private final int[] local;
        private final int[] roots;
        private final WarmItems warm;

        Step(CrmManNet net, InteractionMatrix train, WarmItems warm, Views views, float[] text, float[] hasKg) {
            this.net = net;
            this.warm = warm;
            this.views = views;
            this.text = text;
            this.hasKg = hasKg;
            int n = train.nnz();
            exUser = new int[n];
            exItem = train.items();
            for (int u = 0; u < train.numUsers(); u++) {
                for (int q = train.start(u); q < train.end(u); q++) {
                    exUser[q] = u;
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("crm-man: no training interactions");
            }
            int numItems = train.numItems();
            local = new int[numItems];
            Arrays.fill(local, -1);
            roots = new int[numItems];
            sg = net.p == null ? null : new Subgraph(CrmManModel.this.graph, s.neighbours());
            int l = s.historyLength();
            int c = s.negatives() + 1;
            try (GraphBuilder gb = new GraphBuilder()) {
                Ops tf = gb.tf();
                in = net.itemTower(gb);
                Operand<TFloat32> zero = tf.zeros(tf.constant(new int[] {1, net.width}), TFloat32.class);
                Operand<TFloat32> rPad = tf.concat(List.of(in.r, zero), tf.constant(0));
                likeIdx = gb.intInput("like", -1, l);
                likeMask = gb.floatInput("like_mask", -1, l);
                Operand<TFloat32> uLike = net.view(gb, net.like, Layers.gatherRows(tf, rPad, likeIdx), likeMask);
                Operand<TFloat32> uDis = null;
                if (net.dislike != null) {
                    disIdx = gb.intInput("dislike", -1, l);
                    disMask = gb.floatInput("dislike_mask", -1, l);
                    uDis = net.view(gb, net.dislike, Layers.gatherRows(tf, rPad, disIdx), disMask);
                } else {
                    disIdx = null;
                    disMask = null;
                }
                cand = gb.intInput("candidates", -1, c);
                Operand<TFloat32> cv = Layers.gatherRows(tf, rPad, cand);                       // [B, C, D]
                Operand<TFloat32> u = net.combine(gb, uLike, uDis);                              // [B, D]
                Operand<TFloat32> logits = tf.reduceSum(tf.math.mul(cv, tf.expandDims(u, tf.constant(1))), tf.constant(-1));
                logits = tf.math.div(logits, Layers.scalar(tf, s.temperature(), logits));
                labels = gb.floatInput("labels", -1, c);
                graph = gb.build(Losses.softmaxCrossEntropy(tf, logits, labels));
            }
        }

        @Override
        public StepGraph graph() {
            return graph;
        }

        @Override
        public int examples() {
            return exItem.length;
        }

        @Override
        public void feed(Feeds f, int[] order, int from, int to, SplittableRandom rng) {
            int b = to - from;
            int l = s.historyLength();
            int c = s.negatives() + 1;
            int[] cands = new int[b * c];
            for (int r = 0; r < b; r++) {
                int e = order[from + r];
                int[] own = views.sortedTrain()[exUser[e]];
                cands[r * c] = exItem[e];
                for (int q = 1; q < c; q++) {
                    cands[r * c + q] = negative(own, warm, rng);
                }
            }
            // distinct items of the step -> local ids
            int n = 0;
            for (int r = 0; r < b; r++) {
                int e = order[from + r];
                int user = exUser[e];
                n = mark(views.liked()[user], n);
                if (disIdx != null) {
                    n = mark(views.disliked()[user], n);
                }
            }
            for (int it : cands) {
                if (local[it] < 0) {
                    local[it] = n;
                    roots[n++] = it;
                }
            }
            try {
                feedItems(net, in, f, sg, roots, n, text, hasKg, rng, sc);
                int[] li = new int[b * l];
                float[] lm = new float[b * l];
                int[] di = disIdx == null ? null : new int[b * l];
                float[] dm = disIdx == null ? null : new float[b * l];
                for (int r = 0; r < b; r++) {
                    int e = order[from + r];
                    int user = exUser[e];
                    pad(li, lm, r * l, lastItems(views.liked()[user], exItem[e], l, li, r * l, local), l, n);
                    if (di != null) {
                        pad(di, dm, r * l, lastItems(views.disliked()[user], exItem[e], l, di, r * l, local), l, n);
                    }
                }
                f.ints(likeIdx, li, b, l).floats(likeMask, lm, b, l);
                if (di != null) {
                    f.ints(disIdx, di, b, l).floats(disMask, dm, b, l);
                }
                int[] ci = new int[b * c];
                float[] lab = new float[b * c];
                for (int q = 0; q < b * c; q++) {
                    ci[q] = local[cands[q]];
                }
                for (int r = 0; r < b; r++) {
                    lab[r * c] = 1f;
                }
                f.ints(cand, ci, b, c).floats(labels, lab, b, c);
            } finally {
                for (int q = 0; q < n; q++) {
                    local[roots[q]] = -1;
                }
            }
        }

        private int mark(int[] items, int n) {
            int w = 0;
            for (int k = items.length - 1; k >= 0 && w < s.historyLength() + 1; k--, w++) {
                int it = items[k];
                if (local[it] < 0) {
                    local[it] = n;
                    roots[n++] = it;
                }
            }
            return n;
        }

        @Override
        public void close() {
            graph.close();
        }
    }

    /** Sets mask 1 for the first {@code count} slots and points padding (-1) at the zero row {@code n}. */
    private static void pad(int[] idx, float[] mask, int off, int count, int len, int n) {
        for (int q = 0; q < len; q++) {
            mask[off + q] = q < count ? 1f : 0f;
            if (idx[off + q] < 0) {
                idx[off + q] = n;
            }
        }
    }

    /** Forward graphs for every item's r and every user's vector. */
    private final class Inference implements AutoCloseable {
        private final CrmManNet net;
        private final Views views;
        private final float[] text;
        private final float[] hasKg;
        private final StepGraph itemGraph;
        private final CrmManNet.ItemInputs in;
        private final StepGraph userGraph;
        private final Placeholder<TFloat32> likeRows;
        private final Placeholder<TFloat32> likeMask;
        private final Placeholder<TFloat32> disRows;
        private final Placeholder<TFloat32> disMask;
        private final Operand<TFloat32> u;
        private final Subgraph sg;

        Inference(CrmManNet net, Views views, float[] text, float[] hasKg) {
            this.net = net;
            this.views = views;
            this.text = text;
            this.hasKg = hasKg;
            this.sg = net.p == null ? null : new Subgraph(CrmManModel.this.graph, s.neighbours());
            try (GraphBuilder gb = new GraphBuilder()) {
                in = net.itemTower(gb);
                itemGraph = gb.buildForward();
            }
            int l = s.historyLength();
            try (GraphBuilder gb = new GraphBuilder()) {
                likeRows = gb.floatInput("like_rows", -1, l, net.width);
                likeMask = gb.floatInput("like_mask", -1, l);
                Operand<TFloat32> uLike = net.view(gb, net.like, likeRows, likeMask);
                Operand<TFloat32> uDis = null;
                if (net.dislike != null) {
                    disRows = gb.floatInput("dislike_rows", -1, l, net.width);
                    disMask = gb.floatInput("dislike_mask", -1, l);
                    uDis = net.view(gb, net.dislike, disRows, disMask);
                } else {
                    disRows = null;
                    disMask = null;
                }
                u = net.combine(gb, uLike, uDis);
                userGraph = gb.buildForward();
            }
        }

        Vectors items() {
            int numItems = hasKg.length;
            int w = net.width;
            float[] out = new float[numItems * w];
            Feeds f = itemGraph.newFeeds();
            Scratch sc = new Scratch();
            int[] roots = new int[INFER_BATCH];
            for (int from = 0; from < numItems; from += INFER_BATCH) {
                int n = Math.min(INFER_BATCH, numItems - from);
                for (int r = 0; r < n; r++) {
                    roots[r] = from + r;
                }
                f.clear();
                feedItems(net, in, f, sg, roots, n, text, hasKg, null, sc);
                float[] r = itemGraph.forward(f, in.r)[0];
                System.arraycopy(r, 0, out, from * w, n * w);
            }
            return Vectors.of(out, w);
        }

        Vectors users(Vectors items) {
            int numUsers = views.liked().length;
            int w = net.width;
            int l = s.historyLength();
            float[] out = new float[numUsers * w];
            Feeds f = userGraph.newFeeds();
            int chunk = 256;
            float[] lr = new float[chunk * l * w];
            float[] lm = new float[chunk * l];
            float[] dr = new float[chunk * l * w];
            float[] dm = new float[chunk * l];
            for (int from = 0; from < numUsers; from += chunk) {
                int b = Math.min(chunk, numUsers - from);
                fillRows(views.liked(), from, b, items, lr, lm);
                f.clear().floats(likeRows, lr, b, l, w).floats(likeMask, lm, b, l);
                if (disRows != null) {
                    fillRows(views.disliked(), from, b, items, dr, dm);
                    f.floats(disRows, dr, b, l, w).floats(disMask, dm, b, l);
                }
                float[] uv = userGraph.forward(f, u)[0];
                System.arraycopy(uv, 0, out, from * w, b * w);
            }
            return Vectors.of(out, w);
        }

        private void fillRows(int[][] view, int from, int b, Vectors items, float[] rows, float[] mask) {
            int l = s.historyLength();
            int w = net.width;
            Arrays.fill(rows, 0, b * l * w, 0f);
            Arrays.fill(mask, 0, b * l, 0f);
            int[] ids = new int[l];
            for (int r = 0; r < b; r++) {
                int count = recent(view[from + r], l, ids, 0);
                for (int q = 0; q < count; q++) {
                    System.arraycopy(items.values(), ids[q] * w, rows, (r * l + q) * w, w);
                    mask[r * l + q] = 1f;
                }
            }
        }

        @Override
        public void close() {
            itemGraph.close();
            userGraph.close();
        }
    }

    @Override
    public String toString() {
        return label + "[crm-man " + s + "]";
    }
}
