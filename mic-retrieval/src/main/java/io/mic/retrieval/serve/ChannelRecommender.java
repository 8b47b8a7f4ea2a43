package io.mic.retrieval.serve;

import io.mic.core.data.IdMap;
import io.mic.spi.Candidates;
import io.mic.spi.ItemCatalog;
import io.mic.spi.NeighborStore;
import io.mic.spi.Query;
import io.mic.spi.Reranker;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Recommender} of {@link Recommenders#open}: channels that need only local state run on
 * the caller's thread; channels that read a remote store run on a bounded pool with one deadline
 * per call, each into its own buffer, and are merged when they make it in time.
 */
final class ChannelRecommender implements Recommender {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRecommender.class);

    private final Vectors users;
    private final IdMap userIds;
    private final List<String> itemIds;
    private final NeighborStore seen;
    private final RetrievalChannel[] channels;
    private final boolean[] inline;
    private final String[] labels;
    private final Reranker reranker;
    private final ExecutorService pool;
    private final long timeoutNanos;
    private final int maxN;
    private final int capacity;
    private final List<AutoCloseable> resources;
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final io.mic.retrieval.store.StoreHealth storeHealth;

    ChannelRecommender(Vectors users, IdMap userIds, List<String> itemIds, NeighborStore seen, RetrievalChannel[] channels,
            boolean[] inline, Reranker reranker, ExecutorService pool, int timeoutMs, int maxN, List<AutoCloseable> resources,
            NeighborStore store) {
        this.storeHealth = store instanceof io.mic.retrieval.store.StoreHealth h ? h : null;
        this.users = users;
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.seen = seen;
        this.channels = channels;
        this.inline = inline;
        this.reranker = reranker;
        this.pool = pool;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.maxN = maxN;
        this.resources = resources;
        this.labels = new String[channels.length];
        int cap = 0;
        for (int i = 0; i < channels.length; i++) {
            labels[i] = channels[i].label();
            cap += channels[i].quota();
        }
        this.capacity = cap;
    }

    @Override
    public Recommendation recommend(String userId, int n) {
        int u = userIds.get(userId);
        if (u < 0) {
            throw new UnknownUserException("unknown user '" + userId + "' (the serving artifacts know " + userIds.size() + " users)");
        }
        return recommend(u, n);
    }

    @Override
    public Recommendation recommend(int user, int n) {
        if (user < 0 || user >= userIds.size()) {
            throw new UnknownUserException("user index " + user + " not in [0, " + userIds.size() + ")");
        }
        if (n < 1 || n > maxN) {
            throw new IllegalArgumentException("n must be in [1, " + maxN + "], got " + n);
        }
        int k = users.interests();
        float[] uv = Arrays.copyOfRange(users.values(), user * k * users.dim(), (user + 1) * k * users.dim());
        int[] exclude = seen.recentItems(user, Integer.MAX_VALUE).clone();
        Arrays.sort(exclude);
        Query q = new Query(user, uv, k, exclude, n);
        Candidates merged = new Candidates(capacity + 16);
        List<String> failed = new ArrayList<>(0);
        @SuppressWarnings("unchecked")
        Future<Candidates>[] pending = new Future[channels.length];
        Throwable cause = null;
        for (int c = 0; c < channels.length; c++) {
            if (inline[c]) {
                continue;
            }
            int ch = c;
            try {
                pending[c] = pool.submit(() -> {
                    Candidates own = new Candidates(channels[ch].quota() + 16);
                    channels[ch].retrieve(q, ch, own);
                    return own;
                });
            } catch (RejectedExecutionException e) {
                failed.add(labels[c]);
                cause = e;
            }
        }
        for (int c = 0; c < channels.length; c++) {
            if (inline[c]) {
                try {
                    channels[c].retrieve(q, c, merged);
                } catch (NeighborStore.StoreUnavailableException e) {
                    failed.add(labels[c]);
                    cause = e;
                }
            }
        }
        long deadline = System.nanoTime() + timeoutNanos;
        for (int c = 0; c < channels.length; c++) {
            Future<Candidates> f = pending[c];
            if (f == null) {
                continue;
            }
            try {
                Candidates own = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                for (int j = 0; j < own.size(); j++) {
                    merged.add(own.item(j), c, own.channelScore(j, c));
                }
            } catch (TimeoutException e) {
                f.cancel(true);
                failed.add(labels[c]);
                cause = new TimeoutException(labels[c] + " took longer than " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            } catch (ExecutionException e) {
                failed.add(labels[c]);
                cause = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                failed.add(labels[c]);
                cause = e;
            }
        }
        trackOutage(failed, cause);
        Candidates out = new Candidates(n);
        reranker.rerank(q, merged, out);
        List<Recommendation.Item> items = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Map<String, Float> prov = new LinkedHashMap<>();
            for (int c = 0; c < channels.length; c++) {
                if ((out.channels(i) & (1 << c)) != 0) {
                    prov.put(labels[c], out.channelScore(i, c));
                }
            }
            int item = out.item(i);
            items.add(new Recommendation.Item(itemIds.get(item), item, out.score(i), prov));
        }
        return new Recommendation(userIds.external(user), items, !failed.isEmpty(), failed);
    }

    private void trackOutage(List<String> failed, Throwable cause) {
        if (!failed.isEmpty()) {
            if (degraded.compareAndSet(false, true)) {
                LOG.warn("recommender degraded: channels {} unavailable ({}); serving the others until they return", failed,
                        cause == null ? "?" : cause.toString());
            }
        } else if (degraded.compareAndSet(true, false)) {
            LOG.info("recommender recovered: all channels {} answering again", Arrays.toString(labels));
        }
    }

    @Override
    public List<String> channels() {
        return List.of(labels);
    }

    @Override
    public int numUsers() {
        return userIds.size();
    }

    @Override
    public int numItems() {
        return itemIds.size();
    }

    @Override
    public List<String> problems() {
        String p = storeHealth == null ? null : storeHealth.problem();
        return p == null ? List.of() : List.of(p);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        closeChannels(channels);
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", r, e.toString());
            }
        }
    }

    /**
     * Closes every channel, in order; a channel whose close throws is logged (its label, number and the error) and
     * the others are still closed.
     */
    static void closeChannels(RetrievalChannel[] channels) {
        for (int i = 0; i < channels.length; i++) {
            if (channels[i] == null) {
                continue;
            }
            try {
                channels[i].close();
            } catch (RuntimeException e) {
                LOG.warn("closing channel {} ({}) failed: {}", i, channels[i].label(), e.toString(), e);
            }
        }
    }

    /** Categories as the unified reranker's diversity term reads them. */
    record Catalog(int[] categories) implements ItemCatalog {
        @Override
        public int numItems() {
            return categories.length;
        }

        @Override
        public int category(int item) {
            return categories[item];
        }
    }
}
