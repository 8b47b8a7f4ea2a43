package io.mic.augment;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.IdMap;
import io.mic.core.data.InteractionMatrix;
import java.util.List;

/** Training splits with chosen interaction counts, for samplers that read training statistics. */
final class Splits {
    private Splits() {
    }

    /** Item {@code i} gets {@code itemCounts[i]} interactions, dealt to users round-robin. */
    static DataSplit withItemCounts(int numUsers, int[] itemCounts) {
        int total = 0;
        for (int c : itemCounts) {
            total += c;
        }
        int[] users = new int[total];
        int[] items = new int[total];
        int k = 0;
        for (int i = 0; i < itemCounts.length; i++) {
            for (int j = 0; j < itemCounts[i]; j++, k++) {
                users[k] = k % numUsers;
                items[k] = i;
            }
        }
        return of(numUsers, itemCounts.length, users, items);
    }

    static DataSplit of(int numUsers, int numItems, int[] users, int[] items) {
        Dataset d = new Dataset("test", IdMap.range(numUsers), IdMap.range(numItems), users, items, null, null, null, List.of(),
                List.of());
        return new DataSplit(d, d.toMatrix(), InteractionMatrix.empty(numUsers, numItems), InteractionMatrix.empty(numUsers, numItems),
                "test");
    }

    /** Zipf-like counts {@code round(scale / (i + 1))}. */
    static int[] zipf(int n, int scale) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = (int) Math.round((double) scale / (i + 1));
        }
        return c;
    }
}
