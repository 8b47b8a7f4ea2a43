package io.mic.models.mic;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.Splitter;
import io.mic.core.data.WarmItems;
import io.mic.spi.Column;
import io.mic.spi.Model;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code cold_items} no training step of a cross-channel model draws a cold item: not as a
 * BPR or CCL uniform negative (with and without {@code exclude_train_items}), not as a sampler's
 * negative or kNN positive. Checked through the model's draw probe over a whole fit (the same
 * fit without the cold list does draw them, so the check can fail), and end to end: an id-only
 * model's cold item rows get no gradient, so they are the same after one epoch and after three.
 *
 * <p>Data: {@link Fixture#small} (800 users, 400 items) with 20% of the items held out (seed 3).
 */
class ColdItemsTrainingTest {
    private static final Fixture FX = new Fixture(Splitter.holdOutItems(Fixture.small(1).split, 0.2, 3), 1);

    private static CrossChannelModel model(String loss, String exclude, int epochs) {
        Map<String, String> p = loss.equals("ccl")
                ? Map.of("u2i_loss", "ccl", "negatives", "8", "exclude_train_items", exclude, "w_bce", "0.1")
                : Map.of("u2i_loss", "bpr", "exclude_train_items", exclude, "w_bce", "0.1");
        return (CrossChannelModel) FX.model("mic", p, Fixture.Spec.of("mf-bpr", "dim", "8"), List.of(),
                List.of(Fixture.Spec.of("knn-positive", "k", "5", "refresh_every", "20"),
                        Fixture.Spec.of("kmeans-negative", "clusters", "6", "refresh_every", "20", "per_row", "2"),
                        Fixture.Spec.of("popularity-negative", "alpha", "0", "per_row", "2")),
                Fixture.trainer(epochs, 512, 0.01, null, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpr/true", "bpr/false", "ccl/true", "ccl/false"})
    void noStepDrawsAColdItem(String variant) {
        String[] v = variant.split("/");
        CrossChannelModel m = model(v[0], v[1], 1);
        WarmItems warm = WarmItems.of(FX.split);
        assertThat(warm.hasCold()).isTrue();
        int[] count = new int[warm.numItems()];
        m.itemDrawProbe = id -> {
            if (id != Column.MISSING) {
                count[id]++;
            }
        };
        m.fit(FX.split);
        long total = 0;
        for (int i = 0; i < count.length; i++) {
            total += count[i];
            if (warm.isCold(i)) {
                assertThat(count[i]).as("%s: draws of cold item %d", variant, i).isZero();
            }
        }
        assertThat(total).as("%s: item ids drawn in the fit", variant).isGreaterThan(10_000);
    }

    @Test
    void coldItemRowsOfAnIdModelAreUntouchedByTraining() {
        Model one = FX.model("two-tower", Map.of(), Fixture.Spec.of("mf-bpr", "dim", "8"), List.of(), List.of(),
                Fixture.trainer(1, 512, 0.01, null, false));
        Model three = FX.model("two-tower", Map.of(), Fixture.Spec.of("mf-bpr", "dim", "8"), List.of(), List.of(),
                Fixture.trainer(3, 512, 0.01, null, false));
        one.fit(FX.split);
        three.fit(FX.split);
        io.mic.testkit.ColdItemRows.assertUntouchedWhileWarmRowsMove(FX.split, one.itemVectors().orElseThrow(), three.itemVectors().orElseThrow());
    }
}
