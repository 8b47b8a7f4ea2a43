package io.mic.models.mic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.models.tf.tower.TowerEncoder;
import io.mic.spi.Encoder;
import io.mic.spi.Model;
import io.mic.spi.Trainable;
import io.mic.spi.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    private static float[] scores(Model m, int users, int items) {
        int[] us = new int[users];
        for (int u = 0; u < users; u++) {
            us[u] = u;
        }
        float[] out = new float[users * items];
        m.score(us, out, items);
        return out;
    }

    @Test
    void resumedTrainingEqualsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        Fixture fx = Fixture.small(5);
        int items = fx.split.train().numItems();
        Fixture.Spec enc = Fixture.Spec.of("dssm", "dim", "16", "hidden", "32");
        Model straight = fx.model("two-tower", Map.of(), enc, List.of(), List.of(), Fixture.trainer(3, 512, 0.003, tmp.resolve("a"), false));
        straight.fit(fx.split);

        Model first = fx.model("two-tower", Map.of(), enc, List.of(), List.of(), Fixture.trainer(2, 512, 0.003, tmp.resolve("b"), false));
        first.fit(fx.split);
        assertThat(tmp.resolve("b/LATEST")).exists();
        Model resumed = fx.model("two-tower", Map.of(), enc, List.of(), List.of(), Fixture.trainer(3, 512, 0.003, tmp.resolve("b"), true));
        resumed.fit(fx.split);
        assertThat(((CrossChannelModel) resumed).report().resumedFrom()).isEqualTo(2);
        assertThat(scores(resumed, 50, items)).containsExactly(scores(straight, 50, items));
    }

    @Test
    void encoderCheckpointRoundTripGivesTheSameVectors(@TempDir Path tmp) throws Exception {
        Fixture fx = Fixture.small(6);
        Fixture.Spec enc = Fixture.Spec.of("youtube-dnn", "dim", "16", "history_length", "10", "item_fields", "all");
        Model m = fx.model("two-tower", Map.of(), enc, List.of(), List.of(), Fixture.trainer(1, 512, 0.003, null, false));
        m.fit(fx.split);
        TowerEncoder trained = (TowerEncoder) ((CrossChannelModel) m).encoder().orElseThrow();
        Trainable t = trained.trainable().orElseThrow();
        assertThat(t.parameterCount()).isPositive();
        t.saveCheckpoint(tmp.resolve("enc"));

        Encoder fresh = fx.encoder(enc);
        fresh.trainable().orElseThrow().loadCheckpoint(tmp.resolve("enc"));
        var fb = io.mic.core.feature.FeatureBuilder.of(fx.split, 10, 0, io.mic.core.feature.HistoryMode.BEFORE);
        int[] ids = {0, 5, 17, 99};
        Vectors a = trained.encodeUsers(fb.users(ids));
        Vectors b = fresh.encodeUsers(fb.users(ids));
        assertThat(b.values()).containsExactly(a.values());
        assertThat(fresh.encodeItems(fb.items(ids)).values()).containsExactly(trained.encodeItems(fb.items(ids)).values());

        // a corrupted file is refused before any parameter changes
        Path dense = tmp.resolve("enc/dense.bin");
        byte[] bytes = Files.readAllBytes(dense);
        bytes[bytes.length / 2] ^= 1;
        Files.write(dense, bytes);
        assertThatThrownBy(() -> fx.encoder(enc).trainable().orElseThrow().loadCheckpoint(tmp.resolve("enc")))
                .hasMessageContaining("checksum");
    }
}
