package io.mic.models.mic;

import io.mic.core.feature.HistoryMode;

/**
 * What a {@link CrossChannelModel} optimises and how it scores. {@code two-tower} is the case
 * {@code wU2u = wI2i = wBce = 0}, no augmentation, no samplers, {@code score = U2I}: the same code
 * path, so MIC and its base differ only in these settings.
 *
 * @param loss            in-batch InfoNCE or BPR (BPR: u2i only, uniform random negatives)
 * @param temperature     tau of the u2i InfoNCE term and the BCE logits
 * @param auxTemperature  tau of the u2u and i2i InfoNCE terms
 * @param logQ            sampling-bias (logQ) correction of the u2i item candidates
 * @param wU2i            weight of the u2i InfoNCE term
 * @param wU2u            weight of the u2u InfoNCE term (u against its augmented view)
 * @param wI2i            weight of the i2i InfoNCE term (v against its augmented view)
 * @param wBce            weight of the BCE term on labelled positives and sampled negatives
 * @param allViews        whether the other rows' original and augmented views are both negatives
 *                        (the paper's 2(N-1)); false: only the views the term contrasts against
 * @param knnU2i          whether kNN item positives also extend the u2i positives
 * @param lowRating       ratings strictly below this are negatives (BCE label 0, no InfoNCE positive); 0 = off
 * @param score           full-ranking score
 * @param scoreTemperature tau of the channel probabilities of the combined score
 * @param scoreHistory    M: the last M training items of a user that the i2i and u2u channels read
 * @param historyMode     per-example history, or null for {@link HistoryMode#defaultFor}
 * @param l2              BPR's L2 weight on the batch rows
 * @param ccl             the cosine contrastive loss's settings (loss CCL), else null
 * @param excludeTrainItems BPR and CCL: a negative is never one of the user's training items (redrawn up to
 *                        {@link io.mic.core.data.WarmItems#MODEL_MAX_DRAWS} times, then accepted and
 *                        counted); false: only the row's own positive is redrawn
 * @param augment         whether augmenters and samplers are accepted (the {@code mic} model)
 * @param auxUnit         whether the u2u, i2i and BCE terms (and the u2u / i2i score channels) read L2-normalised
 *                        vectors; set when the u2i term is BPR or CCL over an encoder whose towers are not unit
 *                        vectors (e.g. {@code lightgcn} with {@code normalize: false}), so the temperature-scaled
 *                        auxiliary terms stay on the cosine scale they are tuned for
 */
record Objective(Loss loss, double temperature, double auxTemperature, boolean logQ, double wU2i, double wU2u, double wI2i, double wBce, boolean allViews,
        boolean knnU2i, double lowRating, Score score, double scoreTemperature, int scoreHistory, HistoryMode historyMode, double l2,
        Ccl ccl, boolean excludeTrainItems, boolean augment, boolean auxUnit) {

    /** In-batch InfoNCE, BPR with one uniform negative, or SimpleX's cosine contrastive loss with many uniform negatives. */
    enum Loss { INFONCE, BPR, CCL }

    /**
     * SimpleX's CCL (see {@link CrossChannelLoss#ccl}).
     *
     * @param negatives uniform item negatives per example
     * @param margin    m: negatives with cosine below it cost nothing
     * @param weight    w: the weight of the mean negative term against the positive one
     */
    record Ccl(int negatives, double margin, double weight) {
    }

    /** Whether the loss draws uniform item negatives per example (BPR, CCL). */
    boolean sampledNegatives() {
        return loss == Loss.BPR || loss == Loss.CCL;
    }

    /** Full-ranking score: the u2i dot product, one channel's probability, or the 1:1:1 mean of the three (see {@link ScoreTable}). */
    enum Score { U2I, U2U, I2I, COMBINED }

    /** The {@code mic} model with a BPR or CCL u2i term: the pairwise base loss plus the cross-channel terms. */
    boolean pairwiseU2i() {
        return augment && sampledNegatives();
    }

    boolean usesViews() {
        // all-views u2i contrasts the augmented items too; a pairwise u2i term reads no views
        return augment && (wU2u > 0 || wI2i > 0 || (allViews && !pairwiseU2i()));
    }
}
