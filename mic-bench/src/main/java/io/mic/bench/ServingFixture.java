package io.mic.bench;

import io.mic.retrieval.table.HeapTable;
import io.mic.retrieval.table.NeighborTables;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded serving tables of the shape the batch job writes: {@code width} similar users per user,
 * {@code width} similar items per item (scores descending), {@code width} recent items per user.
 */
final class ServingFixture {
    private ServingFixture() {
    }

    static NeighborTables tables(int users, int items, int width, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        return new NeighborTables(1L, users, items, 64, 64, "exact/1", scored(users, users, width, rnd),
                scored(items, items, width, rnd), recent(users, items, width, rnd));
    }

    private static HeapTable scored(int rows, int universe, int width, SplittableRandom rnd) {
        int[] offsets = new int[rows + 1];
        int[] ids = new int[rows * width];
        float[] scores = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            offsets[r + 1] = (r + 1) * width;
            float s = 1f;
            for (int j = 0; j < width; j++) {
                int id = rnd.nextInt(universe);
                ids[r * width + j] = id == r ? (id + 1) % universe : id;
                s -= rnd.nextFloat() * 0.01f;
                scores[r * width + j] = s;
            }
        }
        return new HeapTable(rows, width, offsets, ids, scores);
    }

    private static HeapTable recent(int users, int items, int width, SplittableRandom rnd) {
        int[] offsets = new int[users + 1];
        int[] ids = new int[users * width];
        for (int u = 0; u < users; u++) {
            offsets[u + 1] = (u + 1) * width;
            for (int j = 0; j < width; j++) {
                ids[u * width + j] = rnd.nextInt(items);
            }
        }
        return new HeapTable(users, width, offsets, ids, null);
    }

    /** The user's recent items, sorted and distinct: a {@code Query.exclude} array. */
    static int[] excludeOf(NeighborTables t, int user) {
        int n = t.recent().count(user);
        int[] out = new int[n];
        for (int j = 0; j < n; j++) {
            out[j] = t.recent().id(user, j);
        }
        Arrays.sort(out);
        return Arrays.stream(out).distinct().toArray();
    }
}
