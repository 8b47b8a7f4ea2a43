package io.mic.core.eval;

import java.util.Locale;

/**
 * A top-K ranking metric computed by {@link FullRankingEvaluator}. Every metric is evaluated at each
 * cut-off K the evaluator was given; the exact formulas are in {@code docs/metrics.md}.
 */
public enum Metric {
    /** Hits in the top K divided by the number of ground-truth items. */
    RECALL("recall"),
    /** Binary-relevance DCG of the top K divided by the ideal DCG for min(|truth|, K) hits. */
    NDCG("ndcg"),
    /** 1 when the top K holds at least one ground-truth item, else 0 (HitRate). */
    HIT("hit"),
    /** Reciprocal 1-based rank of the first hit within the top K, 0 without a hit. */
    MRR("mrr"),
    /** Hits in the top K divided by K. */
    PRECISION("precision"),
    /** ItemCoverage: distinct items in the union of all evaluated users' top-K lists over the catalogue size. */
    COVERAGE("coverage");

    private final String label;

    Metric(String label) {
        this.label = label;
    }

    /** Lower-case name used in configs, result keys ({@code recall@20}) and tables. */
    public String label() {
        return label;
    }

    /**
     * Parses a metric name: a {@link #label()} in any case, or RecBole's {@code itemcoverage} and
     * {@code hitrate} spellings.
     *
     * @throws IllegalArgumentException for any other text, listing the valid names
     */
    public static Metric parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Metric m : values()) {
                if (m.label.equals(t)) {
                    return m;
                }
            }
            // RecBole config files spell these two differently; accepting them eases porting configs
            if (t.equals("itemcoverage")) {
                return COVERAGE;
            }
            if (t.equals("hitrate")) {
                return HIT;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Metric m : values()) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append(m.label);
        }
        throw new IllegalArgumentException("unknown metric '" + text + "'; valid metrics: " + names);
    }
}
