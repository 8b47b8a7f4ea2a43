package io.mic.spi;

/**
 * "Did you mean" hints for error messages: the closest of some known names to a misspelt one, by
 * Levenshtein distance. Used by {@link PluginConfig} for unknown keys and by the host for unknown
 * config fields; plugins may use it for their own name lookups.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The name in {@code names} closest to {@code name} (the first one on ties, in iteration order),
     * or null when even the closest is more than {@code max(2, name.length() / 3)} edits away.
     */
    public static String closest(String name, Iterable<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String n : names) {
            int d = editDistance(name, n);
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Levenshtein distance (inserting, deleting or substituting one char costs 1). */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
