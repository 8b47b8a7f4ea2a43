package io.mic.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.HnswIndex;
import io.mic.retrieval.store.RedisNeighborStore;
import io.mic.spi.ConfigException;
import io.mic.spi.PluginConfig;
import io.mic.spi.VectorIndex;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDiscoveryTest {
    private final PluginRegistry registry = PluginRegistry.discover();

    @Test
    void serviceLoaderFindsEveryPluginByName() {
        assertThat(registry.names(PluginKind.VECTOR_INDEX)).contains("exact", "hnsw");
        assertThat(registry.names(PluginKind.NEIGHBOR_STORE)).contains("memory", "redis");
        assertThat(registry.names(PluginKind.RETRIEVAL_CHANNEL)).contains("u2i", "i2i", "u2u");
        var ctx = TestContexts.context(1, 1);
        assertThat(registry.create(PluginKind.VECTOR_INDEX, PluginConfig.empty("exact"), ctx, "")).isInstanceOf(ExactIndex.class);
        assertThat(registry.create(PluginKind.VECTOR_INDEX, PluginConfig.empty("hnsw"), ctx, "")).isInstanceOf(HnswIndex.class);
        try (var s = registry.create(PluginKind.NEIGHBOR_STORE, PluginConfig.empty("redis"), ctx, "")) {
            assertThat(s).isInstanceOf(RedisNeighborStore.class); // connects lazily
        }
    }

    @Test
    void strictConfigErrorsNameKeyAndValue() {
        var ctx = TestContexts.context(1, 1);
        assertThatThrownBy(() -> registry.create(PluginKind.VECTOR_INDEX, PluginConfig.of("exact", Map.of("metrc", "ip")), ctx, ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'metrc'").hasMessageContaining("did you mean 'metric'");
        assertThatThrownBy(() -> registry.create(PluginKind.VECTOR_INDEX, PluginConfig.of("hnsw", Map.of("metric", "l2")), ctx, ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'l2' is not one of ip, cosine");
        assertThatThrownBy(() -> registry.create(PluginKind.VECTOR_INDEX, PluginConfig.of("hnsw", Map.of("ef", "0")), ctx, ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'ef'").hasMessageContaining("out of range");
        assertThatThrownBy(() -> registry.create(PluginKind.NEIGHBOR_STORE,
                PluginConfig.of("redis", Map.of("uri", "http://x:1")), ctx, "")).hasMessageContaining("redis://host:port");
        assertThatThrownBy(() -> registry.create(PluginKind.RETRIEVAL_CHANNEL,
                PluginConfig.of("i2i", Map.of("k2", "-1")), ctx.withNeighborStore(new io.mic.retrieval.store.MemoryNeighborStore(io.mic.retrieval.channel.ChannelsTestAccess.tables())), ""))
                .hasMessageContaining("'k2'");
        assertThatThrownBy(() -> registry.create(PluginKind.NEIGHBOR_STORE, PluginConfig.empty("memory"), ctx, ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'path'").hasMessageContaining("NeighborTables");
    }

    @Test
    void indexesLoadThroughThePathParameter(@TempDir Path dir) throws Exception {
        var ctx = TestContexts.context(1, 1);
        VectorIndex built = registry.create(PluginKind.VECTOR_INDEX, PluginConfig.of("exact", Map.of("metric", "cosine")), ctx, "");
        built.build(io.mic.spi.Vectors.of(new float[] {1, 0, 0, 1, 1, 1}, 2));
        built.save(dir);
        VectorIndex loaded = registry.create(PluginKind.VECTOR_INDEX, PluginConfig.of("exact", Map.of("path", dir.toString())), ctx, "");
        assertThat(loaded.size()).isEqualTo(3);
        assertThatThrownBy(() -> registry.create(PluginKind.VECTOR_INDEX,
                PluginConfig.of("exact", Map.of("path", dir.toString(), "metric", "ip")), ctx, "")).hasMessageContaining("saved with 'cosine'");
        assertThatThrownBy(() -> registry.create(PluginKind.VECTOR_INDEX,
                PluginConfig.of("hnsw", Map.of("path", dir.resolve("nope").toString())), ctx, "")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot load the saved index").hasMessageContaining("index.pb");
    }
}
