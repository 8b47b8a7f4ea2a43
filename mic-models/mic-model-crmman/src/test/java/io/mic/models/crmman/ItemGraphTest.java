package io.mic.models.crmman;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The inverted-index construction against an all-pairs brute force on random small graphs. */
class ItemGraphTest {

    @Test
    void matchesBruteForceOnRandomGraphs() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 40; trial++) {
            int ne = 5 + r.nextInt(60);
            int items = 1 + r.nextInt(40);
            // random entity adjacency (symmetric, no self loops)
            boolean[][] adj = new boolean[ne][ne];
            int edges = r.nextInt(ne * 4 + 1);
            for (int k = 0; k < edges; k++) {
                int a = r.nextInt(ne);
                int b = r.nextInt(ne);
                if (a != b) {
                    adj[a][b] = true;
                    adj[b][a] = true;
                }
            }
            int[][] kg = csr(adj);
            int[] itemEntity = new int[items];
            for (int i = 0; i < items; i++) {
                itemEntity[i] = r.nextInt(5) == 0 ? -1 : r.nextInt(ne); // some unmapped, some sharing an entity
            }
            int sm = r.nextInt(3);
            ItemGraph g = ItemGraph.build(kg[0], kg[1], ne, itemEntity, sm);
            long edgeCount = 0;
            for (int i = 0; i < items; i++) {
                for (int j = 0; j < items; j++) {
                    int shared = 0;
                    if (i != j && itemEntity[i] >= 0 && itemEntity[j] >= 0) {
                        for (int x = 0; x < ne; x++) {
                            if (adj[itemEntity[i]][x] && adj[itemEntity[j]][x]) {
                                shared++;
                            }
                        }
                    }
                    boolean edge = shared > sm;
                    assertThat(g.weight(i, j)).as("trial %d edge (%d, %d)", trial, i, j).isEqualTo(edge ? shared : 0);
                    if (edge) {
                        edgeCount++;
                    }
                }
                int[] nb = g.neighboursOf(i);
                assertThat(nb).isSorted();
                assertThat(new HashSet<>(Arrays.stream(nb).boxed().toList())).hasSize(nb.length);
            }
            assertThat(g.numEdges()).isEqualTo(edgeCount / 2);
            ItemGraph.Stats s = g.stats();
            int mapped = (int) Arrays.stream(itemEntity).filter(e -> e >= 0).count();
            assertThat(s.items()).isEqualTo(mapped);
            assertThat(s.edges()).isEqualTo(edgeCount / 2);
        }
    }

    @Test
    void statsOfAHandWorkedGraph() {
        // entities 0..2 are items' entities, 3..5 attributes; item0 ~ {3,4}, item1 ~ {3,4,5}, item2 ~ {5}
        int[][] lists = {{3, 4}, {3, 4, 5}, {5}, {0, 1}, {0, 1}, {1, 2}};
        int[] off = new int[7];
        int[] vals = new int[12];
        int w = 0;
        for (int e = 0; e < 6; e++) {
            off[e] = w;
            for (int x : lists[e]) {
                vals[w++] = x;
            }
        }
        off[6] = w;
        ItemGraph g = ItemGraph.build(off, vals, 6, new int[] {0, 1, 2, -1}, 0);
        assertThat(g.neighboursOf(0)).containsExactly(1);
        assertThat(g.neighboursOf(1)).containsExactly(0, 2);
        assertThat(g.weight(0, 1)).isEqualTo(2);
        assertThat(g.weight(1, 2)).isEqualTo(1);
        assertThat(g.hasEntity(3)).isFalse();
        ItemGraph.Stats s = g.stats();
        assertThat(s).isEqualTo(new ItemGraph.Stats(3, 2, 0, 1, 2, 4.0 / 3, 1, 2));
        ItemGraph strict = ItemGraph.build(off, vals, 6, new int[] {0, 1, 2, -1}, 1);
        assertThat(strict.numEdges()).isEqualTo(1);
        assertThat(strict.stats().isolated()).isEqualTo(1);
    }

    /** The CSR form {@code {offsets, values}} of an entity adjacency matrix (neighbours in ascending order). */
    static int[][] csr(boolean[][] adj) {
        int n = adj.length;
        int[] off = new int[n + 1];
        int[] vals = new int[n * n];
        int w = 0;
        for (int a = 0; a < n; a++) {
            off[a] = w;
            for (int b = 0; b < n; b++) {
                if (adj[a][b]) {
                    vals[w++] = b;
                }
            }
        }
        off[n] = w;
        return new int[][] {off, Arrays.copyOf(vals, w)};
    }
}
