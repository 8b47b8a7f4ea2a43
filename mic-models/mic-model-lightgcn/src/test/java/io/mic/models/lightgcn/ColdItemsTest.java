package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Splitter;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.ModelComponents;
import io.mic.spi.PluginConfig;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import io.mic.testkit.ColdItemRows;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * With {@code cold_items} LightGCN never draws a cold item as a BPR negative. A cold item has no
 * edge, so its propagated layers are zero and its layer-0 row gets gradient only as a negative (BPR
 * and its L2 term, which reads the batch's rows only): with the warm-only draws its served vector is
 * the same after one epoch and after three (same seed, same initialisation), while warm rows move.
 * On the old uniform draws over every item this fails (a cold row is pushed on its first draw).
 *
 * <p>Data: 300 users, 200 items, 4 planted groups, leave-one-out, 20% of the items held out (seed 3).
 */
class ColdItemsTest {
    private static final DataSplit SPLIT = Splitter.holdOutItems(
            Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(300, 200, 4, 15, 0.8, 0.8), 2)), 0.2, 3);

    private static Model fit(int epochs) {
        SeededPluginContext ctx = SeededPluginContext.of(SPLIT.dataset().schema(), 3, MetricsSink.NOOP).withTrainingData(SPLIT)
                .withProgress(Progress.NOOP);
        TrainerSettings t = new TrainerSettings(epochs, 256, "adam", 0.01, "constant", 0, 0, "recall@20", null, false, 2);
        Model m = PluginRegistry.discover().create(PluginKind.MODEL, PluginConfig.of("lightgcn", Map.of("dim", "8", "layers", "2")),
                ctx.withComponents(new ModelComponents(Optional.empty(), List.of(), List.of(), t)), "test");
        m.fit(SPLIT);
        return m;
    }

    @Test
    void coldItemRowsAreUntouchedByTraining() {
        ColdItemRows.assertUntouchedWhileWarmRowsMove(SPLIT, fit(1).itemVectors().orElseThrow(), fit(3).itemVectors().orElseThrow());
    }
}
