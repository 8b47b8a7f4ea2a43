package io.mic.models.lightgcn;

import io.mic.core.data.InteractionMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The symmetric-normalised adjacency {@code Â = D^-1/2 A D^-1/2} of the user-item bipartite graph
 * of a training split, as CSR over {@code users + items} nodes (users first, then items at
 * {@code users + item}). {@code A} is binary: a repeated (user, item) pair is one edge. A node
 * without edges has an empty row (its degree term is 0, not a division by zero).
 *
 * <p>Immutable after construction; {@link #multiply} may run from several threads at once.
 */
final class NormalizedGraph {
    final int users;
    final int items;
    final int nodes;
    final int[] offsets;
    final int[] cols;
    final float[] vals;
    /** Row ranges {@code [bounds[t], bounds[t+1])} of about equal non-zeros, one per worker. */
    private final int[] bounds;

    private NormalizedGraph(int users, int items, int[] offsets, int[] cols, float[] vals, int parts) {
        this.users = users;
        this.items = items;
        this.nodes = users + items;
        this.offsets = offsets;
        this.cols = cols;
        this.vals = vals;
        this.bounds = balance(offsets, nodes, Math.max(1, parts));
    }

    /** Builds {@code Â} from {@code train}; {@code parts} is the number of row blocks {@link #multiply} splits into. */
    static NormalizedGraph of(InteractionMatrix train, int parts) {
        int nu = train.numUsers();
        int ni = train.numItems();
        int n = nu + ni;
        int[][] userItems = new int[nu][];
        int[] degree = new int[n];
        for (int u = 0; u < nu; u++) {
            int[] s = train.sortedItemsOf(u);
            int k = 0;
            for (int j = 0; j < s.length; j++) {
                if (j == 0 || s[j] != s[j - 1]) {
                    s[k++] = s[j];
                }
            }
            userItems[u] = java.util.Arrays.copyOf(s, k);
            degree[u] = k;
            for (int j = 0; j < k; j++) {
                degree[nu + s[j]]++;
            }
        }
        int[] offsets = new int[n + 1];
        for (int v = 0; v < n; v++) {
            offsets[v + 1] = offsets[v] + degree[v];
        }
        int[] cols = new int[offsets[n]];
        float[] vals = new float[offsets[n]];
        double[] inv = new double[n];
        for (int v = 0; v < n; v++) {
            inv[v] = degree[v] == 0 ? 0 : 1.0 / Math.sqrt(degree[v]);
        }
        int[] fill = java.util.Arrays.copyOf(offsets, n);
        for (int u = 0; u < nu; u++) {
            for (int i : userItems[u]) {
                int item = nu + i;
                float w = (float) (inv[u] * inv[item]);
                cols[fill[u]] = item;
                vals[fill[u]++] = w;
                cols[fill[item]] = u;
                vals[fill[item]++] = w;
            }
        }
        return new NormalizedGraph(nu, ni, offsets, cols, vals, parts);
    }

    /** Non-zeros of {@code Â} (twice the distinct training pairs). */
    int nnz() {
        return offsets[nodes];
    }

    /** {@code out = Â x} for row-major {@code nodes x dim} matrices; row blocks run on {@code pool} (null: this thread). */
    void multiply(float[] x, float[] out, int dim, ExecutorService pool) {
        if (pool == null || bounds.length == 2) {
            multiplyRows(x, out, dim, 0, nodes);
            return;
        }
        List<Future<?>> fs = new ArrayList<>(bounds.length - 1);
        for (int t = 0; t + 1 < bounds.length; t++) {
            int from = bounds[t];
            int to = bounds[t + 1];
            fs.add(pool.submit(() -> multiplyRows(x, out, dim, from, to)));
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during graph propagation", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("graph propagation failed", e.getCause());
            }
        }
    }

    private void multiplyRows(float[] x, float[] out, int dim, int from, int to) {
        RowProducts.best().multiplyRows(offsets, cols, vals, x, out, dim, from, to);
    }

    /**
     * Number of nodes within {@code hops} edges of {@code seeds} (the seeds included): the rows a
     * step restricted to the batch's receptive field would have to propagate.
     */
    int neighbourhood(int[] seeds, int hops) {
        boolean[] seen = new boolean[nodes];
        int[] frontier = new int[nodes];
        int size = 0;
        for (int s : seeds) {
            if (!seen[s]) {
                seen[s] = true;
                frontier[size++] = s;
            }
        }
        int begin = 0;
        for (int h = 0; h < hops; h++) {
            int end = size;
            for (int k = begin; k < end; k++) {
                int v = frontier[k];
                for (int p = offsets[v]; p < offsets[v + 1]; p++) {
                    int c = cols[p];
                    if (!seen[c]) {
                        seen[c] = true;
                        frontier[size++] = c;
                    }
                }
            }
            begin = end;
        }
        return size;
    }

    private static int[] balance(int[] offsets, int n, int parts) {
        int[] b = new int[parts + 1];
        long total = offsets[n] + (long) n;
        int row = 0;
        for (int t = 1; t < parts; t++) {
            long target = total * t / parts;
            while (row < n && offsets[row] + (long) row < target) {
                row++;
            }
            b[t] = row;
        }
        b[parts] = n;
        return b;
    }
}
