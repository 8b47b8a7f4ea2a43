package io.mic.models.mic;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.models.tf.FitFingerprint;
import io.mic.spi.TrainerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins {@link CrossChannelModel}'s results bit for bit across the move of its fit loop onto the
 * shared fit harness (issue 18): the expected fingerprints (epoch losses, best epoch and metric,
 * hash of the final vectors; see {@link FitFingerprint}) were recorded from the pre-port code at
 * the branch's start commit (i17a, 2e42598). The port changes no graph and no feeding order, so
 * the equality is exact. Also: a {@code mic} run (augmented views, a BCE negative sampler) resumed
 * after epoch 1 equals the uninterrupted run.
 *
 * <p>Not exact, before the port and after: resuming a run whose samplers refresh on embeddings
 * (k-means hard negatives, kNN positives). Their state (clusters, neighbours) is not checkpointed;
 * a resumed run refreshes them at the start from the initial parameters and then on the step
 * schedule, while the uninterrupted run used the parameters of the last refresh step (measured on
 * this fixture: valid recall@20 0.49 resumed vs 0.48875 straight).
 */
class SameResultsAfterPortTest {

    private static final Fixture.Spec DSSM = Fixture.Spec.of("dssm", "dim", "16", "hidden", "32");

    private static TrainerSettings trainer(int epochs, int patience, Path ckpt, boolean resume) {
        return new TrainerSettings(epochs, 512, "adam", 0.003, "constant", 0, patience, "recall@20", ckpt, resume, 2);
    }

    private static String fingerprint(CrossChannelModel m) {
        return FitFingerprint.of(m.report(), m.userVectors().orElseThrow(), m.itemVectors().orElseThrow());
    }

    private static CrossChannelModel mic(Fixture fx, TrainerSettings t) {
        return (CrossChannelModel) fx.model("mic", Map.of("w_bce", "0.1"), Fixture.Spec.of("dssm", "dim", "16", "recent_users", "5"),
                List.of(Fixture.Spec.of("field-mask", "p", "0.2"), Fixture.Spec.of("embedding-dropout", "p", "0.1")),
                List.of(Fixture.Spec.of("knn-positive", "target", "user", "refresh_every", "15"),
                        Fixture.Spec.of("kmeans-negative", "clusters", "8", "refresh_every", "15", "exclude_train_items", "false"),
                        Fixture.Spec.of("popularity-negative", "per_row", "4")), t);
    }

    @Test
    void twoTowerWithEarlyStoppingGivesThePrePortResults() {
        Fixture fx = Fixture.small(11);
        CrossChannelModel m = (CrossChannelModel) fx.model("two-tower", Map.of(), DSSM, List.of(), List.of(), trainer(4, 1, null, false));
        m.fit(fx.split);
        assertThat(fingerprint(m)).isEqualTo("epochs=4 steps=144 best=4@3fddc28f5c28f5c3 loss=4018cefaab848f1e,401698e352095bc3,"
                + "40157b69a72ee423,40151b01db359ec5, users=57536e85e48c2e5 items=1bb55fef8c1e21e5");
    }

    @Test
    void micWithSamplersAndAugmentersGivesThePrePortResults() {
        Fixture fx = Fixture.small(12);
        CrossChannelModel m = mic(fx, trainer(2, 0, null, false));
        m.fit(fx.split);
        assertThat(fingerprint(m)).isEqualTo("epochs=2 steps=68 best=2@3fdcf5c28f5c28f6 loss=401f27605718743f,401b096daa747b55, "
                + "users=c5569a914cf0cbf9 items=9d48ca28a97b4a23");
    }

    private static CrossChannelModel micWithoutRefresh(Fixture fx, TrainerSettings t) {
        return (CrossChannelModel) fx.model("mic", Map.of("w_bce", "0.1"), Fixture.Spec.of("dssm", "dim", "16"),
                List.of(Fixture.Spec.of("field-mask", "p", "0.2"), Fixture.Spec.of("embedding-dropout", "p", "0.1")),
                List.of(Fixture.Spec.of("popularity-negative", "per_row", "4")), t);
    }

    @Test
    void micResumedAfterEpochOneEqualsAnUninterruptedRun(@TempDir Path tmp) {
        Fixture fx = Fixture.small(13);
        CrossChannelModel straight = micWithoutRefresh(fx, trainer(2, 0, tmp.resolve("a"), false));
        straight.fit(fx.split);
        micWithoutRefresh(fx, trainer(1, 0, tmp.resolve("b"), false)).fit(fx.split);
        CrossChannelModel resumed = micWithoutRefresh(fx, trainer(2, 0, tmp.resolve("b"), true));
        resumed.fit(fx.split);
        assertThat(resumed.report().resumedFrom()).isEqualTo(1);
        assertThat(resumed.report().steps()).isEqualTo(straight.report().steps());
        assertThat(resumed.report().bestMetric()).isEqualTo(straight.report().bestMetric());
        assertThat(resumed.userVectors().orElseThrow().values()).containsExactly(straight.userVectors().orElseThrow().values());
        assertThat(resumed.itemVectors().orElseThrow().values()).containsExactly(straight.itemVectors().orElseThrow().values());
    }
}
