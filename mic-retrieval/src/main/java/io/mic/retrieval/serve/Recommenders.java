package io.mic.retrieval.serve;

import io.mic.core.data.IdMap;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.retrieval.store.MemoryNeighborStore;
import io.mic.retrieval.store.RedisTableLoader;
import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableFiles;
import io.mic.spi.ItemCatalog;
import io.mic.spi.MetricsSink;
import io.mic.spi.NeighborStore;
import io.mic.spi.Reranker;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.Schema;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds a {@link Recommender} from settings and a plugin registry (what {@link RecommenderModule} provides). */
public final class Recommenders {
    /** Tables above this size are memory-mapped rather than read onto the heap. */
    static final long MAP_ABOVE_BYTES = 256L << 20;

    private Recommenders() {
    }

    /**
     * Opens the artifacts, creates the index, store, channels and reranker by name through
     * {@code registry} (parameters checked strictly), and checks that they fit together.
     *
     * @throws UncheckedIOException naming the artifact file that is missing or corrupt
     * @throws io.mic.spi.ConfigException naming the plugin parameter that is wrong
     * @throws IllegalStateException when the saved index does not match the vectors (size, dim)
     */
    public static Recommender open(RecommenderSettings s, PluginRegistry registry, MetricsSink metrics) {
        List<AutoCloseable> resources = new ArrayList<>();
        RetrievalChannel[] channels = new RetrievalChannel[s.channels().size()];
        try {
            ServingArtifacts art = ServingArtifacts.open(s.artifacts(), s.verify());
            Vectors users = art.vectors().vectors("users");
            Vectors items = art.vectors().vectors("items");
            IdMap userIds = art.vectors().ids("users");
            List<String> itemIds = art.vectors().externalIds("items");
            MemoryNeighborStore local = new MemoryNeighborStore(art.tablesDir(), MAP_ABOVE_BYTES, s.verify());
            NeighborTables tables = local.tables();
            if (tables.users() != users.entities() || tables.items() != items.rows()) {
                throw new IllegalStateException(art.tablesDir() + ": tables for " + tables.users() + " users, " + tables.items()
                        + " items; the vectors have " + users.entities() + " and " + items.rows());
            }
            ItemCatalog catalog = new ChannelRecommender.Catalog(art.categories());
            SeededPluginContext ctx = SeededPluginContext.of(Schema.of(users.entities(), items.rows()), 0L, metrics);
            String built = art.manifest().getIndex();
            PluginRef indexRef = (s.index() != null ? s.index() : PluginRef.of(built.contains("/") ? built.substring(0, built.indexOf('/')) : built))
                    .with("path", art.indexDir().toString());
            VectorIndex index = registry.create(PluginKind.VECTOR_INDEX, indexRef.config(), ctx.scoped("index"), where(indexRef));
            if (index.size() != items.rows() || index.dim() != users.dim()) {
                throw new IllegalStateException(art.indexDir() + ": index of " + index.size() + " x dim " + index.dim()
                        + ", but the artifacts have " + items.rows() + " items and user vectors of dim " + users.dim());
            }
            ctx = ctx.withEngineResource(NeighborTables.class, tables);
            boolean remote = !(s.store().name().equals("memory"));
            NeighborStore store = registry.create(PluginKind.NEIGHBOR_STORE, s.store().config(), ctx.scoped("store"), where(s.store()));
            resources.add(store);
            ctx = ctx.withItemIndex(index).withNeighborStore(store).withCatalog(catalog).withUserVectors(users).withItemVectors(items);
            boolean[] inline = new boolean[channels.length];
            for (int i = 0; i < channels.length; i++) {
                PluginRef c = s.channels().get(i);
                channels[i] = registry.create(PluginKind.RETRIEVAL_CHANNEL, c.config(), ctx.scoped("channel" + i), where(c));
                inline[i] = !remote || c.name().equals("u2i");
            }
            Reranker reranker = registry.create(PluginKind.RERANKER, s.rerank().config(), ctx.scoped("rerank"), where(s.rerank()));
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(s.storeThreads(), s.storeThreads(), 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(s.storeThreads() * 64), r -> {
                        Thread t = new Thread(r, "mic-recommender-store-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            return new ChannelRecommender(users, userIds, itemIds, local, channels, inline, reranker, pool, s.timeoutMs(), s.maxN(),
                    resources, store);
        } catch (IOException e) {
            ChannelRecommender.closeChannels(channels);
            closeAll(resources);
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            ChannelRecommender.closeChannels(channels);
            closeAll(resources);
            throw e;
        }
    }

    /**
     * Bulk-loads the artifacts' serving tables into Redis under {@code prefix} unless that version
     * is already live there (the {@link RedisTableLoader} protocol: load, atomic switch, drop older).
     *
     * @return true when it loaded, false when the version was already live
     * @throws redis.clients.jedis.exceptions.JedisException when Redis cannot be reached
     */
    public static boolean publishIfAbsent(Path artifacts, URI uri, String prefix) throws IOException {
        ServingArtifacts art = ServingArtifacts.open(artifacts, false);
        NeighborTables t = TableFiles.open(art.tablesDir(), MAP_ABOVE_BYTES, true);
        RedisTableLoader loader = new RedisTableLoader(uri, prefix);
        if (loader.liveVersion() == t.version()) {
            return false;
        }
        loader.publish(t);
        return true;
    }

    private static String where(PluginRef r) {
        return r.origin().isEmpty() ? "recommender settings" : r.origin();
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // already failing; the first error is the one to report
            }
        }
    }
}
