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
 * Transformer encoder block: self-attention then the position-wise FFN, each with dropout and a
 * residual connection, layer norm before (pre-LN, the default of {@link TransformerConfig#of}) or
 * after (post-LN) each residual:
 * <pre>
 * pre-LN:  h = x + drop(MHA(LN1(x)));  y = h + drop(FFN(LN2(h)))
 * post-LN: h = LN1(x + drop(MHA(x)));  y = LN2(h + drop(FFN(h)))
 * </pre>
 * Output rows at padding positions are zeroed (so masked pooling and stacked blocks see zeros
 * there); padding never reaches real positions since attention masks padded keys. A stack of
 * pre-LN blocks is usually followed by one final {@link LayerNorm}.
 *
 * <p>Parameters: {@code <name>/attn/*}, {@code <name>/ln1/*}, {@code <name>/ln2/*}, {@code <name>/ffn/*}.
 */
public final class TransformerEncoderBlock {
    private final TransformerConfig config;
    private final MultiHeadAttention attention;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final FeedForward ffn;

    public TransformerEncoderBlock(String name, TransformerConfig config, Optimizer optimizer, long seed) {
        this.config = config;
        this.attention = new MultiHeadAttention(name + "/attn", config.dim(), config.heads(), optimizer, seed);
        this.norm1 = new LayerNorm(name + "/ln1", config.dim(), optimizer, seed);
        this.norm2 = new LayerNorm(name + "/ln2", config.dim(), optimizer, seed);
        this.ffn = new FeedForward(name + "/ffn", config.dim(), config.ffnHidden(), config.activation(), optimizer, seed);
    }

    /**
     * @param x       {@code [B, L, d]}
     * @param mask    {@code [B, L]} 1/0 padding mask, or null
     * @param dropout {@link Dropout#off()} for inference and export graphs
     * @return {@code [B, L, d]}
     */
    public <T extends TFloating> Operand<T> apply(Ops tf, Params<T> params, Operand<T> x, Operand<T> mask, Dropout dropout) {
        double rate = config.dropout();
        Operand<T> y;
        if (config.preNorm()) {
            Operand<T> n1 = norm1.apply(tf, params, x);
            Operand<T> h = tf.math.add(x, dropout.apply(tf, attention.self(tf, params, n1, mask, config.causal()), rate));
            y = tf.math.add(h, dropout.apply(tf, ffn.transform(tf, params, norm2.apply(tf, params, h)), rate));
        } else {
            Operand<T> h = norm1.apply(tf, params, tf.math.add(x, dropout.apply(tf, attention.self(tf, params, x, mask, config.causal()), rate)));
            y = norm2.apply(tf, params, tf.math.add(h, dropout.apply(tf, ffn.transform(tf, params, h), rate)));
        }
        return zeroPadding(tf, y, mask);
    }

    /** {@code y * mask[..., None]}; {@code y} when there is no mask. */
    static <T extends TFloating> Operand<T> zeroPadding(Ops tf, Operand<T> y, Operand<T> mask) {
        return mask == null ? y : tf.math.mul(y, tf.expandDims(mask, tf.constant(-1)));
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

    public MultiHeadAttention attention() {
        return attention;
    }

    public LayerNorm norm1() {
        return norm1;
    }

    public LayerNorm norm2() {
        return norm2;
    }

    public FeedForward feedForward() {
        return ffn;
    }

    /** Every parameter of the block. */
    public List<DenseParam> params() {
        List<DenseParam> all = new ArrayList<>(attention.params());
        all.addAll(norm1.params());
        all.addAll(norm2.params());
        all.addAll(ffn.params());
        return Collections.unmodifiableList(all);
    }
}
