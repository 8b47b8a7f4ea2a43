package io.mic.models.tf;

import java.util.SplittableRandom;

/**
 * Synthetic interactions with planted structure: users and items belong to groups; a user's
 * interactions come from its own group with probability {@code inGroup} (items ranked by a Zipf
 * popularity within the group), otherwise from any item uniformly. One held-out item per user,
 * drawn the same way but not among its training items.
 */
final class PlantedData {
    final int users;
    final int items;
    final int groups;
    /** Training pairs. */
    final int[] pairUser;
    final int[] pairItem;
    final int[] heldOut;
    final boolean[][] seen;
    final long[] itemCounts;

    PlantedData(int users, int items, int groups, int perUser, double inGroup, long seed) {
        this.users = users;
        this.items = items;
        this.groups = groups;
        SplittableRandom r = new SplittableRandom(seed);
        int perGroup = items / groups;
        double[] zipf = new double[perGroup];
        double z = 0;
        for (int k = 0; k < perGroup; k++) {
            z += 1.0 / (k + 1);
            zipf[k] = z;
        }
        pairUser = new int[users * perUser];
        pairItem = new int[users * perUser];
        heldOut = new int[users];
        seen = new boolean[users][items];
        itemCounts = new long[items];
        int p = 0;
        for (int u = 0; u < users; u++) {
            int g = u % groups;
            for (int k = 0; k <= perUser; k++) {
                int item;
                do {
                    if (r.nextDouble() < inGroup) {
                        double x = r.nextDouble() * z;
                        int rank = 0;
                        while (zipf[rank] < x) {
                            rank++;
                        }
                        item = g * perGroup + rank;
                    } else {
                        item = r.nextInt(items);
                    }
                } while (seen[u][item]);
                if (k < perUser) {
                    seen[u][item] = true;
                    pairUser[p] = u;
                    pairItem[p] = item;
                    itemCounts[item]++;
                    p++;
                } else {
                    heldOut[u] = item;
                }
            }
        }
    }

    /** Recall@k of the held-out items given a score function filled per user (training items excluded). */
    double recallAt(int k, java.util.function.BiConsumer<Integer, float[]> scorer) {
        float[] s = new float[items];
        int hits = 0;
        for (int u = 0; u < users; u++) {
            scorer.accept(u, s);
            float target = s[heldOut[u]];
            int better = 0;
            for (int i = 0; i < items; i++) {
                if (!seen[u][i] && i != heldOut[u] && (s[i] > target || (s[i] == target && i < heldOut[u]))) {
                    better++;
                }
            }
            if (better < k) {
                hits++;
            }
        }
        return (double) hits / users;
    }
}
