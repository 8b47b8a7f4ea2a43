package io.mic.models.crmman;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Lookup;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.layers.GraphAttention;
import io.mic.models.tf.layers.MultiHeadAttention;
import io.mic.models.tf.layers.Params;
import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.tables.EmbeddingTable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * CRM-MAN's parameters and the graph pieces built from them, shared by the training graph and the
 * inference graphs.
 * <ul>
 * <li>Item tower: {@code s = text W_s + b_s}; {@code p''} = GAT2(GAT1(p)) over a {@link Subgraph}
 * (layer 1 concatenates {@code gat_heads} heads of width d/heads, layer 2 averages heads of width
 * d, ELU after each), p an item table initialised by SDNE; {@code r = s ‖ m p''} or
 * {@code s + m (p'' - s) / 2} with m = 1 for items with a KG entity, 0 otherwise (items without an
 * entity: zeros in the graph half, or r = s when averaging).</li>
 * <li>User tower: per view, masked mean of multi-head self-attention over the view's item
 * representations; {@code u = w_like u_like + w_dislike u_dislike}.</li>
 * </ul>
 */
final class CrmManNet {
    final CrmManSettings s;
    final int textDim;
    final int width;
    final DenseParam textW;
    final DenseParam textB;
    final EmbeddingTable p;
    final GraphAttention gat1;
    final GraphAttention gat2;
    final MultiHeadAttention like;
    final MultiHeadAttention dislike;
    final DenseParam wLike;
    final DenseParam wDislike;

    CrmManNet(CrmManSettings s, int numItems, int textDim, Optimizer opt, long seed) {
        this.s = s;
        this.textDim = textDim;
        this.width = s.itemWidth();
        int d = s.dim();
        textW = s.text() ? DenseParam.create("text/w", opt, Initializer.glorotUniform(textDim, d), seed, textDim, d) : null;
        textB = s.text() ? DenseParam.create("text/b", opt, new Initializer.Constant(0), seed, d) : null;
        if (s.graph()) {
            p = EmbeddingTable.create("p", numItems, d, opt, new Initializer.Normal(1.0 / Math.sqrt(d)), seed);
        } else {
            p = null;
        }
        if (s.graph() && s.gat()) {
            gat1 = new GraphAttention("gat1", d, d / s.gatHeads(), s.gatHeads(), true, Activation.ELU, opt, seed + 1);
            gat2 = new GraphAttention("gat2", d, d, s.gatHeads(), false, Activation.ELU, opt, seed + 2);
        } else {
            gat1 = null;
            gat2 = null;
        }
        like = new MultiHeadAttention("like", width, s.attentionHeads(), opt, seed + 3);
        dislike = s.dislike() ? new MultiHeadAttention("dislike", width, s.attentionHeads(), opt, seed + 4) : null;
        wLike = DenseParam.create("w_like", opt, new Initializer.Constant(1.0), seed, 1);
        wDislike = s.dislike() ? DenseParam.create("w_dislike", opt, new Initializer.Constant(0.5), seed, 1) : null;
    }

    /** The inputs of the item tower in one graph and its output {@code r [n0, width]}. */
    static final class ItemInputs {
        Placeholder<TFloat32> text;
        Lookup nodes;
        Placeholder<TInt32> t1;
        Placeholder<TInt32> nbr1;
        Placeholder<TFloat32> mask1;
        Placeholder<TInt32> t2;
        Placeholder<TInt32> nbr2;
        Placeholder<TFloat32> mask2;
        Placeholder<TFloat32> hasKg;
        Operand<TFloat32> r;
    }

    ItemInputs itemTower(GraphBuilder gb) {
        Ops tf = gb.tf();
        ItemInputs in = new ItemInputs();
        Operand<TFloat32> sv = null;
        Operand<TFloat32> pv = null;
        if (s.text()) {
            in.text = gb.floatInput("text", -1, textDim);
            sv = Layers.dense(tf, in.text, gb.param(textW), gb.param(textB), Activation.IDENTITY);
        }
        if (s.graph()) {
            int w = s.neighbours() + 1;
            in.nodes = gb.table(p).lookup("nodes");
            in.t1 = gb.intInput("t1", -1);
            in.nbr1 = gb.intInput("nbr1", -1, w);
            in.mask1 = gb.floatInput("mask1", -1, w);
            in.t2 = gb.intInput("t2", -1);
            in.nbr2 = gb.intInput("nbr2", -1, w);
            in.mask2 = gb.floatInput("mask2", -1, w);
            in.hasKg = gb.floatInput("has_kg", -1);
            Operand<TFloat32> p2;
            if (gat1 != null) {
                Operand<TFloat32> h1 = gat1.apply(gb, in.nodes.values(), in.t1, in.nbr1, in.mask1);
                p2 = gat2.apply(gb, h1, in.t2, in.nbr2, in.mask2);
            } else { // the targets' own rows (t2 indexes the target nodes), no attention
                p2 = tf.gather(in.nodes.values(), in.t2, tf.constant(0));
            }
            pv = tf.math.mul(p2, tf.expandDims(in.hasKg, tf.constant(-1)));
        }
        if (sv != null && pv != null) {
            if (s.concat()) {
                in.r = tf.concat(List.of(sv, pv), tf.constant(1));
            } else {
                Operand<TFloat32> half = tf.math.mul(tf.math.sub(pv, sv), Layers.scalar(tf, 0.5, sv));
                in.r = tf.math.add(sv, tf.math.mul(half, tf.expandDims(in.hasKg, tf.constant(-1))));
            }
        } else {
            in.r = sv != null ? sv : pv;
        }
        return in;
    }

    /** One view: masked mean of self-attention over {@code rows [B, L, width]}. */
    Operand<TFloat32> view(GraphBuilder gb, MultiHeadAttention mha, Operand<TFloat32> rows, Operand<TFloat32> mask) {
        Operand<TFloat32> att = mha.self(gb.tf(), Params.of(gb), rows, mask, false);
        return Layers.maskedMean(gb.tf(), att, mask);
    }

    /** {@code w_like} and {@code w_dislike} as {@code [1]} operands (w_dislike null without the dislike view). */
    Operand<TFloat32> wLike(GraphBuilder gb) {
        return gb.param(wLike);
    }

    Operand<TFloat32> wDislike(GraphBuilder gb) {
        return wDislike == null ? null : gb.param(wDislike);
    }

    /** {@code u = w_like u_like + w_dislike u_dislike} (the single serving vector). */
    Operand<TFloat32> combine(GraphBuilder gb, Operand<TFloat32> uLike, Operand<TFloat32> uDislike) {
        Ops tf = gb.tf();
        Operand<TFloat32> u = tf.math.mul(uLike, wLike(gb));
        return uDislike == null ? u : tf.math.add(u, tf.math.mul(uDislike, wDislike(gb)));
    }

    long parameterCount() {
        long n = (long) (p == null ? 0 : p.rows()) * s.dim();
        for (DenseParam d : dense()) {
            n += d.size();
        }
        return n;
    }

    List<DenseParam> dense() {
        java.util.List<DenseParam> out = new java.util.ArrayList<>();
        if (textW != null) {
            out.add(textW);
            out.add(textB);
        }
        if (gat1 != null) {
            out.addAll(gat1.params());
            out.addAll(gat2.params());
        }
        out.addAll(like.params());
        if (dislike != null) {
            out.addAll(dislike.params());
            out.add(wDislike);
        }
        out.add(wLike);
        return out;
    }
}
