package io.mic.models.crmman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ItemGraph#rankedNeighbours}: shared-entity count first, ties by id, none without an entity. */
class ItemGraphNeighborsTest {

    @Test
    void ranksByWeightThenIdAgainstBruteForce() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 30; trial++) {
            int ne = 4 + r.nextInt(30);
            int items = 1 + r.nextInt(25);
            boolean[][] adj = new boolean[ne][ne];
            for (int k = r.nextInt(ne * 5 + 1); k > 0; k--) {
                int a = r.nextInt(ne);
                int b = r.nextInt(ne);
                if (a != b) {
                    adj[a][b] = true;
                    adj[b][a] = true;
                }
            }
            int[][] kg = ItemGraphTest.csr(adj);
            int[] itemEntity = new int[items];
            for (int i = 0; i < items; i++) {
                itemEntity[i] = r.nextInt(4) == 0 ? -1 : r.nextInt(ne);
            }
            ItemGraph g = ItemGraph.build(kg[0], kg[1], ne, itemEntity, 0);
            int k = 1 + r.nextInt(6);
            int[][] got = g.rankedNeighbours(k);
            assertThat(got).hasNumberOfRows(items);
            for (int i = 0; i < items; i++) {
                List<int[]> cand = new ArrayList<>();
                for (int j = 0; j < items; j++) {
                    int shared = 0;
                    if (i != j && itemEntity[i] >= 0 && itemEntity[j] >= 0) {
                        for (int x = 0; x < ne; x++) {
                            if (adj[itemEntity[i]][x] && adj[itemEntity[j]][x]) {
                                shared++;
                            }
                        }
                    }
                    if (shared > 0) {
                        cand.add(new int[] {j, shared});
                    }
                }
                cand.sort(Comparator.<int[]>comparingInt(c -> -c[1]).thenComparingInt(c -> c[0]));
                int[] want = cand.stream().limit(k).mapToInt(c -> c[0]).toArray();
                assertThat(got[i]).as("trial %d item %d", trial, i).containsExactly(want);
                if (itemEntity[i] < 0) {
                    assertThat(got[i]).isEmpty();
                }
            }
        }
    }

    @Test
    void tiesGoToTheSmallerIdAndUnmappedItemsGetNone() {
        // entities 0..4; items 0,1,2 on entities 0,1,2; item 3 unmapped.
        // entity 0 ~ {3,4}; entity 1 ~ {3,4}; entity 2 ~ {3}
        boolean[][] adj = new boolean[5][5];
        int[][] e = {{0, 3}, {0, 4}, {1, 3}, {1, 4}, {2, 3}};
        for (int[] p : e) {
            adj[p[0]][p[1]] = true;
            adj[p[1]][p[0]] = true;
        }
        int[][] kg = ItemGraphTest.csr(adj);
        ItemGraph g = ItemGraph.build(kg[0], kg[1], 5, new int[] {2, 1, 0, -1}, 0);
        int[][] n = g.rankedNeighbours(5);
        assertThat(n[0]).containsExactly(1, 2); // shares 1 entity with each: tie by id
        assertThat(n[1]).containsExactly(2, 0); // shares 2 with item 2, 1 with item 0
        assertThat(n[2]).containsExactly(1, 0);
        assertThat(n[3]).isEmpty();
        assertThat(g.rankedNeighbours(1)[1]).containsExactly(2);
        assertThatThrownBy(() -> g.rankedNeighbours(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
