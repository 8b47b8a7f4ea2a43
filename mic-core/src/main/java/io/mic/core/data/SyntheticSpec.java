package io.mic.core.data;

/**
 * Shape of a {@link SyntheticDataset}.
 *
 * @param users               number of users (≥ 1)
 * @param items               number of items (≥ 2 × groups, so each group's early and late halves are non-empty)
 * @param groups              number of planted groups C (≥ 1); users and items are spread evenly over them
 * @param interactionsPerUser mean interactions per user (≥ 5, ≤ items); every user gets at least 5
 * @param inGroupProbability  chance that an interaction is drawn from the user's own group, in [0, 1]
 * @param popularityExponent  Zipf exponent s of item popularity, weight ∝ 1 / rank^s (0 = uniform), ≥ 0
 */
public record SyntheticSpec(int users, int items, int groups, int interactionsPerUser, double inGroupProbability, double popularityExponent) {
    public SyntheticSpec {
        if (users < 1) {
            throw new IllegalArgumentException("synthetic users must be >= 1, got " + users);
        }
        if (groups < 1) {
            throw new IllegalArgumentException("synthetic groups must be >= 1, got " + groups);
        }
        if (items < 2 * groups) {
            throw new IllegalArgumentException("synthetic items must be >= 2 x groups (" + 2 * groups + "), got " + items);
        }
        if (interactionsPerUser < SyntheticDataset.MIN_PER_USER || interactionsPerUser > items) {
            throw new IllegalArgumentException("synthetic interactionsPerUser must be in [" + SyntheticDataset.MIN_PER_USER + ", items = " + items
                    + "], got " + interactionsPerUser);
        }
        if (!(inGroupProbability >= 0 && inGroupProbability <= 1)) {
            throw new IllegalArgumentException("synthetic inGroupProbability must be in [0, 1], got " + inGroupProbability);
        }
        if (!(popularityExponent >= 0) || !Double.isFinite(popularityExponent)) {
            throw new IllegalArgumentException("synthetic popularityExponent must be finite and >= 0, got " + popularityExponent);
        }
    }

    /** 2,000 users, 1,000 items, 8 groups, 30 interactions per user, 0.8 in-group, Zipf 0.8. */
    public static SyntheticSpec defaults() {
        return new SyntheticSpec(2000, 1000, 8, 30, 0.8, 0.8);
    }
}
