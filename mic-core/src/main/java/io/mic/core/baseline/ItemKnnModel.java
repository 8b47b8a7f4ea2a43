package io.mic.core.baseline;

import io.mic.core.data.DataSplit;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.util.TopK;
import io.mic.spi.Model;
import io.mic.spi.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RecBole-style ItemKNN (see {@link ItemKnnModelFactory} for the formulas).
 *
 * <p>The neighbour lists are kept per <em>target</em> item, as RecBole truncates each column of
 * its similarity matrix, and stored inverted (per source item: the targets that keep it, with the
 * weight) so scoring a user is a sparse accumulation over the user's train items.
 */
final class ItemKnnModel implements Model {
    private static final Logger LOG = LoggerFactory.getLogger(ItemKnnModel.class);
    /** Targets a build thread claims at a time: small enough to balance skewed item degrees. */
    private static final int CHUNK = 64;

    private final int k;
    private final double shrink;
    private final int threads;
    /** Set once by fit; volatile so scorer threads see fully built arrays. */
    private volatile Fitted fitted;

    /**
     * @param userOffsets CSR over users of the binary train matrix (distinct items, ascending)
     * @param sourceOffsets CSR over source items: {@code targets/weights[sourceOffsets[i] ..
     *        sourceOffsets[i+1])} are the targets j (ascending) that keep i as a neighbour, and sim(i, j)
     */
    private record Fitted(int numItems, int[] userOffsets, int[] userItems, int[] sourceOffsets, int[] targets, float[] weights) {
    }

    ItemKnnModel(int k, double shrink, int threads) {
        this.k = k;
        this.shrink = shrink;
        this.threads = Math.max(1, threads);
    }

