package io.mic.models.crmman;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-mode item graph of CRM-MAN: items {@code i} and {@code j} are adjacent when their
 * neighbour-entity sets in the knowledge graph share more than {@code S_m} entities. Undirected,
 * no self loops, CSR with each adjacency list sorted; {@link #weight} is the number of shared
 * entities.
 *
 * <p>Built by inverting entity → items: for each item, the items reached through each of its
 * neighbour entities are counted in a dense counter, so the cost is
 * {@code sum_e deg_items(e)^2}, never the {@code n^2} of an all-pairs scan (entities shared by no
 * two items cost nothing). Immutable; arrays read-only for callers.
 */
public final class ItemGraph {
    private static final Logger LOG = LoggerFactory.getLogger(ItemGraph.class);

    private final int[] offsets;
    private final int[] neighbours;
    private final int[] weights;
    private final boolean[] hasEntity;
    private final Stats stats;

    /**
     * Degree statistics over the items that have a KG entity.
     *
     * @param items     items with an entity (graph nodes that may have edges)
     * @param edges     undirected edges
     * @param isolated  items with an entity but no edge
     * @param minDegree smallest degree, maxDegree largest, meanDegree mean, medianDegree median, p90Degree 90th percentile
     */
    public record Stats(int items, long edges, int isolated, int minDegree, int maxDegree, double meanDegree, int medianDegree, int p90Degree) {
        @Override
        public String toString() {
            return String.format("%d items with an entity, %d edges, %d isolated, degree min %d / median %d / mean %.1f / p90 %d / max %d",
                    items, edges, isolated, minDegree, medianDegree, meanDegree, p90Degree, maxDegree);
        }
    }

    private ItemGraph(int[] offsets, int[] neighbours, int[] weights, boolean[] hasEntity) {
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.weights = weights;
        this.hasEntity = hasEntity;
        this.stats = computeStats();
    }

    /**
     * Builds the graph over {@code itemEntity.length} items.
     *
     * @param itemEntity each item's KG entity, {@code -1} for none
     * @param minShared  S_m: an edge needs more than this many shared neighbour entities ({@code >= 0})
     */
    public static ItemGraph build(KnowledgeGraph kg, int[] itemEntity, int minShared) {
        int[][] en = kg.neighbours();
        return build(en[0], en[1], kg.numEntities(), itemEntity, minShared);
    }

    /** Same, from entity neighbour lists in CSR ({@code entOffsets}, {@code entNeighbours}). */
    static ItemGraph build(int[] entOffsets, int[] entNeighbours, int numEntities, int[] itemEntity, int minShared) {
        if (minShared < 0) {
            throw new IllegalArgumentException("S_m (min_shared) must be >= 0, got " + minShared);
        }
        int n = itemEntity.length;
        boolean[] has = new boolean[n];
        // invert: entity -> items whose entity neighbours it
        int[] cnt = new int[numEntities + 1];
        for (int i = 0; i < n; i++) {
            int e = itemEntity[i];
            if (e >= 0) {
                has[i] = true;
                for (int k = entOffsets[e]; k < entOffsets[e + 1]; k++) {
                    cnt[entNeighbours[k] + 1]++;
                }
            }
        }
        for (int e = 0; e < numEntities; e++) {
            cnt[e + 1] += cnt[e];
        }
        int[] inv = new int[cnt[numEntities]];
        int[] cur = Arrays.copyOf(cnt, numEntities);
        for (int i = 0; i < n; i++) {
            int e = itemEntity[i];
            if (e >= 0) {
                for (int k = entOffsets[e]; k < entOffsets[e + 1]; k++) {
                    inv[cur[entNeighbours[k]]++] = i;
                }
            }
        }
        int[] shared = new int[n];
        int[] touched = new int[n];
        int[] off = new int[n + 1];
        int[] nb = new int[1 << 12];
        int[] wt = new int[nb.length];
        int m = 0;
        for (int i = 0; i < n; i++) {
            off[i] = m;
            int e = itemEntity[i];
            if (e < 0) {
                continue;
            }
            int t = 0;
            for (int k = entOffsets[e]; k < entOffsets[e + 1]; k++) {
                int x = entNeighbours[k];
                for (int p = cnt[x]; p < cnt[x + 1]; p++) {
                    int j = inv[p];
                    if (j != i && shared[j]++ == 0) {
                        touched[t++] = j;
                    }
                }
            }
            Arrays.sort(touched, 0, t);
            for (int q = 0; q < t; q++) {
                int j = touched[q];
                if (shared[j] > minShared) {
                    if (m == nb.length) {
                        nb = Arrays.copyOf(nb, m * 2);
                        wt = Arrays.copyOf(wt, m * 2);
                    }
                    nb[m] = j;
                    wt[m] = shared[j];
                    m++;
                }
                shared[j] = 0;
            }
        }
        off[n] = m;
        ItemGraph g = new ItemGraph(off, Arrays.copyOf(nb, m), Arrays.copyOf(wt, m), has);
        LOG.info("item graph (S_m = {}): {}", minShared, g.stats);
        return g;
    }

    private Stats computeStats() {
        int n = hasEntity.length;
        int items = 0;
        int isolated = 0;
        int[] deg = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (hasEntity[i]) {
                items++;
                int d = degree(i);
                deg[k++] = d;
                if (d == 0) {
                    isolated++;
                }
            }
        }
        if (items == 0) {
            return new Stats(0, 0, 0, 0, 0, 0, 0, 0);
        }
        int[] d = Arrays.copyOf(deg, k);
        Arrays.sort(d);
        long sum = 0;
        for (int x : d) {
            sum += x;
        }
        return new Stats(items, sum / 2, isolated, d[0], d[k - 1], (double) sum / k, d[k / 2], d[Math.min(k - 1, (int) (0.9 * k))]);
    }

    public int numItems() {
        return hasEntity.length;
    }

    public int degree(int item) {
        return offsets[item + 1] - offsets[item];
    }

    /** Whether {@code item} has a KG entity. */
    public boolean hasEntity(int item) {
        return hasEntity[item];
    }

    /** CSR offsets (read-only). */
    int[] offsets() {
        return offsets;
    }

    /** Adjacency lists, sorted per item (read-only). */
    int[] neighbours() {
        return neighbours;
    }

    /** Shared-entity counts aligned with {@link #neighbours()} (read-only). */
    int[] weights() {
        return weights;
    }

    /** A copy of {@code item}'s neighbours, ascending. */
    public int[] neighboursOf(int item) {
        return Arrays.copyOfRange(neighbours, offsets[item], offsets[item + 1]);
    }

    /**
     * Each item's first {@code k} neighbours ranked by the number of shared neighbour entities
     * (most first), ties by ascending item id; items without a KG entity (and isolated ones) get an
     * empty array.
     */
    public int[][] rankedNeighbours(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int n = numItems();
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            int from = offsets[i];
            int d = offsets[i + 1] - from;
            Integer[] order = new Integer[d];
            for (int q = 0; q < d; q++) {
                order[q] = from + q;
            }
            // adjacency is sorted by id, so a stable sort by weight keeps ties in id order
            Arrays.sort(order, (a, b) -> Integer.compare(weights[b], weights[a]));
            int m = Math.min(k, d);
            out[i] = new int[m];
            for (int q = 0; q < m; q++) {
                out[i][q] = neighbours[order[q]];
            }
        }
        return out;
    }

    /** Number of shared neighbour entities of adjacent {@code i}, {@code j}; 0 when not adjacent. */
    public int weight(int i, int j) {
        int p = Arrays.binarySearch(neighbours, offsets[i], offsets[i + 1], j);
        return p < 0 ? 0 : weights[p];
    }

    public long numEdges() {
        return neighbours.length / 2;
    }

    public Stats stats() {
        return stats;
    }
}
