package io.mic.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.TextFormat;
import io.mic.core.config.proto.RunConfig;
import io.mic.spi.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TuneSpecTest {
    private static final String BASE = String.join("\n",
            "name: \"t\"",
            "seed: 7",
            "dataset { format: MOVIELENS_100K path: \"data/x\" }",
            "protocol: RECBOLE_DEFAULT",
            "model { plugin: \"pop\" }",
            "model {",
            "  label: \"mf\"",
            "  plugin: \"two-tower\"",
            "  encoder { name: \"mf-bpr\" }",
            "  trainer { epochs: 5 learning_rate: 0.01 }",
            "}",
            "");

    /** The config's directory, with the (empty) dataset directory the validator insists on. */
    private static final Path DIR = baseDir();

    private static Path baseDir() {
        try {
            Path d = java.nio.file.Files.createTempDirectory("tune-spec-test");
            java.nio.file.Files.createDirectories(d.resolve("data/x"));
            d.toFile().deleteOnExit();
            return d;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LoadedConfig parse(String tune) {
        return RunConfigLoader.parse(BASE + tune, "run.textproto", DIR);
    }

    @Test
    void gridEnumeratesEveryCombinationWithTheFirstParameterSlowest() {
        TuneSpec s = TuneSpec.of(parse(String.join("\n",
                "tune {",
                "  strategy: \"grid\"",
                "  param { target: \"mf.trainer.learning_rate\" values: \"0.001\" values: \"0.01\" }",
                "  param { target: \"mf.encoder.params.dim\" values: \"16\" values: \"32\" values: \"64\" }",
                "}")));
        List<List<String>> got = new ArrayList<>();
        for (TuneSpec.Trial t : s.trials()) {
            got.add(t.values());
        }
        assertThat(got).containsExactly(List.of("0.001", "16"), List.of("0.001", "32"), List.of("0.001", "64"),
                List.of("0.01", "16"), List.of("0.01", "32"), List.of("0.01", "64"));
        assertThat(s.trials().get(4).name()).isEqualTo("trial-004");
        assertThat(s.metricName()).isEqualTo("ndcg@10");
    }

    @Test
    void gridTrialsRunsAPrefix() {
        TuneSpec s = TuneSpec.of(parse("tune { strategy: \"grid\" trials: 2 param { target: \"mf.params.l2\" values: \"0\" values: \"1e-4\" "
                + "values: \"1e-3\" } }"));
        assertThat(s.trials()).extracting(TuneSpec.Trial::values).containsExactly(List.of("0"), List.of("1e-4"));
    }

    @Test
    void randomDrawsAreDeterministicUnderTheSeedAndStayInTheirRanges() {
        String tune = String.join("\n",
                "tune {",
                "  strategy: \"random\" trials: 40 seed: %d metric: \"recall@20\"",
                "  param { target: \"mf.trainer.learning_rate\" min: 1e-4 max: 1e-1 log: true }",
                "  param { target: \"mf.trainer.batch_size\" min: 64 max: 4096 integer: true }",
                "  param { target: \"mf.params.l2\" values: \"0\" values: \"1e-5\" }",
                "}");
        List<TuneSpec.Trial> a = TuneSpec.of(parse(String.format(tune, 3))).trials();
        List<TuneSpec.Trial> b = TuneSpec.of(parse(String.format(tune, 3))).trials();
        List<TuneSpec.Trial> c = TuneSpec.of(parse(String.format(tune, 4))).trials();
        assertThat(a).isEqualTo(b).hasSize(40);
        assertThat(a).isNotEqualTo(c);
        Set<String> l2 = new HashSet<>();
        int lowDecade = 0;
        for (TuneSpec.Trial t : a) {
            double lr = Double.parseDouble(t.values().get(0));
            assertThat(lr).isBetween(1e-4, 1e-1);
            lowDecade += lr < 1e-3 ? 1 : 0;
            assertThat(Integer.parseInt(t.values().get(1))).isBetween(64, 4096);
            l2.add(t.values().get(2));
        }
        assertThat(l2).containsExactlyInAnyOrder("0", "1e-5");
        // log-uniform over 3 decades: about a third of the draws fall in [1e-4, 1e-3); uniform would put ~1% there
        assertThat(lowDecade).isBetween(5, 25);
    }

    @Test
    void trialAndBestConfigsRoundTripThroughTheLoader() throws Exception {
        TuneSpec s = TuneSpec.of(parse("tune { strategy: \"grid\" param { target: \"mf.trainer.epochs\" values: \"3\" values: \"9\" } "
                + "param { target: \"mf.params.loss\" values: \"bpr\" } }"));
        TuneSpec.Trial t = s.trials().get(1);
        RunConfig trial = s.trialConfig(t);
        assertThat(trial.getModelCount()).isEqualTo(1);
        assertThat(trial.getModel(0).getTrainer().getEpochs()).isEqualTo(9);
        assertThat(trial.getModel(0).getTrainer().getLearningRate()).isEqualTo(0.01);
        assertThat(trial.getModel(0).getParamsMap()).containsEntry("loss", "bpr");
        assertThat(trial.hasTune()).isFalse();
        assertThat(trial.getDataset().getPath()).isEqualTo(DIR.resolve("data/x").toAbsolutePath().toString());

        RunConfig best = s.withValues(t);
        LoadedConfig again = RunConfigLoader.parse(TextFormat.printer().printToString(best), "best.textproto", Path.of("/elsewhere"));
        assertThat(again.config()).isEqualTo(best);
        assertThat(again.config().getModelCount()).isEqualTo(2);
        assertThat(again.config().getModel(1).getTrainer().getEpochs()).isEqualTo(9);
        assertThat(again.resolve(again.config().getDataset().getPath())).isEqualTo(DIR.resolve("data/x").toAbsolutePath());
    }

    @Test
    void badTargetsAndValuesAreErrorsNamingFileLineAndKey() {
        assertThatThrownBy(() -> parse("tune {\n strategy: \"grid\"\n param { target: \"nope.trainer.epochs\" values: \"1\" }\n}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("run.textproto:14").hasMessageContaining("no model labelled 'nope'")
                .hasMessageContaining("[pop, mf]");
        assertThatThrownBy(() -> parse("tune {\n strategy: \"grid\"\n param { target: \"mf.trainer.epochz\" values: \"1\" }\n}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("run.textproto:14").hasMessageContaining("unknown trainer field 'epochz'");
        assertThatThrownBy(() -> parse("tune {\n strategy: \"grid\"\n param { target: \"mf.trainer.epochs\" values: \"1\" values: \"x\" }\n}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("run.textproto:14").hasMessageContaining("'x'")
                .hasMessageContaining("tune.param[0].values[1]");
        assertThatThrownBy(() -> parse("tune {\n strategy: \"grid\"\n param { target: \"mf.params.l2\" min: 0 max: 1 }\n}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("grid needs explicit values");
        assertThatThrownBy(() -> parse("tune { strategy: \"bayes\" param { target: \"mf.params.l2\" values: \"0\" } }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tune.strategy").hasMessageContaining("'bayes'");
        assertThatThrownBy(() -> parse("tune { strategy: \"random\" param { target: \"mf.params.l2\" values: \"0\" } }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("trials >= 1");
        assertThatThrownBy(() -> parse("tune { strategy: \"grid\" metric: \"ndcg\" param { target: \"mf.params.l2\" values: \"0\" } }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not metric@k");
        assertThatThrownBy(() -> parse("tune { strategy: \"grid\" param { target: \"pop.params.k\" values: \"1\" } "
                + "param { target: \"mf.params.l2\" values: \"0\" } }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a search tunes one model");
        assertThatThrownBy(() -> parse("tune { strategy: \"grid\" param { target: \"pop.encoder.params.dim\" values: \"1\" } }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("has no encoder section");
        assertThatThrownBy(() -> parse("tune { strategy: \"grid\" param { targte: \"mf.params.l2\" values: \"0\" } }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown field 'targte'").hasMessageContaining("did you mean 'target'");
    }
}
