package io.mic.core.data;

import java.util.Arrays;

/**
 * Repeated (user, item) rows of a loaded dataset. A pair rated twice would otherwise count twice
 * in training and could land in both the training and the test split.
 *
 * <p>The rule ({@link Policy#KEEP_LATEST}, the default): of the rows of one pair keep the one with
 * the latest timestamp; among equal timestamps, or when the data has none, the last row in file
 * order. Kept rows stay in their original order; rating, timestamp and split tag travel with the
 * row. {@link Policy#REFUSE} makes any repeat an error; {@link Policy#KEEP_ALL} keeps every row.
 */
public final class Duplicates {
    /** What to do with repeated (user, item) rows. */
    public enum Policy { KEEP_LATEST, REFUSE, KEEP_ALL }

    /**
     * The dataset after the policy and how many rows it dropped.
     *
     * @param dataset the result ({@code d} itself when nothing was dropped)
     * @param dropped rows removed (0 under {@link Policy#KEEP_ALL})
     * @param found   rows that repeat an earlier pair (found under every policy)
     */
    public record Result(Dataset dataset, int dropped, int found) {
    }

    private Duplicates() {
    }

    /**
     * Applies {@code policy} to {@code d}.
     *
     * @param source names the interaction file(s) in messages
     * @throws IllegalArgumentException under {@link Policy#REFUSE} when a pair repeats, naming the
     *         source, the pair, its row numbers (1-based, in interaction order) and the setting
     */
    public static Result apply(Dataset d, Policy policy, String source) {
        int n = d.numInteractions();
        int[] u = d.userColumn();
        int[] it = d.itemColumn();
        long[] t = d.timestamps();
        int nu = d.numUsers();
        int[] off = new int[nu + 1];
        for (int r = 0; r < n; r++) {
            off[u[r] + 1]++;
        }
        for (int x = 0; x < nu; x++) {
            off[x + 1] += off[x];
        }
        int[] byUser = new int[n];
        int[] fill = Arrays.copyOf(off, nu);
        for (int r = 0; r < n; r++) {
            byUser[fill[u[r]]++] = r;
        }
        boolean[] drop = new boolean[n];
        int found = 0;
        long[] keys = new long[16];
        for (int x = 0; x < nu; x++) {
            int len = off[x + 1] - off[x];
            if (len < 2) {
                continue;
            }
            if (keys.length < len) {
                keys = new long[Math.max(len, keys.length * 2)];
            }
            for (int j = 0; j < len; j++) {
                int r = byUser[off[x] + j];
                keys[j] = ((long) it[r] << 32) | r; // rows of one item end up together, in file order
            }
            Arrays.sort(keys, 0, len);
            for (int j = 1; j < len; j++) {
                if ((keys[j] >>> 32) != (keys[j - 1] >>> 32)) {
                    continue;
                }
                found++;
                int prev = (int) keys[j - 1];
                int cur = (int) keys[j];
                if (policy == Policy.REFUSE) {
                    throw new IllegalArgumentException(source + ": duplicate (user, item) row: user '" + d.users().external(x) + "' item '"
                            + d.items().external(it[cur]) + "' at interaction rows " + (prev + 1) + " and " + (cur + 1)
                            + " (dataset.duplicates: REFUSE_DUPLICATES; the default KEEP_LATEST_DUPLICATE keeps the latest row)");
                }
                // keep the later of the two by timestamp, file order breaking ties; carry the winner forward
                boolean curWins = t == null || t[cur] >= t[prev];
                drop[curWins ? prev : cur] = true;
                if (!curWins) {
                    keys[j] = keys[j - 1];
                }
            }
        }
        if (found == 0 || policy == Policy.KEEP_ALL) {
            return new Result(d, 0, found);
        }
        int keep = n - found;
        int[] nu2 = new int[keep];
        int[] ni2 = new int[keep];
        float[] r2 = d.ratings() == null ? null : new float[keep];
        long[] t2 = t == null ? null : new long[keep];
        byte[] s2 = d.splitTags() == null ? null : new byte[keep];
        int k = 0;
        for (int r = 0; r < n; r++) {
            if (drop[r]) {
                continue;
            }
            nu2[k] = u[r];
            ni2[k] = it[r];
            if (r2 != null) {
                r2[k] = d.ratings()[r];
            }
            if (t2 != null) {
                t2[k] = t[r];
            }
            if (s2 != null) {
                s2[k] = d.splitTags()[r];
            }
            k++;
        }
        return new Result(new Dataset(d.name(), d.users(), d.items(), nu2, ni2, r2, t2, s2, d.userFields(), d.itemFields()), found,
                found);
    }
}
