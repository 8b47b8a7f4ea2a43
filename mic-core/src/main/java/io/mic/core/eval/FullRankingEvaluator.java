package io.mic.core.eval;

import io.mic.core.data.DataSplit;
import io.mic.core.data.IdMap;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.util.TopK;
import io.mic.spi.Model;
import io.mic.spi.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-ranking top-K evaluation with RecBole's conventions: every item of the catalogue is scored
 * for every user, the user's already-seen items are removed, and Recall, NDCG, Hit, MRR, Precision
 * and ItemCoverage are computed on the top K. The exact formulas, masking and tie rules are in
 * {@code docs/metrics.md}.
 *
 * <ul>
 *   <li>{@link Target#VALID}: ground truth = the user's valid items; masked = train items.
 *   <li>{@link Target#TEST}: ground truth = the user's test items; masked = train and valid items.
 *   <li>{@link Target#TEST_UNMASKED}: ground truth = the user's test items; nothing masked: the
 *       protocol of RecBole's sequential models, which UniSRec and MISSRec report (history items
 *       stay in the ranking).
 *   <li>{@link Target#TEST_COLD}: ground truth = the user's test items that are cold items
 *       ({@link DataSplit#coldItems()}, held out of training entirely); masked = train and valid items;
 *       every item is ranked, so the cold items compete with the whole catalogue. Users without a
 *       cold test item are skipped.
 *   <li>As in RecBole, a ground-truth item is never masked, even when the user also has it in an
 *       earlier part of the split (repeat consumption), so it can still be hit.
 *   <li>Users whose ground truth is empty are skipped and do not count in {@link EvaluationResult#users()}.
 *   <li>Ranking is by score, descending; equal scores rank the lower item id first, so results are
 *       deterministic. Masked items never enter a top-K list.
 * </ul>
 *
 * <p>Users are scored in blocks (at most 256) through the batched
 * {@link Model#score(int[], float[], int)}, by a fixed pool of {@code threads} workers, each with
 * its own scratch buffers. Per-user values are summed within a block in user order and block sums
 * are combined in block order, so the result is bit-identical for any thread count.
 *
 * <p>Thread-safe: an instance holds only immutable state; each {@link #evaluate} call runs its own
 * pool. The model must be fitted and its {@code score} methods thread-safe.
 */
public final class FullRankingEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(FullRankingEvaluator.class);

    /** Users per scoring block: large enough for matrix-product models to batch well. */
    static final int MAX_BLOCK_USERS = 256;
    /** Score floats per block (64 MiB), so huge catalogues shrink the block instead of the heap. */
    private static final long MAX_BLOCK_FLOATS = 1L << 24;

    /** Which part of the split is the ground truth. */
    public enum Target {
        /** Truth = valid, mask = train. */
        VALID,
        /** Truth = test, mask = train and valid. */
        TEST,
        /** Truth = test, nothing masked (RecBole's full sort for sequential models: UniSRec, MISSRec). */
        TEST_UNMASKED,
        /** Truth = the test items that are cold items of the split, mask = train and valid. */
        TEST_COLD
    }

    private final DataSplit split;
    /** The test interactions on cold items (null: the split has no cold items). */
    private final InteractionMatrix coldTest;
    private final List<Metric> metrics;
    private final int[] ks;
    private final int threads;
    private final int numUsers;
    private final int numItems;
    private final int maxK;
    /** {@code discount[r] = 1 / log2(r + 2)}: the DCG gain of a hit at 0-based rank r. */
    private final double[] discount;
    /** {@code idcg[n]} = DCG of n hits at ranks 1..n. */
    private final double[] idcg;

    /**
     * @param split   train/valid/test over one user and item id space
     * @param metrics what to compute, in reporting order (non-empty, no duplicates)
     * @param ks      cut-offs, each {@code >= 1}; sorted and de-duplicated here (the array is copied)
     * @param threads worker threads, {@code >= 1}
     */
    public FullRankingEvaluator(DataSplit split, List<Metric> metrics, int[] ks, int threads) {
        this.split = Objects.requireNonNull(split, "split");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(ks, "ks");
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metrics to evaluate");
        }
        for (int i = 0; i < metrics.size(); i++) {
            if (metrics.indexOf(Objects.requireNonNull(metrics.get(i), "metric")) != i) {
                throw new IllegalArgumentException("metric " + metrics.get(i).label() + " is listed twice");
            }
        }
        if (ks.length == 0) {
            throw new IllegalArgumentException("no cut-off K to evaluate at");
        }
        int[] sorted = ks.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 1) {
            throw new IllegalArgumentException("every K must be >= 1, got " + Arrays.toString(ks));
        }
        int w = 0;
        for (int k : sorted) {
            if (w == 0 || sorted[w - 1] != k) {
                sorted[w++] = k;
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        InteractionMatrix train = split.train();
        for (InteractionMatrix m : new InteractionMatrix[] {split.valid(), split.test()}) {
            if (m.numUsers() != train.numUsers() || m.numItems() != train.numItems()) {
                throw new IllegalArgumentException("split parts differ in shape: train " + train.numUsers() + "x" + train.numItems()
                        + ", valid " + split.valid().numUsers() + "x" + split.valid().numItems()
                        + ", test " + split.test().numUsers() + "x" + split.test().numItems());
            }
        }
        this.coldTest = split.coldItems().length == 0 ? null : coldTest(split);
        this.metrics = List.copyOf(metrics);
        this.ks = Arrays.copyOf(sorted, w);
        this.threads = threads;
        this.numUsers = train.numUsers();
        this.numItems = train.numItems();
        this.maxK = this.ks[w - 1];
        this.discount = new double[maxK];
        this.idcg = new double[maxK + 1];
        for (int r = 0; r < maxK; r++) {
            discount[r] = Math.log(2) / Math.log(r + 2);
            idcg[r + 1] = idcg[r] + discount[r];
        }
    }

    /** The cut-offs, ascending and distinct (a copy). */
    public int[] ks() {
        return ks.clone();
    }

    /** The metrics in reporting order. */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * Scores every item for every user with a non-empty ground truth and averages the metrics.
     * With no such user the result holds {@code NaN} values and {@code users() == 0}. An item the
     * model scores {@code -infinity} is never ranked: a model that returns a candidate list
     * (serving channels) scores the rest {@code -infinity}, and a list shorter than k counts as such.
     *
     * @param progress receives {@code start(task, users)}, {@code step(n)} per finished block (from
     *                 worker threads) and {@code done()}, also when evaluation fails
     * @throws IllegalStateException when the model leaves a score NaN (or unwritten), naming the user and item
     */
    public EvaluationResult evaluate(Model model, Target target, Progress progress) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(progress, "progress");
        if (target == Target.TEST_COLD && coldTest == null) {
            throw new IllegalStateException("the split has no cold items to evaluate (cold_items in the run config)");
        }
        InteractionMatrix truth = switch (target) {
            case VALID -> split.valid();
            case TEST, TEST_UNMASKED -> split.test();
            case TEST_COLD -> coldTest;
        };
        InteractionMatrix[] masks = switch (target) {
            case VALID -> new InteractionMatrix[] {split.train()};
            case TEST, TEST_COLD -> new InteractionMatrix[] {split.train(), split.valid()};
            case TEST_UNMASKED -> new InteractionMatrix[0];
        };

        int[] users = usersWithTruth(truth);
        int blockUsers = blockUsers(numItems);
        int numBlocks = (users.length + blockUsers - 1) / blockUsers;
        double[][] blockSums = new double[numBlocks][];
        long startNanos = System.nanoTime();
        progress.start("evaluate " + target.name().toLowerCase(Locale.ROOT), users.length);
        int[] minRank;
        try {
            minRank = run(model, truth, masks, users, blockUsers, blockSums, progress);
        } finally {
            progress.done();
        }

        double[] values = average(blockSums, users.length, minRank);
        EvaluationResult result = new EvaluationResult(metrics, ks, values, users.length);
        if (users.length == 0) {
            LOG.warn("no user has {} items; every metric is NaN", target.name().toLowerCase(Locale.ROOT));
        }
        LOG.debug("evaluated {} users on {} in {} ms: {}", users.length, target, (System.nanoTime() - startNanos) / 1_000_000, result);
        return result;
    }

    /** Whether the split has cold items ({@link Target#TEST_COLD} can be evaluated). */
    public boolean hasColdItems() {
        return coldTest != null;
    }

    /** Number of test interactions on cold items (0 without cold items). */
    public int coldTestInteractions() {
        return coldTest == null ? 0 : coldTest.nnz();
    }

    /** The test interactions on the split's cold items ({@code coldItems} is ascending). */
    private static InteractionMatrix coldTest(DataSplit split) {
        int[] cold = split.coldItems();
        return split.test().filterItems(i -> Arrays.binarySearch(cold, i) >= 0);
    }

    static int blockUsers(int numItems) {
        return (int) Math.max(1, Math.min(MAX_BLOCK_USERS, MAX_BLOCK_FLOATS / Math.max(1, numItems)));
    }

    private static int[] usersWithTruth(InteractionMatrix truth) {
        int n = 0;
        for (int u = 0; u < truth.numUsers(); u++) {
            if (truth.count(u) > 0) {
                n++;
            }
        }
        int[] users = new int[n];
        int w = 0;
        for (int u = 0; u < truth.numUsers(); u++) {
            if (truth.count(u) > 0) {
                users[w++] = u;
            }
        }
        return users;
    }

    /** Runs the workers; returns the minimum 0-based rank at which each item was recommended. */
    private int[] run(Model model, InteractionMatrix truth, InteractionMatrix[] masks, int[] users, int blockUsers,
            double[][] blockSums, Progress progress) {
        int numBlocks = blockSums.length;
        AtomicInteger nextBlock = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        int workers = Math.max(1, Math.min(threads, numBlocks));
        List<Worker> all = new ArrayList<>(workers);
        for (int t = 0; t < workers; t++) {
            all.add(new Worker(model, truth, masks, users, blockUsers, blockSums, nextBlock, failed, progress));
        }
        if (workers == 1) {
            // no pool: simpler stack traces and no thread start-up for small evaluations
            all.get(0).run();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(workers, daemonThreads());
            try {
                List<Future<?>> futures = new ArrayList<>(workers);
                for (Worker worker : all) {
                    futures.add(pool.submit(worker));
                }
                RuntimeException firstFailure = null;
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        if (firstFailure == null) {
                            firstFailure = asRuntime(e.getCause());
                        }
                    } catch (InterruptedException e) {
                        failed.set(true);
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while evaluating", e);
                    }
                }
                if (firstFailure != null) {
                    throw firstFailure;
                }
            } finally {
                pool.shutdownNow();
            }
        }
        int[] minRank = all.get(0).minRank;
        for (int t = 1; t < workers; t++) {
            int[] other = all.get(t).minRank;
            for (int i = 0; i < numItems; i++) {
                minRank[i] = Math.min(minRank[i], other[i]);
            }
        }
        return minRank;
    }

    private static RuntimeException asRuntime(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException("evaluation failed: " + t, t);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "mic-eval-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Block sums in block order, divided by the user count; coverage from the merged ranks. */
    private double[] average(double[][] blockSums, int users, int[] minRank) {
        int slots = metrics.size() * ks.length;
        double[] values = new double[slots];
        for (double[] sums : blockSums) {
            for (int s = 0; s < slots; s++) {
                values[s] += sums[s];
            }
        }
        for (int m = 0; m < metrics.size(); m++) {
            for (int k = 0; k < ks.length; k++) {
                int s = m * ks.length + k;
                if (users == 0) {
                    values[s] = Double.NaN;
                } else if (metrics.get(m) == Metric.COVERAGE) {
                    int covered = 0;
                    for (int i = 0; i < numItems; i++) {
                        if (minRank[i] < ks[k]) {
                            covered++;
                        }
                    }
                    values[s] = numItems == 0 ? 0.0 : (double) covered / numItems;
                } else {
                    values[s] /= users;
                }
            }
        }
        return values;
    }

    /** One evaluation thread: claims blocks until none are left; owns all its scratch arrays. */
    private final class Worker implements Runnable {
        private final Model model;
        private final InteractionMatrix truth;
        private final InteractionMatrix[] masks;
        private final int[] users;
        private final int blockUsers;
        private final double[][] blockSums;
        private final AtomicInteger nextBlock;
        private final AtomicBoolean failed;
        private final Progress progress;

        // Stamps hold (user + 1) for the user being ranked, so they never need clearing.
        private final int[] maskStamp = new int[numItems];
        private final int[] truthStamp = new int[numItems];
        private final TopK best = new TopK(maxK);
        private final int[] ranked = new int[maxK];
        final int[] minRank = new int[numItems];
        private float[] scores;

        Worker(Model model, InteractionMatrix truth, InteractionMatrix[] masks, int[] users, int blockUsers, double[][] blockSums,
                AtomicInteger nextBlock, AtomicBoolean failed, Progress progress) {
            this.model = model;
            this.truth = truth;
            this.masks = masks;
            this.users = users;
            this.blockUsers = blockUsers;
            this.blockSums = blockSums;
            this.nextBlock = nextBlock;
            this.failed = failed;
            this.progress = progress;
            Arrays.fill(minRank, Integer.MAX_VALUE);
        }

        @Override
        public void run() {
            try {
                int b;
                while (!failed.get() && (b = nextBlock.getAndIncrement()) < blockSums.length) {
                    int from = b * blockUsers;
                    int to = Math.min(users.length, from + blockUsers);
                    blockSums[b] = evaluateBlock(Arrays.copyOfRange(users, from, to));
                    progress.step(to - from);
                }
            } catch (RuntimeException | Error e) {
                failed.set(true);
                throw e;
            }
        }

        private double[] evaluateBlock(int[] block) {
            int n = block.length;
            // the batched score contract is exactly users.length x numItems
            float[] out = scores != null && scores.length == n * numItems ? scores : new float[n * numItems];
            if (n == blockUsers) {
                scores = out;
            }
            // NaN pre-fill: an entry the model forgot to write is then caught like a NaN it wrote
            Arrays.fill(out, Float.NaN);
            model.score(block, out, numItems);
            double[] sums = new double[metrics.size() * ks.length];
            for (int j = 0; j < n; j++) {
                evaluateUser(block[j], out, j * numItems, sums);
            }
            return sums;
        }

        private void evaluateUser(int user, float[] out, int base, double[] sums) {
            int tag = user + 1;
            for (InteractionMatrix mask : masks) {
                int[] items = mask.items();
                for (int p = mask.start(user), e = mask.end(user); p < e; p++) {
                    maskStamp[items[p]] = tag;
                }
            }
            int nTruth = 0;
            int[] truthItems = truth.items();
            for (int p = truth.start(user), e = truth.end(user); p < e; p++) {
                int item = truthItems[p];
                if (truthStamp[item] != tag) {
                    truthStamp[item] = tag;
                    nTruth++;
                }
                // RecBole masks "used minus positive": a ground-truth item stays rankable
                maskStamp[item] = 0;
            }

            select(user, out, base, tag);
            int size = best.drainBestFirst(ranked, null);

            int hits = 0;
            double dcg = 0;
            int firstHit = 0;
            int ki = 0;
            for (int r = 0; r < maxK && ki < ks.length; r++) {
                if (r < size) {
                    int item = ranked[r];
                    if (r < minRank[item]) {
                        minRank[item] = r;
                    }
                    if (truthStamp[item] == tag) {
                        hits++;
                        dcg += discount[r];
                        if (firstHit == 0) {
                            firstHit = r + 1;
                        }
                    }
                }
                while (ki < ks.length && ks[ki] == r + 1) {
                    accumulate(sums, ki, hits, dcg, firstHit, nTruth);
                    ki++;
                }
            }
        }

        /** Bounded selection of the best maxK unmasked items (ties go to the lower item id). */
        private void select(int user, float[] out, int base, int tag) {
            best.reset(maxK);
            for (int i = 0; i < numItems; i++) {
                float s = out[base + i];
                if (s != s) {
                    throw nanScore(user, i);
                }
                // -infinity = "not in the model's list": a truncated candidate list (serving channels)
                // ranks only its own items, never filler ties that could hit the truth by id order
                if (maskStamp[i] != tag && s != Float.NEGATIVE_INFINITY) {
                    best.offer(i, s);
                }
            }
        }

        private void accumulate(double[] sums, int ki, int hits, double dcg, int firstHit, int nTruth) {
            int k = ks[ki];
            for (int m = 0; m < metrics.size(); m++) {
                double v;
                switch (metrics.get(m)) {
                    case RECALL:
                        v = (double) hits / nTruth;
                        break;
                    case NDCG:
                        v = dcg / idcg[Math.min(nTruth, k)];
                        break;
                    case HIT:
                        v = hits > 0 ? 1.0 : 0.0;
                        break;
                    case MRR:
                        v = firstHit > 0 ? 1.0 / firstHit : 0.0;
                        break;
                    case PRECISION:
                        v = (double) hits / k;
                        break;
                    case COVERAGE:
                        // a property of the union of lists, computed after all users
                        continue;
                    default:
                        throw new AssertionError(metrics.get(m));
                }
                sums[m * ks.length + ki] += v;
            }
        }

        private IllegalStateException nanScore(int user, int item) {
            return new IllegalStateException("model scored NaN (or left the score unwritten) for user " + user
                    + external(split.dataset().users(), user) + ", item " + item + external(split.dataset().items(), item)
                    + "; a model must give every item a number (-Infinity ranks an item last)");
        }
    }

    private static String external(IdMap ids, int id) {
        return id < ids.size() ? " (external id '" + ids.external(id) + "')" : "";
    }
}
