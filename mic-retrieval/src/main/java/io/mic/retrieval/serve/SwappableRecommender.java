package io.mic.retrieval.serve;

import io.mic.core.registry.PluginRegistry;
import io.mic.spi.MetricsSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Recommender} whose artifacts can be replaced by a new version while it serves
 * ({@link #swap}): the new version is opened and checked completely first (a broken one is
 * refused and the current one keeps serving), then one atomic switch sends every new call to it,
 * and the old version is closed when the last call that started on it has returned. A call never
 * sees a mix of two versions (index, vectors, tables and ids all come from one) and never fails
 * because of a swap.
 *
 * <p>With the {@code redis} store, publish the new version's tables first
 * ({@link Recommenders#publishIfAbsent}); the Redis switch and this one are separate steps.
 *
 * <p>Thread-safe; swaps are serialised.
 */
public final class SwappableRecommender implements Recommender {
    private static final Logger LOG = LoggerFactory.getLogger(SwappableRecommender.class);

    /** One opened version and the calls running on it (+1 while it is the current one). */
    private static final class Version {
        final Recommender recommender;
        final Path artifacts;
        final AtomicInteger holders = new AtomicInteger(1);

        Version(Recommender recommender, Path artifacts) {
            this.recommender = recommender;
            this.artifacts = artifacts;
        }

        boolean acquire() {
            while (true) {
                int h = holders.get();
                if (h == 0) {
                    return false; // closed: the caller rereads the current version
                }
                if (holders.compareAndSet(h, h + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (holders.decrementAndGet() == 0) {
                recommender.close();
                LOG.info("closed serving artifacts {}", artifacts);
            }
        }
    }

    private final RecommenderSettings settings;
    private final PluginRegistry registry;
    private final MetricsSink metrics;
    private final AtomicReference<Version> current = new AtomicReference<>();
    private volatile boolean closed;

    private SwappableRecommender(RecommenderSettings settings, PluginRegistry registry, MetricsSink metrics) {
        this.settings = settings;
        this.registry = registry;
        this.metrics = metrics;
    }

    /** Opens {@code settings.artifacts()} as the first version (errors as {@link Recommenders#open}). */
    public static SwappableRecommender open(RecommenderSettings settings, PluginRegistry registry, MetricsSink metrics) {
        SwappableRecommender r = new SwappableRecommender(settings, registry, metrics);
        r.current.set(new Version(Recommenders.open(settings, registry, metrics), settings.artifacts()));
        return r;
    }

    /**
     * Opens {@code artifacts} with the same settings and, if that succeeds, makes it the version new
     * calls use. Users and items may differ between versions (a user unknown to the new version gets
     * {@link UnknownUserException} from then on).
     *
     * @throws java.io.UncheckedIOException, IllegalStateException or a config error as
     *         {@link Recommenders#open} does; the current version is then unchanged
     * @throws IllegalStateException after {@link #close}
     */
    public synchronized void swap(Path artifacts) {
        if (closed) {
            throw new IllegalStateException("recommender is closed");
        }
        Recommender next = Recommenders.open(settings.withArtifacts(artifacts), registry, metrics);
        Version old = current.getAndSet(new Version(next, artifacts));
        LOG.info("serving artifacts {} (was {})", artifacts, old.artifacts);
        old.release();
    }

    /** What to do before a watched reload swaps (e.g. publish the new tables to Redis). */
    @FunctionalInterface
    public interface BeforeSwap {
        void run(Path artifacts) throws Exception;
    }

    /**
     * Watches {@code artifacts}: every {@code period} it reads the serving manifest and, when its
     * bytes differ from the version being served (a new {@code mic index} into the same directory),
     * runs {@code beforeSwap} and {@link #swap}s to it. A version that fails to open is logged and
     * skipped until the manifest changes again; a missing manifest (a replacement in progress) is
     * looked at again next time. Close the returned handle to stop watching.
     */
    public AutoCloseable reloadOnChange(Path artifacts, Duration period, BeforeSwap beforeSwap) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mic-recommender-reload");
            t.setDaemon(true);
            return t;
        });
        byte[][] live = {manifestBytes(artifacts)};
        long ms = Math.max(1, period.toMillis());
        ex.scheduleWithFixedDelay(() -> {
            byte[] now = manifestBytes(artifacts);
            if (now == null || Arrays.equals(now, live[0]) || closed) {
                return;
            }
            live[0] = now; // a version that fails is retried only when it changes again
            try {
                beforeSwap.run(artifacts);
                swap(artifacts);
            } catch (Exception | LinkageError e) {
                LOG.warn("new serving artifacts in {} not loaded, still serving the previous version: {}", artifacts, e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return ex::shutdownNow;
    }

    private static byte[] manifestBytes(Path dir) {
        try {
            return Files.readAllBytes(dir.resolve(ServingArtifacts.MANIFEST));
        } catch (IOException e) {
            return null;
        }
    }

    /** The artifacts directory new calls are served from. */
    public Path artifacts() {
        return current.get().artifacts;
    }

    private Version acquire() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("recommender is closed");
            }
            Version v = current.get();
            if (v.acquire()) {
                return v;
            }
        }
    }

    @Override
    public Recommendation recommend(String userId, int n) {
        Version v = acquire();
        try {
            return v.recommender.recommend(userId, n);
        } finally {
            v.release();
        }
    }

    @Override
    public Recommendation recommend(int user, int n) {
        Version v = acquire();
        try {
            return v.recommender.recommend(user, n);
        } finally {
            v.release();
        }
    }

    @Override
    public List<String> channels() {
        return current.get().recommender.channels();
    }

    @Override
    public int numUsers() {
        return current.get().recommender.numUsers();
    }

    @Override
    public int numItems() {
        return current.get().recommender.numItems();
    }

    @Override
    public List<String> problems() {
        Version v = acquire();
        try {
            return v.recommender.problems();
        } finally {
            v.release();
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            current.get().release();
        }
    }
}
