package io.mic.models.crmman;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The two-hop neighbourhood a step of the two GAT layers needs, with at most K neighbours per node
 * and layer, so its size is bounded by {@code roots * (K + 1)^2} whatever the catalogue size.
 *
 * <p>Node positions are prefixes: {@code [0, n0)} are the roots (the items the step needs
 * representations of), {@code [0, n1)} the roots and their neighbours (the nodes layer 1 must
 * produce), {@code [0, n2)} everything layer 1 reads. Each row of a neighbour list starts with the
 * node itself (GAT's self loop); shorter rows are padded with the node's own position and mask 0.
 * Neighbours are sampled uniformly without replacement when {@code rng} is given (training), else
 * the K with the most shared entities, ties by item id (inference, deterministic).
 *
 * <p>Reusable scratch; not thread-safe.
 */
final class Subgraph {
    private final ItemGraph g;
    private final int k;
    private final int[] pos;
    /** Per item, its neighbours ordered by weight descending then id (for the deterministic top-K). */
    private final int[] ranked;
    private int[] nodes = new int[1024];
    private int size;
    private int[] scratch = new int[16];
    int n0;
    int n1;
    int n2;
    int[] nbr1 = new int[0];
    float[] mask1 = new float[0];
    int[] nbr2 = new int[0];
    float[] mask2 = new float[0];

    Subgraph(ItemGraph g, int k) {
        this.g = g;
        this.k = k;
        this.pos = new int[g.numItems()];
        Arrays.fill(pos, -1);
        int[] off = g.offsets();
        ranked = new int[g.neighbours().length];
        Integer[] tmp = new Integer[0];
        for (int i = 0; i < g.numItems(); i++) {
            int from = off[i];
            int d = off[i + 1] - from;
            if (d <= k) {
                System.arraycopy(g.neighbours(), from, ranked, from, d);
                continue;
            }
            if (tmp.length < d) {
                tmp = new Integer[d];
            }
            for (int q = 0; q < d; q++) {
                tmp[q] = from + q;
            }
            Arrays.sort(tmp, 0, d, (a, b) -> g.weights()[a] != g.weights()[b] ? Integer.compare(g.weights()[b], g.weights()[a])
                    : Integer.compare(g.neighbours()[a], g.neighbours()[b]));
            for (int q = 0; q < d; q++) {
                ranked[from + q] = g.neighbours()[tmp[q]];
            }
        }
    }

    /** Neighbour-list width: the node itself plus K. */
    int width() {
        return k + 1;
    }

    /** Item at position {@code p} (valid for {@code p < n2}); the array is owned by this object. */
    int[] nodes() {
        return nodes;
    }

    /** Builds the subgraph of distinct {@code roots[0 .. count)}; {@code rng} null = deterministic. */
    void build(int[] roots, int count, SplittableRandom rng) {
        for (int p = 0; p < size; p++) {
            pos[nodes[p]] = -1;
        }
        size = 0;
        for (int r = 0; r < count; r++) {
            add(roots[r]);
        }
        n0 = size;
        if (n0 != count) {
            throw new IllegalArgumentException("roots must be distinct");
        }
        int w = width();
        nbr2 = ensure(nbr2, n0 * w);
        mask2 = ensure(mask2, n0 * w);
        fill(0, n0, nbr2, mask2, rng);
        n1 = size;
        nbr1 = ensure(nbr1, n1 * w);
        mask1 = ensure(mask1, n1 * w);
        fill(0, n1, nbr1, mask1, rng);
        n2 = size;
    }

    /** Position of {@code item} among the nodes, or -1. */
    int position(int item) {
        return pos[item];
    }

    private void fill(int from, int to, int[] nbr, float[] mask, SplittableRandom rng) {
        int w = width();
        for (int p = from; p < to; p++) {
            int item = nodes[p];
            int base = p * w;
            nbr[base] = p;
            mask[base] = 1f;
            int m = pick(item, rng);
            for (int q = 0; q < k; q++) {
                if (q < m) {
                    nbr[base + 1 + q] = add(scratch[q]);
                    mask[base + 1 + q] = 1f;
                } else {
                    nbr[base + 1 + q] = p;
                    mask[base + 1 + q] = 0f;
                }
            }
        }
    }

    /** Writes up to K neighbours of {@code item} into scratch; returns how many. */
    private int pick(int item, SplittableRandom rng) {
        int from = g.offsets()[item];
        int d = g.offsets()[item + 1] - from;
        if (scratch.length < Math.max(d, k)) {
            scratch = new int[Math.max(d, k)];
        }
        if (d <= k) {
            System.arraycopy(g.neighbours(), from, scratch, 0, d);
            return d;
        }
        if (rng == null) {
            System.arraycopy(ranked, from, scratch, 0, k);
            return k;
        }
        System.arraycopy(g.neighbours(), from, scratch, 0, d);
        for (int q = 0; q < k; q++) {
            int j = q + rng.nextInt(d - q);
            int t = scratch[q];
            scratch[q] = scratch[j];
            scratch[j] = t;
        }
        return k;
    }

    private int add(int item) {
        int p = pos[item];
        if (p >= 0) {
            return p;
        }
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
        }
        nodes[size] = item;
        pos[item] = size;
        return size++;
    }

    private static int[] ensure(int[] a, int n) {
        return a.length >= n ? a : new int[Math.max(n, a.length * 2)];
    }

    private static float[] ensure(float[] a, int n) {
        return a.length >= n ? a : new float[Math.max(n, a.length * 2)];
    }
}
