package io.mic.models.missrec;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.layers.Dropout;
import io.mic.models.tf.layers.LayerNorm;
import io.mic.models.tf.layers.Params;
import io.mic.models.tf.layers.PositionalEmbedding;
import io.mic.models.tf.layers.TransformerConfig;
import io.mic.models.tf.layers.TransformerDecoderBlock;
import io.mic.models.tf.layers.TransformerEncoderBlock;
import io.mic.models.tf.ops.Layers;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The dense parameters of the sequence models and the graph they define, independent of where item
 * rows come from (fed distinct rows in training and inference graphs, whole tables in an export
 * graph): per-modality adapters, positional embeddings, the runtime's transformer blocks
 * ({@link io.mic.models.tf.layers}), and the SASRec or MISSRec user tower.
 */
final class SeqNet {
    private final SeqSettings s;
    private final List<Adapter> adapters = new ArrayList<>();
    private final PositionalEmbedding pos;
    private final List<TransformerEncoderBlock> encoder = new ArrayList<>();
    private final List<TransformerDecoderBlock> decoder = new ArrayList<>();
    private final LayerNorm norm;

    SeqNet(SeqSettings s, int[] featureDims, Optimizer opt, long seed) {
        this.s = s;
        int d = s.dim();
        for (int m = 0; m < featureDims.length; m++) {
            adapters.add(new Adapter("adapter" + m, featureDims[m], d, s.experts(), opt, seed));
        }
        pos = new PositionalEmbedding("positions", s.historyLength(), d, opt, seed);
        TransformerConfig cfg = TransformerConfig.of(d, s.heads()).withDropout(s.blockDropout());
        int enc = s.missrec() ? s.encoderLayers() : s.layers();
        for (int i = 0; i < enc; i++) {
            // SASRec: causal over the items; MISSRec: full attention among the interests (they have no order)
            encoder.add(new TransformerEncoderBlock("enc" + i, cfg.withCausal(!s.missrec()), opt, seed));
        }
        for (int i = 0; i < (s.missrec() ? s.decoderLayers() : 0); i++) {
            decoder.add(new TransformerDecoderBlock("dec" + i, cfg.withCausal(true), opt, seed));
        }
        norm = new LayerNorm("ln", d, opt, seed);
    }

    /** True: the graphs built from now on read every non-adapter parameter as a constant (adapters-only fine-tuning). */
    private boolean frozen;

    void freezeAllButAdapters() {
        frozen = true;
    }

    private static Operand<TFloat32> constant(Ops tf, DenseParam p) {
        return tf.reshape(tf.constant(p.values().clone()), tf.constant(p.shape()));
    }

    int modalities() {
        return adapters.size();
    }

    List<DenseParam> params() {
        List<DenseParam> out = new ArrayList<>();
        for (Adapter a : adapters) {
            out.addAll(a.params);
        }
        out.addAll(pos.params());
        for (TransformerEncoderBlock b : encoder) {
            out.addAll(b.params());
        }
        for (TransformerDecoderBlock b : decoder) {
            out.addAll(b.params());
        }
        out.addAll(norm.params());
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
     * @param x       item tokens {@code [B, N, d]} (zero at padding)
     * @param mask    {@code [B, N]}, real tokens last (right-aligned: position N-1 is the most recent item)
     * @param keep    token dropout keep mask {@code [B, N, d]} of an augmented view, or null
     * @param dropout the blocks' sub-layer dropout ({@link Dropout#off()} for inference and export)
     */
    User user(GraphBuilder gb, Operand<TFloat32> x, Operand<TFloat32> mask, Operand<TFloat32> keep, Dropout dropout) {
        Ops tf = gb.tf();
        Params<TFloat32> p = frozen ? param -> constant(tf, param) : Params.of(gb);
        if (keep != null) {
            x = Layers.dropout(tf, x, keep, 1 - s.dropout());
        }
        Operand<TFloat32> h = tf.math.mul(pos.apply(tf, p, x), tf.expandDims(mask, tf.constant(-1)));
        if (!s.missrec()) {
            for (TransformerEncoderBlock b : encoder) {
                h = b.apply(tf, p, h, mask, dropout);
            }
            return new User(last(tf, norm.apply(tf, p, h)), null, null);
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
        for (TransformerEncoderBlock b : encoder) {
            e = b.apply(tf, p, e, em, dropout);
        }
        for (TransformerDecoderBlock b : decoder) {
            h = b.apply(tf, p, h, mask, e, em, dropout);
        }
        return new User(last(tf, norm.apply(tf, p, h)), e, em);
    }

    /** The output at the last position, {@code [B, N, d] -> [B, d]} (histories are right-aligned). */
    private Operand<TFloat32> last(Ops tf, Operand<TFloat32> h) {
        int n = s.historyLength();
        return tf.reshape(tf.slice(h, tf.constant(new int[] {0, n - 1, 0}), tf.constant(new int[] {-1, 1, -1})),
                tf.constant(new long[] {-1, s.dim()}));
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
}
