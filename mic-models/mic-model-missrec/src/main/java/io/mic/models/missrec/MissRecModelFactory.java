package io.mic.models.missrec;

/**
 * {@code missrec}: MISSRec (DPC-KNN interests, interest encoder, item-query decoder, dynamic
 * candidate fusion, sequence-item + sequence-sequence contrast, orthogonality regulariser);
 * inductive by default ({@code ids = false}: any item with features can be scored), transductive
 * with {@code ids = true}.
 */
public final class MissRecModelFactory extends SeqModelFactory {
    @Override
    public String name() {
        return "missrec";
    }

    @Override
    public String description() {
        return "MISSRec multi-modal interest-aware sequence model (DPC-KNN interests, encoder-decoder, dynamic fusion)";
    }

    @Override
    boolean missrec() {
        return true;
    }
}
