package io.mic.models.missrec;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Layers;
import io.mic.models.tf.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The dense parameters of the sequence models and the graph they define, independent of where item
 * rows come from (fed distinct rows in training and inference graphs, whole tables in an export
 * graph): per-modality adapters, positional embeddings, transformer blocks, and the SASRec or
 * MISSRec user tower.
 */
final class SeqNet {
    private final SeqSettings s;
    private final List<Adapter> adapters = new ArrayList<>();
    private final DenseParam pos;
    private final List<Block> encoder = new ArrayList<>();
    private final List<Block> decoder = new ArrayList<>();
    private final DenseParam lnG;
    private final DenseParam lnB;

    SeqNet(SeqSettings s, int[] featureDims, Optimizer opt, long seed) {
        this.s = s;
        int d = s.dim();
        for (int m = 0; m < featureDims.length; m++) {
            adapters.add(new Adapter("adapter" + m, featureDims[m], d, s.experts(), opt, seed));
        }
        pos = DenseParam.create("positions", opt, Initializer.embedding(d), seed, s.historyLength(), d);
        int enc = s.missrec() ? s.encoderLayers() : s.layers();
        for (int i = 0; i < enc; i++) {
            encoder.add(new Block("enc" + i, d, false, opt, seed));
        }
        for (int i = 0; i < (s.missrec() ? s.decoderLayers() : 0); i++) {
            decoder.add(new Block("dec" + i, d, true, opt, seed));
        }
        lnG = DenseParam.create("ln/g", opt, new Initializer.Constant(1), seed, d);
        lnB = DenseParam.create("ln/b", opt, Initializer.zeros(), seed, d);
    }

    int modalities() {
        return adapters.size();
    }

    List<DenseParam> params() {
        List<DenseParam> out = new ArrayList<>();
        for (Adapter a : adapters) {
            out.addAll(a.params);
        }
        out.add(pos);
        for (Block b : encoder) {
            out.addAll(b.params());
        }
        for (Block b : decoder) {
            out.addAll(b.params());
        }
        out.add(lnG);
        out.add(lnB);
        return out;
    }

    /** Only the adapters' parameters (parameter-efficient fine-tuning). */
    List<DenseParam> adapterParams() {
        List<DenseParam> out = new ArrayList<>();
        for (Adapter a : adapters) {
            out.addAll(a.params);
        }
        return out;
    }

    /** Modality m of the rows {@code [R, F_m]}: the adapter output {@code [R, d]}. */
    Operand<TFloat32> adapt(GraphBuilder gb, int m, Operand<TFloat32> rows) {
        return adapters.get(m).apply(gb, rows);
    }

    /**
     * Item tokens {@code [.., d]}: the mean over modalities of the adapted rows picked by {@code index}
     * (any shape), plus {@code idValues} (transductive; null for inductive), times {@code mask}.
     */
    Operand<TFloat32> tokens(GraphBuilder gb, List<Operand<TFloat32>> adapted, Operand<TInt32> index, Operand<TFloat32> idValues,
            Operand<TFloat32> mask) {
        Ops tf = gb.tf();
        Operand<TFloat32> x = null;
        for (Operand<TFloat32> a : adapted) {
            Operand<TFloat32> g = Layers.gatherRows(tf, a, index);
            x = x == null ? g : tf.math.add(x, g);
        }
        if (x != null && adapted.size() > 1) {
            x = tf.math.mul(x, tf.constant(1f / adapted.size()));
        }
        if (idValues != null) {
            x = x == null ? idValues : tf.math.add(x, idValues);
        }
        return tf.math.mul(x, tf.expandDims(mask, tf.constant(-1)));
    }

    /** The user tower's output: the user vector {@code [B, d]} and (MISSRec) the encoded interests with their mask. */
    record User(Operand<TFloat32> user, Operand<TFloat32> interests, Operand<TFloat32> interestMask) {
    }

    /**
     * @param x    item tokens {@code [B, N, d]} (zero at padding)
     * @param mask {@code [B, N]}, real tokens first
     * @param keep dropout keep mask {@code [B, N, d]} of an augmented view, or null
     */
    User user(GraphBuilder gb, Operand<TFloat32> x, Operand<TFloat32> mask, Operand<TFloat32> keep) {
        Ops tf = gb.tf();
        if (keep != null) {
            x = Layers.dropout(tf, x, keep, 1 - s.dropout());
        }
        Operand<TFloat32> m3 = tf.expandDims(mask, tf.constant(-1));
        Operand<TFloat32> positions = tf.linalg.matMul(tf.reshape(SeqLayers.reversePositions(tf, mask, s.historyLength()),
                tf.constant(new long[] {-1, s.historyLength()})), gb.param(pos));
        positions = tf.reshape(positions, tf.constant(new long[] {-1, s.historyLength(), s.dim()}));
        Operand<TFloat32> h = tf.math.mul(tf.math.add(x, positions), m3);
        if (!s.missrec()) {
            for (Block b : encoder) {
                h = b.apply(gb, h, mask, true, null, null);
            }
            h = SeqLayers.layerNorm(tf, h, gb.param(lnG), gb.param(lnB));
            return new User(SeqLayers.last(tf, h, mask), null, null);
        }
        Operand<TFloat32> e;
        Operand<TFloat32> em;
        if (s.dpc()) {
            DpcKnnGraph.Result<TFloat32> c = DpcKnnGraph.cluster(tf, x, mask, s.knn(), s.interests());
            e = c.interests();
            em = c.mask();
        } else {
            e = x;
            em = mask;
        }
        for (Block b : encoder) {
            e = b.apply(gb, e, em, false, null, null);
        }
        for (Block b : decoder) {
            h = b.apply(gb, h, mask, true, e, em);
        }
        h = SeqLayers.layerNorm(tf, h, gb.param(lnG), gb.param(lnB));
        return new User(SeqLayers.last(tf, h, mask), e, em);
    }

