package io.mic.models.tf.layers;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Optimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Transformer decoder block: self-attention over the decoder inputs (causal when
 * {@link TransformerConfig#causal()}), cross-attention of the result over the encoder outputs
 * (keys masked by the encoder's padding mask), then the FFN; each sub-layer with dropout, a
 * residual and layer norm, pre-LN or post-LN as {@link TransformerEncoderBlock}:
 * <pre>
 * pre-LN:  h1 = x + drop(SelfMHA(LN1(x)));  h2 = h1 + drop(CrossMHA(LN2(h1), enc));  y = h2 + drop(FFN(LN3(h2)))
 * post-LN: h1 = LN1(x + drop(SelfMHA(x)));  h2 = LN2(h1 + drop(CrossMHA(h1, enc))); y = LN3(h2 + drop(FFN(h2)))
 * </pre>
 * Output rows at decoder padding positions are zeroed.
 *
 * <p>Parameters: {@code <name>/self/*}, {@code <name>/cross/*}, {@code <name>/ln1..3/*}, {@code <name>/ffn/*}.
 */
public final class TransformerDecoderBlock {
    private final TransformerConfig config;
    private final MultiHeadAttention selfAttention;
    private final MultiHeadAttention crossAttention;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final FeedForward ffn;

    public TransformerDecoderBlock(String name, TransformerConfig config, Optimizer optimizer, long seed) {
        this.config = config;
        this.selfAttention = new MultiHeadAttention(name + "/self", config.dim(), config.heads(), optimizer, seed);
        this.crossAttention = new MultiHeadAttention(name + "/cross", config.dim(), config.heads(), optimizer, seed);
        this.norm1 = new LayerNorm(name + "/ln1", config.dim(), optimizer, seed);
        this.norm2 = new LayerNorm(name + "/ln2", config.dim(), optimizer, seed);
        this.norm3 = new LayerNorm(name + "/ln3", config.dim(), optimizer, seed);
        this.ffn = new FeedForward(name + "/ffn", config.dim(), config.ffnHidden(), config.activation(), optimizer, seed);
    }

    /**
     * @param x       decoder inputs {@code [B, L, d]}
     * @param mask    decoder padding mask {@code [B, L]}, or null
     * @param enc     encoder outputs {@code [B, Le, d]}
     * @param encMask encoder padding mask {@code [B, Le]}, or null
     * @param dropout {@link Dropout#off()} for inference and export graphs
     * @return {@code [B, L, d]}
     */
    public <T extends TFloating> Operand<T> apply(Ops tf, Params<T> params, Operand<T> x, Operand<T> mask, Operand<T> enc, Operand<T> encMask,
            Dropout dropout) {
        double rate = config.dropout();
        boolean causal = config.causal();
        Operand<T> y;
        if (config.preNorm()) {
            Operand<T> h1 = tf.math.add(x, dropout.apply(tf, selfAttention.self(tf, params, norm1.apply(tf, params, x), mask, causal), rate));
            Operand<T> c = crossAttention.apply(tf, params, norm2.apply(tf, params, h1), enc, encMask, false).output();
            Operand<T> h2 = tf.math.add(h1, dropout.apply(tf, c, rate));
            y = tf.math.add(h2, dropout.apply(tf, ffn.transform(tf, params, norm3.apply(tf, params, h2)), rate));
        } else {
            Operand<T> h1 = norm1.apply(tf, params, tf.math.add(x, dropout.apply(tf, selfAttention.self(tf, params, x, mask, causal), rate)));
            Operand<T> c = crossAttention.apply(tf, params, h1, enc, encMask, false).output();
            Operand<T> h2 = norm2.apply(tf, params, tf.math.add(h1, dropout.apply(tf, c, rate)));
            y = norm3.apply(tf, params, tf.math.add(h2, dropout.apply(tf, ffn.transform(tf, params, h2), rate)));
        }
        return TransformerEncoderBlock.zeroPadding(tf, y, mask);
    }

    public TransformerConfig config() {
        return config;
    }

    public int dim() {
        return config.dim();
    }

    public boolean preNorm() {
        return config.preNorm();
    }

    public boolean causal() {
        return config.causal();
    }

    public MultiHeadAttention selfAttention() {
        return selfAttention;
    }

    public MultiHeadAttention crossAttention() {
        return crossAttention;
    }

    public LayerNorm norm1() {
        return norm1;
    }

    public LayerNorm norm2() {
        return norm2;
    }

    public LayerNorm norm3() {
        return norm3;
    }

    public FeedForward feedForward() {
        return ffn;
    }

    /** Every parameter of the block. */
    public List<DenseParam> params() {
        List<DenseParam> all = new ArrayList<>(selfAttention.params());
        all.addAll(crossAttention.params());
        all.addAll(norm1.params());
        all.addAll(norm2.params());
        all.addAll(norm3.params());
        all.addAll(ffn.params());
        return Collections.unmodifiableList(all);
    }
}