    @Override
    public void fit(TrainingData trainingData) {
        DataSplit split = DataSplit.of(trainingData);
        long start = System.nanoTime();
        InteractionMatrix train = split.train();
        int numUsers = train.numUsers();
        int numItems = train.numItems();

        // binary user -> items (distinct, ascending): repeats must not count twice in |U_i ∩ U_j|
        int[] userOffsets = new int[numUsers + 1];
        int[] userItems = new int[train.nnz()];
        int w = 0;
        for (int u = 0; u < numUsers; u++) {
            int from = w;
            System.arraycopy(train.items(), train.start(u), userItems, w, train.count(u));
            Arrays.sort(userItems, from, from + train.count(u));
            for (int p = from; p < from + train.count(u); p++) {
                if (w == from || userItems[p] != userItems[w - 1]) {
                    userItems[w++] = userItems[p];
                }
            }
            userOffsets[u + 1] = w;
        }
        userItems = Arrays.copyOf(userItems, w);

        // item -> users, filled in user order
        int[] itemOffsets = new int[numItems + 1];
        for (int item : userItems) {
            itemOffsets[item + 1]++;
        }
        for (int i = 0; i < numItems; i++) {
            itemOffsets[i + 1] += itemOffsets[i];
        }
        int[] itemUsers = new int[userItems.length];
        int[] cursor = Arrays.copyOf(itemOffsets, numItems);
        for (int u = 0; u < numUsers; u++) {
            for (int p = userOffsets[u]; p < userOffsets[u + 1]; p++) {
                itemUsers[cursor[userItems[p]]++] = u;
            }
        }
        double[] norm = new double[numItems];
        for (int i = 0; i < numItems; i++) {
            norm[i] = Math.sqrt(itemOffsets[i + 1] - itemOffsets[i]);
        }

        int[][] nbrItems = new int[numItems][];
        float[][] nbrWeights = new float[numItems][];
        buildNeighbours(numItems, userOffsets, userItems, itemOffsets, itemUsers, norm, nbrItems, nbrWeights);

        // invert: per source item, the targets that kept it (ascending target, so scoring sums in a fixed order)
        int[] sourceOffsets = new int[numItems + 1];
        for (int j = 0; j < numItems; j++) {
            for (int i : nbrItems[j]) {
                sourceOffsets[i + 1]++;
            }
        }
        for (int i = 0; i < numItems; i++) {
            sourceOffsets[i + 1] += sourceOffsets[i];
        }
        int[] targets = new int[sourceOffsets[numItems]];
        float[] weights = new float[targets.length];
        int[] fill = Arrays.copyOf(sourceOffsets, numItems);
        for (int j = 0; j < numItems; j++) {
            int[] ni = nbrItems[j];
            float[] nw = nbrWeights[j];
            for (int q = 0; q < ni.length; q++) {
                int p = fill[ni[q]]++;
                targets[p] = j;
                weights[p] = nw[q];
            }
        }
        fitted = new Fitted(numItems, userOffsets, userItems, sourceOffsets, targets, weights);
        LOG.info("item-knn: {} items, {} neighbour links (k={}, shrink={}) in {} ms", numItems, targets.length, k, shrink,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Fills each target's top-k neighbour list, targets claimed in chunks by {@link #threads} workers. */
    private void buildNeighbours(int numItems, int[] userOffsets, int[] userItems, int[] itemOffsets, int[] itemUsers, double[] norm,
            int[][] nbrItems, float[][] nbrWeights) {
        AtomicInteger next = new AtomicInteger();
        Runnable task = () -> {
            NeighbourBuilder b = new NeighbourBuilder(numItems);
            int from;
            while ((from = next.getAndAdd(CHUNK)) < numItems) {
                for (int j = from, to = Math.min(numItems, from + CHUNK); j < to; j++) {
                    b.build(j, userOffsets, userItems, itemOffsets, itemUsers, norm, nbrItems, nbrWeights);
                }
            }
        };
        int workers = Math.max(1, Math.min(threads, (numItems + CHUNK - 1) / CHUNK));
        if (workers == 1) {
            task.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "mic-item-knn");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(workers);
            for (int t = 0; t < workers; t++) {
                futures.add(pool.submit(task));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new IllegalStateException("item-knn build failed", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building item-knn similarities", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Per-thread scratch for the co-occurrence count of one target item at a time. */
    private final class NeighbourBuilder {
        /** co[i] = |U_i ∩ U_j| for the current target j; zero outside {@code touched}. */
        private final int[] co;
        private final int[] touched;
        private final TopK best;

        NeighbourBuilder(int numItems) {
            co = new int[numItems];
            touched = new int[numItems];
            best = new TopK(Math.min(k, numItems));
        }

        void build(int j, int[] userOffsets, int[] userItems, int[] itemOffsets, int[] itemUsers, double[] norm, int[][] nbrItems,
                float[][] nbrWeights) {
            int nt = 0;
            for (int p = itemOffsets[j]; p < itemOffsets[j + 1]; p++) {
                int u = itemUsers[p];
                for (int q = userOffsets[u]; q < userOffsets[u + 1]; q++) {
                    int i = userItems[q];
                    if (co[i]++ == 0) {
                        touched[nt++] = i;
                    }
                }
            }
            best.reset(best.capacity());
            for (int t = 0; t < nt; t++) {
                int i = touched[t];
                int c = co[i];
                co[i] = 0;
                if (i == j) {
                    continue; // RecBole zeroes self-similarity
                }
                best.offer(i, (float) (c / (norm[i] * norm[j] + shrink)));
            }
            // best first, so a neighbour list reads as a ranking
            int[] items = new int[best.size()];
            float[] sims = new float[best.size()];
            best.drainBestFirst(items, sims);
            nbrItems[j] = items;
            nbrWeights[j] = sims;
        }
    }

    @Override
    public void score(int user, float[] out) {
        Fitted f = fitted();
        scoreInto(f, user, out, 0);
    }

    @Override
    public void score(int[] users, float[] out, int numItems) {
        Fitted f = fitted();
        if (numItems != f.numItems) {
            throw new IllegalArgumentException("asked for " + numItems + " items, model was fitted on " + f.numItems);
        }
        for (int j = 0; j < users.length; j++) {
            scoreInto(f, users[j], out, j * numItems);
        }
    }

    private static void scoreInto(Fitted f, int user, float[] out, int base) {
        Arrays.fill(out, base, base + f.numItems, 0f);
        int[] userItems = f.userItems;
        int[] sourceOffsets = f.sourceOffsets;
        int[] targets = f.targets;
        float[] weights = f.weights;
        for (int p = f.userOffsets[user], e = f.userOffsets[user + 1]; p < e; p++) {
            int i = userItems[p];
            for (int q = sourceOffsets[i], qe = sourceOffsets[i + 1]; q < qe; q++) {
                out[base + targets[q]] += weights[q];
            }
        }
    }

    /** sim(i, j) as kept in target j's neighbour list, or 0 when j does not keep i. For tests and diagnostics. */
    float similarity(int i, int j) {
        Fitted f = fitted();
        int from = f.sourceOffsets[i];
        int to = f.sourceOffsets[i + 1];
        int p = Arrays.binarySearch(f.targets, from, to, j);
        return p >= 0 ? f.weights[p] : 0f;
    }

    /** Number of neighbours target j keeps. For tests and diagnostics. */
    int neighbourCount(int j) {
        Fitted f = fitted();
        int n = 0;
        for (int i = 0; i < f.numItems; i++) {
            if (Arrays.binarySearch(f.targets, f.sourceOffsets[i], f.sourceOffsets[i + 1], j) >= 0) {
                n++;
            }
        }
        return n;
    }

    private Fitted fitted() {
        Fitted f = fitted;
        if (f == null) {
            throw new IllegalStateException("item-knn model used before fit");
        }
        return f;
    }
}
