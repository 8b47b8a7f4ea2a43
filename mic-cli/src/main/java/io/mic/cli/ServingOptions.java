package io.mic.cli;

import io.mic.core.registry.PluginRegistry;
import io.mic.retrieval.serve.Recommender;
import io.mic.retrieval.serve.RecommenderSettings;
import io.mic.retrieval.serve.Recommenders;
import io.mic.retrieval.serve.SwappableRecommender;
import io.mic.spi.MetricsSink;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that serve a run's artifacts ({@code recommend --run}, {@code serve}). */
final class ServingOptions {
    @Option(names = "--store", paramLabel = "URI", description = "Neighbour store: redis://host:port (tables are bulk-loaded when "
            + "their version is not there yet); default: the embedded store.")
    String store;

    @Option(names = "--store-prefix", defaultValue = "mic", paramLabel = "P", description = "Redis key prefix (default mic).")
    String prefix;

    @Option(names = "--timeout-ms", defaultValue = "250", paramLabel = "MS",
            description = "Deadline of the store-backed channels per call; past it the answer is degraded (default 250).")
    int timeoutMs;

    @Option(names = "--rerank", paramLabel = "NAME", description = "Reranker plugin (built in, in ./plugins or on --plugin-path), "
            + "replacing the run config's retrieval { rerank { ... } }.")
    String rerank;

    @Option(names = "--rerank-param", paramLabel = "KEY=VALUE", description = "A parameter of the --rerank plugin (repeatable); "
            + "checked strictly like a config's params.")
    java.util.Map<String, String> rerankParams = new java.util.LinkedHashMap<>();

    /** Opens the Recommender of {@code label} in {@code run} with the run config's retrieval section. */
    Recommender open(RunDirectory run, String label, PluginRegistry registry) throws Exception {
        RecommenderSettings s = settings(run, label);
        try {
            return Recommenders.open(s, registry, MetricsSink.NOOP);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The same as a {@link SwappableRecommender}, for servers that reload new artifact versions. */
    SwappableRecommender openSwappable(RunDirectory run, String label, PluginRegistry registry) throws Exception {
        RecommenderSettings s = settings(run, label);
        try {
            return SwappableRecommender.open(s, registry, MetricsSink.NOOP);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The serving settings of {@code label}: the run config's retrieval section over its serving
     * artifacts; with {@code --store}, the artifacts' tables are published to Redis first (when that
     * version is not live there yet).
     */
    RecommenderSettings settings(RunDirectory run, String label) throws Exception {
        Path dir = run.requireServing(label);
        RecommenderSettings s = RecommenderSettings.fromConfig(run.config(), dir).withTimeoutMs(timeoutMs);
        if (rerank != null) {
            s = s.withRerank(io.mic.retrieval.serve.PluginRef.of(rerank, rerankParams));
        } else if (!rerankParams.isEmpty()) {
            throw new IllegalArgumentException("--rerank-param " + rerankParams.keySet() + " needs --rerank NAME");
        }
        if (store != null) {
            URI uri = URI.create(store);
            if (!"redis".equals(uri.getScheme()) || uri.getPort() < 0) {
                throw new IllegalArgumentException("--store must be redis://host:port, got '" + store + "'");
            }
            publish(dir);
            s = s.withStore(io.mic.retrieval.serve.PluginRef.of("redis", java.util.Map.of("uri", store, "prefix", prefix,
                    "timeout-ms", Integer.toString(timeoutMs), "connect-timeout-ms", Integer.toString(timeoutMs))));
        }
        return s;
    }

    /** With {@code --store}: bulk-loads {@code dir}'s tables into Redis unless that version is live; a no-op for the embedded store. */
    void publish(Path dir) throws java.io.IOException {
        if (store == null) {
            return;
        }
        try {
            if (Recommenders.publishIfAbsent(dir, URI.create(store), prefix)) {
                System.err.println("loaded the serving tables of " + dir + " into " + store + " (prefix " + prefix + ")");
            }
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            // serving goes on: answers are degraded (U2I only) until the store answers with these tables
            System.err.println("warning: cannot reach " + store + " to load the serving tables (" + e.getMessage()
                    + "); I2I and U2U stay unavailable until it is up with this version");
        }
    }
}
