package io.mic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import io.mic.core.config.proto.ModelConfig;
import io.mic.core.config.proto.PluginSpec;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every config shipped in {@code configs/} loads under the strict loader (model bases resolved,
 * validation passed) and names only plugins the CLI's registry has: a renamed plugin or a config
 * edited by hand fails here, not hours into a results run.
 */
class ShippedConfigsTest {
    private static final Path CONFIGS = Path.of("..", "configs");

    @Test
    void everyShippedConfigLoadsAndNamesKnownPlugins() throws Exception {
        PluginRegistry registry = PluginRegistry.discover();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(CONFIGS)) {
            s.filter(p -> p.getFileName().toString().endsWith(".textproto") && !p.getFileName().toString().startsWith("."))
                    .sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(20);
        for (Path f : files) {
            LoadedConfig lc = RunConfigLoader.load(f);
            for (ModelConfig m : lc.config().getModelList()) {
                String where = f.getFileName() + " model " + m.getLabel();
                assertThat(registry.contains(PluginKind.MODEL, m.getPlugin())).as(where + " plugin " + m.getPlugin()).isTrue();
                if (m.hasEncoder()) {
                    assertThat(registry.contains(PluginKind.ENCODER, m.getEncoder().getName())).as(where + " encoder").isTrue();
                }
                for (PluginSpec a : m.getAugmenterList()) {
                    assertThat(registry.contains(PluginKind.AUGMENTER, a.getName())).as(where + " augmenter " + a.getName()).isTrue();
                }
                for (PluginSpec s : m.getSamplerList()) {
                    assertThat(registry.contains(PluginKind.SAMPLER, s.getName())).as(where + " sampler " + s.getName()).isTrue();
                }
            }
        }
    }
}
