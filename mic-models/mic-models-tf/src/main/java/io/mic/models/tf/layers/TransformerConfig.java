package io.mic.models.tf.layers;

import io.mic.models.tf.ops.Activation;

/**
 * Shape and options of a transformer block.
 *
 * @param dim        model width {@code d}
 * @param heads      attention heads ({@code d % heads == 0})
 * @param ffnHidden  width of the feed-forward hidden layer
 * @param dropout    rate applied to each sub-layer's output before its residual add (0 = none)
 * @param preNorm    true: pre-LN {@code x + f(LN(x))} (the default: stable without warm-up, as in
 *                   GPT-2 and SASRec's code); false: post-LN {@code LN(x + f(x))} (Vaswani et al.,
 *                   PyTorch's {@code norm_first=False})
 * @param activation of the feed-forward hidden layer
 * @param causal     self-attention sees only earlier positions (next-item prediction)
 */
public record TransformerConfig(int dim, int heads, int ffnHidden, double dropout, boolean preNorm, Activation activation, boolean causal) {

    public TransformerConfig {
        if (dim <= 0 || heads <= 0 || dim % heads != 0) {
            throw new IllegalArgumentException("transformer: dim " + dim + " must be a positive multiple of heads " + heads);
        }
        if (ffnHidden <= 0) {
            throw new IllegalArgumentException("transformer: ffnHidden must be > 0, got " + ffnHidden);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("transformer: dropout must be in [0, 1), got " + dropout);
        }
    }

    /** Defaults: hidden {@code 4 d}, dropout 0.1, pre-LN, GELU, not causal. */
    public static TransformerConfig of(int dim, int heads) {
        return new TransformerConfig(dim, heads, 4 * dim, 0.1, true, Activation.GELU, false);
    }

    public TransformerConfig withFfnHidden(int hidden) {
        return new TransformerConfig(dim, heads, hidden, dropout, preNorm, activation, causal);
    }

    public TransformerConfig withDropout(double rate) {
        return new TransformerConfig(dim, heads, ffnHidden, rate, preNorm, activation, causal);
    }

    public TransformerConfig withPreNorm(boolean pre) {
        return new TransformerConfig(dim, heads, ffnHidden, dropout, pre, activation, causal);
    }

    public TransformerConfig withActivation(Activation act) {
        return new TransformerConfig(dim, heads, ffnHidden, dropout, preNorm, act, causal);
    }

    public TransformerConfig withCausal(boolean c) {
        return new TransformerConfig(dim, heads, ffnHidden, dropout, preNorm, activation, c);
    }
}
