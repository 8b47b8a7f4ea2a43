package io.mic.models.lightgcn;

import io.mic.core.data.DataSplit;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.data.WarmItems;
import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.ParamView;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import io.mic.models.tf.training.FitHarness;
import io.mic.models.tf.training.ModelScores;
import io.mic.models.tf.training.Trainer;
import io.mic.spi.Model;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import io.mic.spi.TrainingData;
import io.mic.spi.Vectors;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * LightGCN (He et al., SIGIR'20): user and item layer-0 embeddings propagated over the
 * symmetric-normalised user-item graph of the training split, {@code E_k = Â E_{k-1}}, final
 * embedding the mean of layers {@code 0..K}; BPR loss on (user, positive, negative) triples, where
 * the negative is drawn uniformly among items that are not the user's training items, plus
 * {@code l2 / 2 · (|e_u|² + |e_i|² + |e_j|²)} on the batch's layer-0 rows, averaged over the batch
 * (the paper's and RecBole's regulariser). Score: dot product of the propagated vectors.
 *
 * <p>Design: every step propagates the whole graph (as RecBole does), outside the TF graph, in Java
 * ({@link Propagation}: multithreaded CSR products over flat arrays). The layer-0 table is one
 * dense parameter seen by the graph through that propagation, so the gradient comes back through
 * the same propagation (Â is symmetric) and one dense Adam step updates every row, as in RecBole.
 * The alternative, a step over the batch's K-hop receptive field only, is no cheaper on MovieLens:
 * with K = 3 a batch of 2048 reaches almost every node (logged at the start of {@link #fit}).
 *
 * <p>With a {@link Contrast} this is XSimGCL (Yu et al., TKDE'23; plugin {@code xsimgcl}): the propagation adds
 * sign-aligned uniform noise of norm {@code eps} after every layer ({@link PerturbedPropagation}), the final
 * embedding is the mean of layers {@code 1..K} (layer 0 left out, as in XSimGCL), BPR and L2 as above, plus
 * {@code weight · (InfoNCE_users + InfoNCE_items)} between the final and the layer-{@code l*} embeddings of the
 * batch's distinct users and distinct positive items (cosine similarity / temperature, the other rows of the
 * same set as negatives). Scores use the noiseless final embedding.
 *
 * <p>Training runs through the shared {@link FitHarness} (and its {@link Trainer}): seeded epochs,
 * validation after every epoch on the early-stopping metric, checkpoints, resume and restore of
 * the best epoch.
 *
 * <p>Lifecycle per {@link Model}: {@link #fit} once on the caller's thread, then {@link #score}
 * from any number of threads.
 */
final class LightGcnModel implements Model {
    private static final Logger LOG = LoggerFactory.getLogger(LightGcnModel.class);
    static final String PARAM = "lightgcn/embedding";

    private final String plugin;
    private final int dim;
    private final int layers;
    private final double l2;
    private final int negativeRetries;
    private final Contrast contrast;
    private final TrainerSettings settings;
    private final long seed;
    private volatile Vectors users;
    private volatile Vectors items;
    private final FitHarness harness;

    /**
     * XSimGCL's additions: noise norm {@code eps} per row and layer, contrastive weight (the papers' lambda),
     * temperature, and the layer {@code clLayer} (1..K) whose embeddings are the contrastive view.
     */
    record Contrast(double eps, double weight, double temperature, int clLayer) {
        /** Reads {@code eps} (0.2), {@code cl_weight} (0.1), {@code temperature} (0.2) and {@code cl_layer} (1, at most {@code layers}). */
        static Contrast of(io.mic.spi.PluginConfig config, int layers) {
            double eps = config.getDouble("eps", 0.2, 0, 10);
            double weight = config.getDouble("cl_weight", 0.1, 0, 100);
            double temperature = config.getDouble("temperature", 0.2, 1e-3, 100);
            int clLayer = config.getInt("cl_layer", 1, 1, 8);
            if (clLayer > layers) {
                throw config.error("cl_layer", "cl_layer " + clLayer + " is above layers " + layers + ": it must name one of the layers 1.." + layers);
            }
            return new Contrast(eps, weight, temperature, clLayer);
        }

        /** XSimGCL's perturbed propagation over {@code graph} with these settings, its noise seeded from {@code seed}. */
        PerturbedPropagation propagation(NormalizedGraph graph, int layers, int dim, ExecutorService pool, long seed) {
            return new PerturbedPropagation(graph, layers, dim, pool, eps, clLayer, Initializer.mix(seed ^ 0x4e4f495345L));
        }
    }

    LightGcnModel(String plugin, int dim, int layers, double l2, int negativeRetries, TrainerSettings settings, long seed, Progress progress) {
        this(plugin, dim, layers, l2, negativeRetries, null, settings, seed, progress);
    }

    LightGcnModel(String plugin, int dim, int layers, double l2, int negativeRetries, Contrast contrast, TrainerSettings settings, long seed,
            Progress progress) {
        this.plugin = plugin;
        this.contrast = contrast;
        this.dim = dim;
        this.layers = layers;
        this.l2 = l2;
        this.negativeRetries = negativeRetries;
        this.settings = settings;
        this.seed = seed;
        this.harness = new FitHarness(plugin, settings, seed, progress);
    }

    /** The trainer's report of the last {@link #fit}. */
    Trainer.Report report() {
        return harness.report();
    }

    @Override
    public void fit(TrainingData trainingData) {
        DataSplit split = DataSplit.of(trainingData);
        InteractionMatrix train = split.train();
        int threads = settings.threads();
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, plugin + "-propagation");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            NormalizedGraph graph = NormalizedGraph.of(train, threads);
            Propagation prop = new Propagation(graph, layers, dim, pool);
            PerturbedPropagation noisy = contrast == null ? null : contrast.propagation(graph, layers, dim, pool, seed);
            ParamView view = noisy == null ? prop : noisy;
            DenseParam[] table = new DenseParam[1];
            harness.fit(split, this, optimizer -> table[0] = initialTable(graph, optimizer), new FitHarness.Fit() {
                @Override
                public FitHarness.Session open(long startStep) {
                    Step step = new Step(train, WarmItems.of(split), graph, view, table[0]);
                    logReceptiveField(graph, step);
                    return step;
                }

                @Override
                public void snapshot() {
                    publish(noisy == null ? prop::meanOfLayers : noisy::clean, table[0], graph);
                }
            });
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Xavier-normal rows, std {@code sqrt(2 / (rows + dim))} per table (users, items), as RecBole initialises nn.Embedding. */
    private DenseParam initialTable(NormalizedGraph g, Optimizer optimizer) {
        DenseParam p = DenseParam.create(PARAM, optimizer, Initializer.zeros(), seed, g.nodes, dim);
        p.set(initialValues(g, dim, seed));
        return p;
    }

    /** The layer-0 table {@code nodes x dim}: users then items, each side xavier-normal over its own row count. */
    static float[] initialValues(NormalizedGraph g, int dim, long seed) {
        float[] v = new float[g.nodes * dim];
        new Initializer.Normal(Math.sqrt(2.0 / (g.users + dim))).fill(Initializer.mix(seed ^ 0x5553L), 0, v, 0, g.users * dim);
        new Initializer.Normal(Math.sqrt(2.0 / (g.items + dim))).fill(Initializer.mix(seed ^ 0x4954L), 0, v, g.users * dim, g.items * dim);
        return v;
    }

    /** Logs how much of the graph one batch's K-hop receptive field covers, and what a full propagation costs. */
    private void logReceptiveField(NormalizedGraph g, Step step) {
        int b = Math.min(settings.batchSize(), step.examples());
        int[] seeds = new int[3 * b];
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < b; k++) {
            int e = r.nextInt(step.examples());
            seeds[3 * k] = step.exUser[e];
            seeds[3 * k + 1] = g.users + step.exItem[e];
            seeds[3 * k + 2] = g.users + r.nextInt(g.items);
        }
        int reach = g.neighbourhood(seeds, layers);
        LOG.info("{}: graph {} users + {} items, {} non-zeros; a batch of {} reaches {} of {} nodes ({}%) within {} hops, "
                + "so a step over its receptive field would propagate almost as much as the full graph", plugin, g.users, g.items, g.nnz(), b,
                reach, g.nodes, String.format("%.1f", 100.0 * reach / g.nodes), layers);
    }

    /** Propagates the current layer-0 table ({@code final(E0, out)}) and publishes the user and item vectors for scoring. */
    private void publish(java.util.function.BiConsumer<float[], float[]> finalEmbedding, DenseParam table, NormalizedGraph g) {
        float[] all = new float[g.nodes * dim];
        finalEmbedding.accept(table.values(), all);
        users = new Vectors(java.util.Arrays.copyOf(all, g.users * dim), g.users, dim, 1);
        items = new Vectors(java.util.Arrays.copyOfRange(all, g.users * dim, g.nodes * dim), g.items, dim, 1);
    }

    @Override
    public Optional<Vectors> userVectors() {
        return Optional.ofNullable(users);
    }

    @Override
    public Optional<Vectors> itemVectors() {
        return Optional.ofNullable(items);
    }

    @Override
    public void score(int user, float[] out) {
        score(new int[] {user}, out, ModelScores.singleUserItems(plugin, items, out));
    }

    @Override
    public void score(int[] us, float[] out, int numItems) {
        ModelScores.dot(plugin, users, items, us, out, numItems);
    }

    /** The training graph: BPR + layer-0 L2 (+ XSimGCL's contrastive terms) over the propagated view of the table. */
    final class Step implements FitHarness.Session {
        final int[] exUser;
        final int[] exItem;
        private final int[][] seen;
        private final WarmItems warm;
        private final int numUsers;
        private final StepGraph graph;
        private final Placeholder<TInt32> userIn;
        private final Placeholder<TInt32> posIn;
        private final Placeholder<TInt32> negIn;
        private final Placeholder<TInt32> clUserIn;
        private final Placeholder<TInt32> clItemIn;
        /** Marks of {@link #distinct}: node {@code x} was seen in the current batch when {@code mark[x] == batchNo}. */
        private final int[] mark;
        private int batchNo;

        Step(InteractionMatrix train, WarmItems warm, NormalizedGraph g, ParamView prop, DenseParam table) {
            this.warm = warm;
            numUsers = g.users;
            mark = new int[g.nodes];
            int nnz = train.nnz();
            exUser = new int[nnz];
            exItem = new int[nnz];
            seen = new int[numUsers][];
            int k = 0;
            for (int u = 0; u < numUsers; u++) {
                seen[u] = train.sortedItemsOf(u);
                for (int p = train.start(u); p < train.end(u); p++) {
                    exUser[k] = u;
                    exItem[k++] = train.items()[p];
                }
            }
            try (GraphBuilder gb = new GraphBuilder()) {
                Ops tf = gb.tf();
                Operand<TFloat32> view = gb.param(table, prop);
                userIn = gb.intInput("user", -1);
                posIn = gb.intInput("pos", -1);
                negIn = gb.intInput("neg", -1);
                Operand<TInt32> ego = tf.constant(g.nodes);
                Operand<TFloat32> u = Layers.gatherRows(tf, view, userIn);
                Operand<TFloat32> p = Layers.gatherRows(tf, view, posIn);
                Operand<TFloat32> n = Layers.gatherRows(tf, view, negIn);
                Operand<TFloat32> bpr = tf.math.mean(tf.math.softplus(tf.math.sub(Layers.rowDot(tf, u, n), Layers.rowDot(tf, u, p))),
                        tf.constant(0));
                Operand<TFloat32> loss = bpr;
                if (l2 > 0) {
                    Operand<TFloat32> u0 = Layers.gatherRows(tf, view, tf.math.add(userIn, ego));
                    Operand<TFloat32> p0 = Layers.gatherRows(tf, view, tf.math.add(posIn, ego));
                    Operand<TFloat32> n0 = Layers.gatherRows(tf, view, tf.math.add(negIn, ego));
                    Operand<TFloat32> sq = tf.math.add(tf.math.add(Layers.rowDot(tf, u0, u0), Layers.rowDot(tf, p0, p0)), Layers.rowDot(tf, n0, n0));
                    loss = tf.math.add(bpr, tf.math.mul(tf.constant((float) (l2 / 2)), tf.math.mean(sq, tf.constant(0))));
                }
                if (contrast != null) {
                    clUserIn = gb.intInput("cl_user", -1);
                    clItemIn = gb.intInput("cl_item", -1);
                    Operand<TInt32> clOffset = tf.constant(2 * g.nodes);
                    Operand<TFloat32> cl = tf.math.add(crossLayer(tf, view, clUserIn, clOffset), crossLayer(tf, view, clItemIn, clOffset));
                    loss = tf.math.add(loss, tf.math.mul(tf.constant((float) contrast.weight()), cl));
                } else {
                    clUserIn = null;
                    clItemIn = null;
                }
                graph = gb.build(loss, java.util.Map.of());
            }
        }

        /** InfoNCE between the final and the layer-l* rows of {@code nodes}: cosine / temperature, the other rows as negatives. */
        private Operand<TFloat32> crossLayer(Ops tf, Operand<TFloat32> view, Operand<TInt32> nodes, Operand<TInt32> clOffset) {
            Operand<TFloat32> a = Layers.l2Normalize(tf, Layers.gatherRows(tf, view, nodes), 1e-12);
            Operand<TFloat32> b = Layers.l2Normalize(tf, Layers.gatherRows(tf, view, tf.math.add(nodes, clOffset)), 1e-12);
            return Losses.infoNce(a, b).temperature(contrast.temperature()).withoutLogQ().build(tf);
        }

        @Override
        public StepGraph graph() {
            return graph;
        }

        @Override
        public int examples() {
            return exUser.length;
        }

        @Override
        public void feed(Feeds feeds, int[] order, int from, int to, SplittableRandom rng) {
            int b = to - from;
            int[] u = new int[b];
            int[] p = new int[b];
            int[] n = new int[b];
            for (int r = 0; r < b; r++) {
                int e = order[from + r];
                u[r] = exUser[e];
                p[r] = numUsers + exItem[e];
                n[r] = numUsers + negative(exUser[e], rng);
            }
            feeds.ints(userIn, u, b);
            feeds.ints(posIn, p, b);
            feeds.ints(negIn, n, b);
            if (contrast != null) {
                int[] cu = distinct(u);
                int[] ci = distinct(p);
                feeds.ints(clUserIn, cu, cu.length);
                feeds.ints(clItemIn, ci, ci.length);
            }
        }

        /** The distinct values of {@code nodes} in first-seen order. */
        int[] distinct(int[] nodes) {
            batchNo++;
            int[] out = new int[nodes.length];
            int k = 0;
            for (int x : nodes) {
                if (mark[x] != batchNo) {
                    mark[x] = batchNo;
                    out[k++] = x;
                }
            }
            return java.util.Arrays.copyOf(out, k);
        }

        /**
         * A uniform warm item (never a cold item) the user has not trained on; after {@code negativeRetries} rejected
         * draws, the last draw.
         */
        int negative(int user, SplittableRandom rng) {
            int[] s = seen[user];
            int x = warm.uniform(rng);
            for (int t = 0; t < negativeRetries && java.util.Arrays.binarySearch(s, x) >= 0; t++) {
                x = warm.uniform(rng);
            }
            return x;
        }

        @Override
        public void close() {
            graph.close();
        }
    }

    @Override
    public String toString() {
        return plugin + "[dim " + dim + ", layers " + layers + ", l2 " + l2
                + (contrast == null ? "" : ", eps " + contrast.eps() + ", cl weight " + contrast.weight() + ", temperature "
                        + contrast.temperature() + ", cl layer " + contrast.clLayer()) + "]";
    }
}
