package io.mic.retrieval.serve;

import io.mic.core.config.LoadedConfig;
import io.mic.core.config.proto.RetrievalConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a {@link Recommender} is assembled: the artifact directory ({@link ServingArtifacts}) and
 * the plugins of the serving path. Quotas are channel parameters: {@code u2i} {@code k1};
 * {@code i2i} {@code m}, {@code m3}, {@code k2}; {@code u2u} {@code m1}, {@code m2}, {@code k3}.
 *
 * @param artifacts    directory written by {@code mic index} (holds {@code serving.pb})
 * @param index        item index plugin, or null for the plugin the artifacts were built with; its
 *                     {@code path} is set to the artifacts' saved index
 * @param store        neighbour store; {@code memory} without {@code path} serves the artifacts' tables
 * @param channels     recall channels in channel-number order
 * @param rerank       reranker, resolved by name through the plugin registry
 * @param maxN         largest {@code n} a caller may ask for
 * @param timeoutMs    deadline for the store-backed channels of one call; past it the call
 *                     answers with the channels that finished (degraded)
 * @param storeThreads threads that run store-backed channels (bounded; a full queue degrades)
 * @param verify       check every artifact's SHA-256 at start-up
 */
public record RecommenderSettings(Path artifacts, PluginRef index, PluginRef store, List<PluginRef> channels, PluginRef rerank,
        int maxN, int timeoutMs, int storeThreads, boolean verify) {
    /** Default deadline of the store-backed channels of one call. */
    public static final int DEFAULT_TIMEOUT_MS = 250;

    public RecommenderSettings {
        channels = List.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one channel is required");
        }
        if (maxN < 1 || timeoutMs < 1 || storeThreads < 1) {
            throw new IllegalArgumentException("maxN, timeoutMs and storeThreads must be >= 1: " + maxN + ", " + timeoutMs + ", "
                    + storeThreads);
        }
    }

    /** The default serving path over {@code artifacts}: the artifacts' index plugin, memory store, u2i/i2i/u2u (K1 = K2 = K3 = 100), mic-unified. */
    public static RecommenderSettings defaults(Path artifacts) {
        return new RecommenderSettings(artifacts, null, PluginRef.of("memory"),
                List.of(PluginRef.of("u2i"), PluginRef.of("i2i"), PluginRef.of("u2u")), PluginRef.of("mic-unified"), 1000,
                DEFAULT_TIMEOUT_MS, 4, true);
    }

    /**
     * The config's {@code retrieval} section over the defaults: {@code index}, {@code store},
     * {@code channel} (all replace the defaults when given), {@code rerank}. Plugin names and
     * parameters are checked when the Recommender is built, errors naming {@code file:line}.
     */
    public static RecommenderSettings fromConfig(LoadedConfig lc, Path artifacts) {
        RecommenderSettings d = defaults(artifacts);
        RetrievalConfig r = lc.config().getRetrieval();
        PluginRef index = r.hasIndex() ? PluginRef.from(lc, "retrieval.index", r.getIndex().getName(), r.getIndex()) : d.index();
        PluginRef store = r.hasStore() ? PluginRef.from(lc, "retrieval.store", r.getStore().getName(), r.getStore()) : d.store();
        List<PluginRef> channels = new ArrayList<>();
        for (int i = 0; i < r.getChannelCount(); i++) {
            channels.add(PluginRef.from(lc, "retrieval.channel[" + i + "]", r.getChannel(i).getName(), r.getChannel(i)));
        }
        PluginRef rerank = r.hasRerank() ? PluginRef.from(lc, "retrieval.rerank", r.getRerank().getName(), r.getRerank()) : d.rerank();
        return new RecommenderSettings(artifacts, index, store, channels.isEmpty() ? d.channels() : channels, rerank, d.maxN(),
                d.timeoutMs(), d.storeThreads(), d.verify());
    }

    /** The same serving path over another artifacts directory (a new version from {@code mic index}). */
    public RecommenderSettings withArtifacts(Path a) {
        return new RecommenderSettings(a, index, store, channels, rerank, maxN, timeoutMs, storeThreads, verify);
    }

    public RecommenderSettings withStore(PluginRef s) {
        return new RecommenderSettings(artifacts, index, s, channels, rerank, maxN, timeoutMs, storeThreads, verify);
    }

    /** The store {@code redis} at {@code uri} with the given read timeout. */
    public RecommenderSettings withRedis(String uri, int readTimeoutMs) {
        return withStore(PluginRef.of("redis", Map.of("uri", uri, "timeout-ms", Integer.toString(readTimeoutMs),
                "connect-timeout-ms", Integer.toString(readTimeoutMs))));
    }

    public RecommenderSettings withChannels(List<PluginRef> c) {
        return new RecommenderSettings(artifacts, index, store, c, rerank, maxN, timeoutMs, storeThreads, verify);
    }

    public RecommenderSettings withRerank(PluginRef r) {
        return new RecommenderSettings(artifacts, index, store, channels, r, maxN, timeoutMs, storeThreads, verify);
    }

    public RecommenderSettings withIndex(PluginRef i) {
        return new RecommenderSettings(artifacts, i, store, channels, rerank, maxN, timeoutMs, storeThreads, verify);
    }

    public RecommenderSettings withTimeoutMs(int ms) {
        return new RecommenderSettings(artifacts, index, store, channels, rerank, maxN, ms, storeThreads, verify);
    }

    public RecommenderSettings withVerify(boolean v) {
        return new RecommenderSettings(artifacts, index, store, channels, rerank, maxN, timeoutMs, storeThreads, v);
    }
}
