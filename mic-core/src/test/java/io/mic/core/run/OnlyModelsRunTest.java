package io.mic.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.MetricsSink;
import io.mic.spi.Progress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Experiment#only}: a subset of a config's models, bases included, equal to the same models in a full run. */
class OnlyModelsRunTest {
    private static final LoadedConfig CONFIG = RunConfigLoader.parse(String.join("\n",
            "name: \"only\"",
            "seed: 5",
            "dataset { format: SYNTHETIC synthetic { users: 200 items: 80 } }",
            "protocol: LEAVE_ONE_OUT",
            "model { label: \"pop\" plugin: \"pop\" }",
            "model { label: \"knn\" plugin: \"item-knn\" }",
            "model { label: \"knn-5\" base: \"knn\" params { key: \"k\" value: \"5\" } }",
            "evaluation { k: 10 metric: \"recall\" }",
            ""), "run.textproto", Path.of("."));

    private static Experiment experiment() {
        return new Experiment(CONFIG, PluginRegistry.discover(), Progress.NOOP, MetricsSink.NOOP);
    }

    @Test
    void onlyTheNamedModelsRunAndTheirNumbersEqualAFullRun() throws Exception {
        Experiment.Result all = experiment().run(null);
        Experiment.Result some = experiment().only(List.of("knn-5", "pop")).run(null);
        assertThat(some.models()).extracting(Experiment.ModelResult::label).containsExactly("pop", "knn-5");
        for (Experiment.ModelResult m : some.models()) {
            Experiment.ModelResult full = all.models().stream().filter(x -> x.label().equals(m.label())).findFirst().orElseThrow();
            assertThat(m.test().get(io.mic.core.eval.Metric.RECALL, 10)).as(m.label()).isEqualTo(full.test().get(io.mic.core.eval.Metric.RECALL, 10));
        }
        assertThat(experiment().only(List.of()).run(null).models()).hasSize(3);
    }

    @Test
    void anUnknownLabelNamesTheConfigsLabels() {
        assertThatThrownBy(() -> experiment().only(List.of("knn-50"))).hasMessageContaining("knn-50").hasMessageContaining("[pop, knn, knn-5]");
    }
}
