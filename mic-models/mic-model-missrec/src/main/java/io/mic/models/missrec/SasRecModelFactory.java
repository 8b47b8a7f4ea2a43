package io.mic.models.missrec;

/**
 * {@code sasrec}: a SASRec-style next-item transformer (causal self-attention, the last position is
 * the user), id-only by default ({@code ids = true, features = none}), or with frozen item features
 * through adapters ({@code features = all}); the baseline MISSRec's parts are measured against.
 */
public final class SasRecModelFactory extends SeqModelFactory {
    @Override
    public String name() {
        return "sasrec";
    }

    @Override
    public String description() {
        return "SASRec-style next-item transformer (ids and/or frozen item features via adapters; in-batch + sampled softmax)";
    }

    @Override
    boolean missrec() {
        return false;
    }
}
