package io.mic.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import io.mic.core.data.DataSplit;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.ConfigException;
import io.mic.spi.MetricsSink;
import io.mic.spi.Progress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code cold_items} in a run config: the split holds the items out, the run reports {@code test_cold}. */
class ColdItemsRunTest {
    private static final String CONFIG = String.join("\n",
            "name: \"cold\"",
            "seed: 5",
            "dataset { format: SYNTHETIC synthetic { users: 300 items: 120 } }",
            "protocol: LEAVE_ONE_OUT",
            "model { plugin: \"pop\" }",
            "model { plugin: \"item-knn\" }",
            "evaluation { k: 10 metric: \"recall\" }",
            "COLD",
            "");

    private static LoadedConfig parse(String cold) {
        return RunConfigLoader.parse(CONFIG.replace("COLD", cold), "run.textproto", Path.of("."));
    }

    private static Experiment experiment(LoadedConfig lc) {
        return new Experiment(lc, PluginRegistry.discover(), Progress.NOOP, MetricsSink.NOOP);
    }

    @Test
    void coldItemsAreHeldOutAndReportedSeparately() throws Exception {
        LoadedConfig lc = parse("cold_items { share: 0.2 seed: 3 }");
        Experiment.Result r = experiment(lc).run(null);
        DataSplit s = r.split();
        int[] cold = s.coldItems();
        assertThat(cold).hasSize(24);
        int[] trainCounts = s.train().itemCounts();
        int[] validCounts = s.valid().itemCounts();
        int usersWithColdTest = 0;
        for (int u = 0; u < s.test().numUsers(); u++) {
            boolean any = false;
            for (int i : s.test().itemsOf(u)) {
                any |= java.util.Arrays.binarySearch(cold, i) >= 0;
            }
            usersWithColdTest += any ? 1 : 0;
        }
        for (int i : cold) {
            assertThat(trainCounts[i] + validCounts[i]).as("train+valid count of cold item %d", i).isZero();
        }
        assertThat(usersWithColdTest).isPositive();
        for (Experiment.ModelResult m : r.models()) {
            assertThat(m.testCold()).as(m.label()).isNotNull();
            assertThat(m.testCold().users()).isEqualTo(usersWithColdTest);
        }
        // pop and item-knn learn only from training interactions: an item never trained on scores 0 for both,
        // below every item they can score, so no cold test item reaches their top 10
        for (Experiment.ModelResult m : r.models()) {
            assertThat(m.testCold().get(io.mic.core.eval.Metric.RECALL, 10)).as(m.label()).isZero();
        }
        String json = RunWriter.metricsJson(r);
        assertThat(json).contains("\"test_cold\"").contains("\"cold_items\": 24");

        // the same seed gives the same cold items; without cold_items the run has none and no test_cold
        assertThat(experiment(parse("cold_items { share: 0.2 seed: 3 }")).loadAndSplit(null).coldItems()).containsExactly(cold);
        Experiment.Result plain = experiment(parse("")).run(null);
        assertThat(plain.split().coldItems()).isEmpty();
        assertThat(plain.models().get(0).testCold()).isNull();
        assertThat(RunWriter.metricsJson(plain)).doesNotContain("test_cold");
    }

    @Test
    void badShareIsRefusedAtLoadNamingTheField() {
        for (String share : new String[] {"0", "1", "1.5", "-0.2"}) {
            assertThatThrownBy(() -> parse("cold_items { share: " + share + " }")).as(share).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("run.textproto:8").hasMessageContaining("cold_items.share");
        }
    }
}