    /** A per-modality adapter: one linear expert {@code (f - b) W}, or a softmax-gated mixture of them. */
    private static final class Adapter {
        final List<DenseParam> params = new ArrayList<>();
        final List<DenseParam> w = new ArrayList<>();
        final List<DenseParam> b = new ArrayList<>();
        final DenseParam gate;

        Adapter(String name, int in, int out, int experts, Optimizer opt, long seed) {
            for (int e = 0; e < experts; e++) {
                w.add(DenseParam.create(name + "/w" + e, opt, Initializer.glorotUniform(in, out), seed, in, out));
                b.add(DenseParam.create(name + "/b" + e, opt, Initializer.zeros(), seed, in));
            }
            gate = experts > 1 ? DenseParam.create(name + "/gate", opt, Initializer.glorotUniform(in, experts), seed, in, experts) : null;
            params.addAll(w);
            params.addAll(b);
            if (gate != null) {
                params.add(gate);
            }
        }

        Operand<TFloat32> apply(GraphBuilder gb, Operand<TFloat32> f) {
            Ops tf = gb.tf();
            if (w.size() == 1) {
                return tf.linalg.matMul(tf.math.sub(f, gb.param(b.get(0))), gb.param(w.get(0)));
            }
            Operand<TFloat32> g = tf.nn.softmax(tf.linalg.matMul(f, gb.param(gate))); // [R, E]
            Operand<TFloat32> out = null;
            for (int e = 0; e < w.size(); e++) {
                Operand<TFloat32> y = tf.linalg.matMul(tf.math.sub(f, gb.param(b.get(e))), gb.param(w.get(e)));
                Operand<TFloat32> ge = tf.slice(g, tf.constant(new int[] {0, e}), tf.constant(new int[] {-1, 1}));
                y = tf.math.mul(y, ge);
                out = out == null ? y : tf.math.add(out, y);
            }
            return out;
        }
    }

    /** A pre-LN transformer block: causal or full self-attention, optional cross-attention to a memory, FFN. */
    private final class Block {
        private final DenseParam[] p;
        private final boolean cross;

        Block(String name, int d, boolean cross, Optimizer opt, long seed) {
            this.cross = cross;
            List<DenseParam> l = new ArrayList<>();
            String[] groups = cross ? new String[] {"self", "cross"} : new String[] {"self"};
            for (String g : groups) {
                l.add(DenseParam.create(name + "/" + g + "/ln_g", opt, new Initializer.Constant(1), seed, d));
                l.add(DenseParam.create(name + "/" + g + "/ln_b", opt, Initializer.zeros(), seed, d));
                for (String w : new String[] {"q", "k", "v", "o"}) {
                    l.add(DenseParam.create(name + "/" + g + "/w" + w, opt, Initializer.glorotUniform(d, d), seed, d, d));
                }
            }
            l.add(DenseParam.create(name + "/ffn/ln_g", opt, new Initializer.Constant(1), seed, d));
            l.add(DenseParam.create(name + "/ffn/ln_b", opt, Initializer.zeros(), seed, d));
            l.add(DenseParam.create(name + "/ffn/w1", opt, Initializer.glorotUniform(d, d), seed, d, d));
            l.add(DenseParam.create(name + "/ffn/b1", opt, Initializer.zeros(), seed, d));
            l.add(DenseParam.create(name + "/ffn/w2", opt, Initializer.glorotUniform(d, d), seed, d, d));
            l.add(DenseParam.create(name + "/ffn/b2", opt, Initializer.zeros(), seed, d));
            p = l.toArray(new DenseParam[0]);
        }

        List<DenseParam> params() {
            return List.of(p);
        }

        Operand<TFloat32> apply(GraphBuilder gb, Operand<TFloat32> h, Operand<TFloat32> mask, boolean causal, Operand<TFloat32> memory,
                Operand<TFloat32> memoryMask) {
            Ops tf = gb.tf();
            Operand<TFloat32> m3 = tf.expandDims(mask, tf.constant(-1));
            Operand<TFloat32> n = SeqLayers.layerNorm(tf, h, gb.param(p[0]), gb.param(p[1]));
            h = tf.math.add(h, SeqLayers.attention(tf, n, n, mask, causal, gb.param(p[2]), gb.param(p[3]), gb.param(p[4]), gb.param(p[5]),
                    s.heads()));
            int at = 6;
            if (cross) {
                n = SeqLayers.layerNorm(tf, h, gb.param(p[6]), gb.param(p[7]));
                h = tf.math.add(h, SeqLayers.attention(tf, n, memory, memoryMask, false, gb.param(p[8]), gb.param(p[9]), gb.param(p[10]),
                        gb.param(p[11]), s.heads()));
                at = 12;
            }
            n = SeqLayers.layerNorm(tf, h, gb.param(p[at]), gb.param(p[at + 1]));
            h = tf.math.add(h, SeqLayers.ffn(tf, n, gb.param(p[at + 2]), gb.param(p[at + 3]), gb.param(p[at + 4]), gb.param(p[at + 5])));
            return tf.math.mul(h, m3);
        }
    }
}
