package io.mic.rerank;

import io.mic.spi.Candidates;
import io.mic.spi.Query;

/** The positions of the candidates a reranker may emit: those the query does not exclude. */
final class Eligible {
    private Eligible() {
    }

    /**
     * Writes the positions of the non-excluded candidates of {@code c} into {@code keep}, in
     * buffer order, and returns how many. Short exclusion lists are looked up in the candidates'
     * own hash table ({@code |exclude|} probes, marking {@code dropped}); long ones by a binary
     * search per candidate. Both arrays must hold {@code c.size()} entries; {@code dropped} is all
     * false on entry and on return.
     */
    static int positions(Query q, Candidates c, int[] keep, boolean[] dropped) {
        int n = c.size();
        int[] exclude = q.exclude();
        int m = 0;
        if (exclude.length <= 2 * n) {
            for (int item : exclude) {
                int i = c.indexOf(item);
                if (i >= 0) {
                    dropped[i] = true;
                }
            }
            for (int i = 0; i < n; i++) {
                if (dropped[i]) {
                    dropped[i] = false;
                } else {
                    keep[m++] = i;
                }
            }
            return m;
        }
        for (int i = 0; i < n; i++) {
            if (!q.excluded(c.item(i))) {
                keep[m++] = i;
            }
        }
        return m;
    }
}
