package io.mic.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.ConfigException;
import io.mic.spi.ItemCatalog;
import io.mic.spi.PluginConfig;
import io.mic.spi.Vectors;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RerankDiscoveryTest {
    @Test
    void serviceLoaderFindsBothRerankersAndConfigIsStrict() {
        PluginRegistry registry = PluginRegistry.discover();
        assertThat(registry.names(PluginKind.RERANKER)).contains("mic-unified", "mmr");
        var ctx = RerankTestSupport.context().withCatalog(RerankTestSupport.catalog(Map.of()))
                .withItemVectors(MmrRerankerTest.ITEMS);
        assertThat(registry.create(PluginKind.RERANKER, PluginConfig.empty("mic-unified"), ctx, ""))
                .isInstanceOf(UnifiedReranker.class);
        assertThat(registry.create(PluginKind.RERANKER, PluginConfig.empty("mmr"), ctx, "")).isInstanceOf(MmrReranker.class);
        assertThatThrownBy(() -> registry.create(PluginKind.RERANKER, PluginConfig.of("mic-unified", Map.of("w_div", "1")), ctx, ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'w_div'").hasMessageContaining("did you mean 'w-div'");
        assertThatThrownBy(() -> registry.create(PluginKind.RERANKER, PluginConfig.of("mmr", Map.of("lamda", "0.5")), ctx, ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'lambda'");
    }
}
