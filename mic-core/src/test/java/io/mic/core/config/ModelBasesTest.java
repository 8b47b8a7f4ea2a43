package io.mic.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.config.proto.ModelConfig;
import io.mic.spi.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelBasesTest {
    private static final String HEAD = String.join("\n",
            "name: \"t\"",
            "dataset { format: SYNTHETIC synthetic { users: 100 items: 50 } }",
            "protocol: LEAVE_ONE_OUT",
            "model {",
            "  label: \"full\"",
            "  plugin: \"mic\"",
            "  params { key: \"w_u2u\" value: \"1\" }",
            "  params { key: \"w_i2i\" value: \"1\" }",
            "  encoder { name: \"dssm\" params { key: \"dim\" value: \"32\" } params { key: \"hidden\" value: \"64\" } }",
            "  augmenter { name: \"field-mask\" }",
            "  sampler { name: \"kmeans-negative\" }",
            "  sampler { name: \"popularity-negative\" }",
            "  trainer { epochs: 40 batch_size: 512 learning_rate: 0.002 }",
            "}",
            "");

    private static LoadedConfig parse(String models) {
        return RunConfigLoader.parse(HEAD + models, "run.textproto", Path.of("."));
    }

    @Test
    void anOverrideBlockEqualsTheFullyWrittenModel() {
        LoadedConfig lc = parse(String.join("\n",
                "model {",
                "  label: \"no-u2u\"",
                "  base: \"full\"",
                "  params { key: \"w_u2u\" value: \"0\" }",
                "  encoder { params { key: \"dim\" value: \"64\" } }",
                "  trainer { epochs: 10 }",
                "}"));
        ModelConfig full = lc.config().getModel(0);
        ModelConfig expected = full.toBuilder().setLabel("no-u2u").putParams("w_u2u", "0")
                .setEncoder(full.getEncoder().toBuilder().putParams("dim", "64"))
                .setTrainer(full.getTrainer().toBuilder().setEpochs(10)).build();
        assertThat(lc.config().getModel(1)).isEqualTo(expected);
        assertThat(lc.config().getModel(1).getEncoder().getParamsMap()).containsEntry("hidden", "64").containsEntry("dim", "64");
        assertThat(lc.config().getModel(1).getTrainer().getBatchSize()).isEqualTo(512);
    }

    @Test
    void clearDropsFieldsAndANonEmptyListReplacesTheBasesList() {
        LoadedConfig lc = parse(String.join("\n",
                "model { label: \"no-aug\" base: \"full\" clear: \"augmenter\" }",
                "model { label: \"pop-only\" base: \"full\" sampler { name: \"popularity-negative\" } }",
                "model { label: \"chained\" base: \"no-aug\" params { key: \"w_i2i\" value: \"0\" } }"));
        assertThat(lc.config().getModel(1).getAugmenterCount()).isZero();
        assertThat(lc.config().getModel(1).getSamplerCount()).isEqualTo(2);
        assertThat(lc.config().getModel(2).getSamplerList()).extracting(s -> s.getName()).containsExactly("popularity-negative");
        assertThat(lc.config().getModel(2).getAugmenterCount()).isEqualTo(1);
        ModelConfig chained = lc.config().getModel(3);
        assertThat(chained.getAugmenterCount()).isZero();
        assertThat(chained.getParamsMap()).containsEntry("w_i2i", "0").containsEntry("w_u2u", "1");
        assertThat(chained.getBase()).isEmpty();
        assertThat(chained.getClearCount()).isZero();
    }

    @Test
    void unknownOrLaterBaseIsAnErrorNamingLineAndEarlierLabels() {
        assertThatThrownBy(() -> parse("model { label: \"x\" base: \"fulll\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.textproto:15")
                .hasMessageContaining("base 'fulll'")
                .hasMessageContaining("earlier models: full");
        String later = String.join("\n", "model { label: \"a\" base: \"b\" }", "model { label: \"b\" base: \"full\" }");
        assertThatThrownBy(() -> parse(later)).isInstanceOf(ConfigException.class).hasMessageContaining("base 'b'");
    }

    @Test
    void badClearAndClearWithoutBaseAreErrors() {
        assertThatThrownBy(() -> parse("model { label: \"x\" base: \"full\" clear: \"augmenters\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clear 'augmenters'")
                .hasMessageContaining("augmenter");
        assertThatThrownBy(() -> parse("model { label: \"x\" plugin: \"pop\" clear: \"params\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("only meaningful with base");
    }

    @Test
    void anOverrideNeedsItsOwnLabel() {
        assertThatThrownBy(() -> parse("model { base: \"full\" params { key: \"w_u2u\" value: \"0\" } }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.textproto:15")
                .hasMessageContaining("needs its own label");
    }
}
