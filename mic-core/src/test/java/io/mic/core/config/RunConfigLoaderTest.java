package io.mic.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.config.proto.DatasetFormat;
import io.mic.core.config.proto.Protocol;
import io.mic.spi.ConfigException;
import io.mic.spi.PluginConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigLoaderTest {
    private static final String VALID = String.join("\n",
            "name: \"t\"",
            "seed: 7",
            "dataset {",
            "  format: SYNTHETIC",
            "  synthetic { users: 100 items: 50 }",
            "}",
            "protocol: LEAVE_ONE_OUT",
            "model { plugin: \"pop\" }",
            "model {",
            "  plugin: \"item-knn\"",
            "  params { key: \"k\" value: \"20\" }",
            "  params { key: \"shrink\" value: \"1.5\" }",
            "}",
            "evaluation { k: 10 k: 20 }",
            "");

    private static LoadedConfig parse(String text) {
        return RunConfigLoader.parse(text, "run.textproto", Path.of("."));
    }

    @Test
    void parsesAValidConfig() {
        LoadedConfig lc = parse(VALID);
        assertThat(lc.config().getSeed()).isEqualTo(7);
        assertThat(lc.config().getDataset().getFormat()).isEqualTo(DatasetFormat.SYNTHETIC);
        assertThat(lc.config().getProtocol()).isEqualTo(Protocol.LEAVE_ONE_OUT);
        assertThat(lc.config().getModelCount()).isEqualTo(2);
        assertThat(lc.locate("model[1]")).isEqualTo("run.textproto:9");
        assertThat(lc.locate("dataset.synthetic.users")).isEqualTo("run.textproto:5");
    }

    @Test
    void misspelledKeyNamesFieldLineAndSuggestion() {
        String text = VALID.replace("  synthetic { users: 100 items: 50 }", "  synthetic { usres: 100 items: 50 }");
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.textproto:5:")
                .hasMessageContaining("unknown field 'usres'")
                .hasMessageContaining("did you mean 'users'?");
    }

    @Test
    void misspelledTopLevelKey() {
        String text = VALID.replace("protocol: LEAVE_ONE_OUT", "protocl: LEAVE_ONE_OUT");
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.textproto:7:")
                .hasMessageContaining("'protocl'")
                .hasMessageContaining("did you mean 'protocol'?");
    }

    @Test
    void wrongEnumValueNamesLine() {
        String text = VALID.replace("protocol: LEAVE_ONE_OUT", "protocol: LEAVE_TWO_OUT");
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessageContaining("run.textproto:7:")
                .hasMessageContaining("LEAVE_TWO_OUT");
    }

    @Test
    void singularFieldGivenTwiceIsAnError() {
        String text = VALID.replace("seed: 7", "seed: 7\nseed: 8");
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessageContaining("run.textproto:3:")
                .hasMessageContaining("cannot be overwritten");
    }

    @Test
    void outOfRangeValueNamesFieldAndLine() {
        String text = VALID.replace("users: 100", "users: 3");
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.textproto:5")
                .hasMessageContaining("dataset.synthetic.users")
                .hasMessageContaining("value 3 is out of range [10, 50000000]");
    }

    @Test
    void earlyStoppingMetricIsCheckedAtLoad() {
        String ok = VALID.replace("model { plugin: \"pop\" }", "model { plugin: \"pop\" trainer { early_stopping_metric: \"ndcg@10\" } }");
        assertThat(parse(ok)).isNotNull();
        for (String bad : new String[] {"ndcg10", "ndgc@10", "ndcg@ten", "ndcg@0"}) {
            String text = VALID.replace("model { plugin: \"pop\" }", "model { plugin: \"pop\" trainer { early_stopping_metric: \"" + bad + "\" } }");
            assertThatThrownBy(() -> parse(text)).as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("run.textproto:8")
                    .hasMessageContaining("early_stopping_metric").hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void earlyStoppingMinEpochsIsReadAndRangeChecked() {
        String ok = VALID.replace("model { plugin: \"pop\" }", "model { plugin: \"pop\" trainer { early_stopping_min_epochs: 40 } }");
        assertThat(parse(ok).config().getModel(0).getTrainer().getEarlyStoppingMinEpochs()).isEqualTo(40);
        String bad = VALID.replace("model { plugin: \"pop\" }", "model { plugin: \"pop\" trainer { early_stopping_min_epochs: -1 } }");
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(ConfigException.class).hasMessageContaining("run.textproto:8")
                .hasMessageContaining("early_stopping_min_epochs").hasMessageContaining("-1");
    }

    @Test
    void protocolPresetRefusesAnExplicitSplit() {
        String text = VALID + "split { kind: RANDOM_RATIO }\n";
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessageContaining("run.textproto:15")
                .hasMessageContaining("protocol LEAVE_ONE_OUT fixes the split");
    }

    @Test
    void customSplitRatiosMustSumToOne() {
        String text = VALID.replace("protocol: LEAVE_ONE_OUT", "protocol: CUSTOM\nsplit { kind: RANDOM_RATIO ratios: 0.8 ratios: 0.1 ratios: 0.2 }");
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessageContaining("ratios sum to");
    }

    @Test
    void missingDatasetPathIsNamed(@TempDir Path dir) {
        String text = VALID.replace("  format: SYNTHETIC\n  synthetic { users: 100 items: 50 }", "  format: MOVIELENS_100K\n  path: \"nowhere\"");
        assertThatThrownBy(() -> RunConfigLoader.parse(text, "run.textproto", dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.textproto:5")
                .hasMessageContaining("nowhere")
                .hasMessageContaining("does not exist");
    }

    @Test
    void pluginParamsCarryTheirLines() {
        LoadedConfig lc = parse(VALID);
        PluginConfig pc = lc.pluginConfig("model[1]", "item-knn", lc.config().getModel(1));
        assertThat(pc.getInt("k", 1, 1, 100)).isEqualTo(20);
        // "shrink" never read: rejected as unknown, with its own line
        assertThatThrownBy(pc::requireAllKeysKnown)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.textproto:12")
                .hasMessageContaining("'shrink'")
                .hasMessageContaining("known parameters: k");
    }

    /** Path parameters resolve against the config file's directory (as dataset.path does); absolute ones stay. */
    @Test
    void pluginPathParamsResolveAgainstTheConfigDirectory() {
        Path base = Path.of("/work/exp/configs");
        LoadedConfig lc = RunConfigLoader.parse(VALID.replace("value: \"1.5\"", "value: \"../kg\""), "run.textproto", base);
        PluginConfig pc = lc.pluginConfig("model[1]", "item-knn", lc.config().getModel(1));
        assertThat(pc.getPath("shrink", "")).isEqualTo(Path.of("/work/exp/kg"));
        assertThat(pc.getPath("absent", "")).isNull();
        assertThat(pc.getPath("absent", "data/x")).isEqualTo(Path.of("/work/exp/configs/data/x"));
        assertThat(PluginConfig.of("p", java.util.Map.of("dir", "/abs/kg")).withBaseDir(base).getPath("dir", "")).isEqualTo(Path.of("/abs/kg"));
        // parameters given in code, without a base directory: as written (the working directory)
        assertThat(PluginConfig.of("p", java.util.Map.of("dir", "kg")).getPath("dir", "")).isEqualTo(Path.of("kg"));
    }

    @Test
    void pluginParamTypeErrorsNameKeyValueAndLine() {
        LoadedConfig lc = parse(VALID.replace("value: \"20\"", "value: \"twenty\""));
        PluginConfig pc = lc.pluginConfig("model[1]", "item-knn", lc.config().getModel(1));
        assertThatThrownBy(() -> pc.getInt("k", 1, 1, 100))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.textproto:11")
                .hasMessageContaining("'k'")
                .hasMessageContaining("'twenty' is not an integer");
    }

    @Test
    void duplicateParamKeyIsAnError() {
        String text = VALID.replace("value: \"1.5\" }", "value: \"1.5\" }\n  params { key: \"k\" value: \"30\" }");
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessageContaining("given twice")
                .hasMessageContaining("run.textproto:13");
    }

    @Test
    void shippedExampleConfigsParse() throws Exception {
        Path configs = Path.of("..", "configs");
        try (var files = Files.list(configs)) {
            var list = files.filter(p -> p.toString().endsWith(".textproto")).toList();
            assertThat(list).isNotEmpty();
            for (Path p : list) {
                try {
                    RunConfigLoader.load(p);
                } catch (ConfigException e) {
                    // only a missing dataset directory is acceptable (shared data absent on this machine)
                    assertThat(e.getMessage()).as(p.toString()).contains("does not exist");
                }
            }
        }
    }
}
