package io.mic.models.crmman;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.layers.Mlp;
import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.training.TrainStep;
import io.mic.models.tf.training.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * SDNE (Wang, Cui, Zhu, KDD'16) structural embeddings of the item graph, the initialisation of
 * CRM-MAN's graph branch. A deep autoencoder reads a node's adjacency row {@code x_i}; its code
 * {@code y_i} is the embedding. Loss per batch of edges {@code (i, j)}:
 * <pre>
 *   L_2nd = mean_rows || (x̂ - x) ⊙ b ||²,  b = β on non-zero entries, 1 elsewhere (β > 1)
 *   L_1st = mean_edges  w_ij || y_i - y_j ||²         (the Laplacian term)
 *   L     = L_2nd + α L_1st
 * </pre>
 * (the paper's L2 weight decay is left to the optimizer's early stop: a few epochs suffice for an
 * initialisation). Nodes are the items with a KG entity, relabelled densely; adjacency is binary.
 * Edges are visited in both directions once per epoch, so every node's row is reconstructed.
 */
final class Sdne {
    private static final Logger LOG = LoggerFactory.getLogger(Sdne.class);

    /**
     * @param dim       code width (the width of p)
     * @param hidden    hidden width of encoder and decoder
     * @param beta      β, weight of non-zero entries in the reconstruction (> 1)
     * @param alpha     α, weight of the first-order term
     * @param epochs    passes over the edges
     * @param batchSize edges per step
     * @param lr        Adam learning rate
     */
    record Settings(int dim, int hidden, double beta, double alpha, int epochs, int batchSize, double lr) {
    }

    private Sdne() {
    }

    /** Encoder {@code [in] -> hidden -> dim}: sigmoid, then tanh (codes centred around 0). */
    static <T extends TFloating> Operand<T> encode(Ops tf, Operand<T> x, List<Operand<T>> enc) {
        Operand<T> h = Layers.dense(tf, x, enc.get(0), enc.get(1), Activation.SIGMOID);
        return Layers.dense(tf, h, enc.get(2), enc.get(3), Activation.TANH);
    }

    /** Decoder {@code dim -> hidden -> [in]}: sigmoid, sigmoid (adjacency entries are 0/1). */
    static <T extends TFloating> Operand<T> decode(Ops tf, Operand<T> y, List<Operand<T>> dec) {
        Operand<T> h = Layers.dense(tf, y, dec.get(0), dec.get(1), Activation.SIGMOID);
        return Layers.dense(tf, h, dec.get(2), dec.get(3), Activation.SIGMOID);
    }

    /** The SDNE loss of edges {@code (x_i [B, n], x_j [B, n], w [B])}; {@code enc}/{@code dec}: w0, b0, w1, b1 each. */
    static <T extends TFloating> Operand<T> loss(Ops tf, Operand<T> xi, Operand<T> xj, Operand<T> w, List<Operand<T>> enc,
            List<Operand<T>> dec, double beta, double alpha) {
        Operand<T> yi = encode(tf, xi, enc);
        Operand<T> yj = encode(tf, xj, enc);
        Operand<T> second = tf.math.add(reconstruction(tf, xi, decode(tf, yi, dec), beta), reconstruction(tf, xj, decode(tf, yj, dec), beta));
        Operand<T> d = tf.reduceSum(tf.math.squaredDifference(yi, yj), tf.constant(-1));
        Operand<T> first = tf.math.mean(tf.math.mul(w, d), tf.constant(0));
        return tf.math.add(second, tf.math.mul(first, Layers.scalar(tf, alpha, first)));
    }

    private static <T extends TFloating> Operand<T> reconstruction(Ops tf, Operand<T> x, Operand<T> xHat, double beta) {
        Operand<T> b = tf.math.add(Layers.scalar(tf, 1.0, x), tf.math.mul(x, Layers.scalar(tf, beta - 1, x)));
        Operand<T> err = tf.math.mul(tf.math.squaredDifference(xHat, x), tf.math.square(b));
        return tf.math.mean(tf.reduceSum(err, tf.constant(-1)), tf.constant(0));
    }

    /**
     * Trains SDNE on {@code g} and returns each item's code, row-major {@code [numItems, dim]}
     * (zeros for items without a KG entity).
     */
    static float[] embed(ItemGraph g, Settings s, long seed) {
        int n = g.numItems();
        int[] node = new int[n];
        int nodes = 0;
        for (int i = 0; i < n; i++) {
            node[i] = g.hasEntity(i) ? nodes++ : -1;
        }
        int[] item = new int[nodes];
        for (int i = 0; i < n; i++) {
            if (node[i] >= 0) {
                item[node[i]] = i;
            }
        }
        int[] src = new int[g.neighbours().length];
        int[] dst = g.neighbours();
        for (int i = 0; i < n; i++) {
            for (int k = g.offsets()[i]; k < g.offsets()[i + 1]; k++) {
                src[k] = i;
            }
        }
        float[] out = new float[n * s.dim()];
        if (nodes == 0 || src.length == 0) {
            LOG.warn("SDNE: the item graph has no edges; the structural init stays zero");
            return out;
        }
        Optimizer adam = new Optimizer.Adam(0.9f, 0.999f, 1e-8f);
        Mlp enc = new Mlp("sdne/enc", new int[] {nodes, s.hidden(), s.dim()}, Activation.SIGMOID, Activation.TANH, adam, seed);
        Mlp dec = new Mlp("sdne/dec", new int[] {s.dim(), s.hidden(), nodes}, Activation.SIGMOID, Activation.SIGMOID, adam, seed + 1);
        final int dim = nodes;
        try (GraphBuilder gb = new GraphBuilder()) {
            Ops tf = gb.tf();
            Placeholder<TFloat32> xi = gb.floatInput("xi", -1, dim);
            Placeholder<TFloat32> xj = gb.floatInput("xj", -1, dim);
            Placeholder<TFloat32> w = gb.floatInput("w", -1);
            Operand<TFloat32> loss = loss(tf, xi, xj, w, ops(gb, enc), ops(gb, dec), s.beta(), s.alpha());
            try (StepGraph graph = gb.build(loss)) {
                float[] bi = new float[s.batchSize() * dim];
                float[] bj = new float[s.batchSize() * dim];
                float[] bw = new float[s.batchSize()];
                TrainStep step = new TrainStep() {
                    @Override
                    public StepGraph graph() {
                        return graph;
                    }

                    @Override
                    public int examples() {
                        return src.length;
                    }

                    @Override
                    public void feed(Feeds f, int[] order, int from, int to, SplittableRandom rng) {
                        int b = to - from;
                        Arrays.fill(bi, 0, b * dim, 0f);
                        Arrays.fill(bj, 0, b * dim, 0f);
                        for (int r = 0; r < b; r++) {
                            int e = order[from + r];
                            row(g, node, src[e], bi, r * dim);
                            row(g, node, dst[e], bj, r * dim);
                            bw[r] = 1f;
                        }
                        f.floats(xi, bi, b, dim).floats(xj, bj, b, dim).floats(w, bw, b);
                    }
                };
                Trainer.Report rep = new Trainer(Trainer.Config.of(s.epochs(), s.batchSize(), seed, s.lr())).fit(step);
                LOG.info("SDNE on {} nodes, {} directed edges: {} epochs, loss {} -> {}", nodes, src.length, rep.epochs(),
                        String.format("%.4f", rep.epochLoss().get(0)), String.format("%.4f", rep.epochLoss().get(rep.epochLoss().size() - 1)));
            }
        }
        // codes of every node
        try (GraphBuilder gb = new GraphBuilder()) {
            Placeholder<TFloat32> x = gb.floatInput("x", -1, dim);
            Operand<TFloat32> y = encode(gb.tf(), x, ops(gb, enc));
            try (StepGraph graph = gb.buildForward()) {
                Feeds f = graph.newFeeds();
                int chunk = 256;
                float[] rows = new float[chunk * dim];
                for (int from = 0; from < nodes; from += chunk) {
                    int b = Math.min(chunk, nodes - from);
                    Arrays.fill(rows, 0f);
                    for (int r = 0; r < b; r++) {
                        row(g, node, item[from + r], rows, r * dim);
                    }
                    f.clear().floats(x, rows, b, dim);
                    float[] codes = graph.forward(f, y)[0];
                    for (int r = 0; r < b; r++) {
                        System.arraycopy(codes, r * s.dim(), out, item[from + r] * s.dim(), s.dim());
                    }
                }
            }
        }
        return out;
    }

    private static void row(ItemGraph g, int[] node, int item, float[] out, int off) {
        for (int k = g.offsets()[item]; k < g.offsets()[item + 1]; k++) {
            out[off + node[g.neighbours()[k]]] = 1f;
        }
    }

    private static List<Operand<TFloat32>> ops(GraphBuilder gb, Mlp m) {
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (DenseParam p : m.params()) {
            out.add(gb.param(p));
        }
        return out;
    }
}
