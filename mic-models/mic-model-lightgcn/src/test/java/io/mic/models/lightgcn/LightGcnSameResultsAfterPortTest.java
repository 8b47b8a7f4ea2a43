package io.mic.models.lightgcn;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Splitter;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.models.tf.FitFingerprint;
import io.mic.spi.Progress;
import io.mic.spi.TrainerSettings;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link LightGcnModel}'s results bit for bit across the move of its fit loop onto the shared
 * fit harness (issue 18): the expected fingerprint (epoch losses, best epoch and metric, hash of
 * the final vectors; see {@link FitFingerprint}) was recorded from the pre-port code; the port
 * changes no graph, no initialisation and no feeding order, so the equality is exact.
 *
 * <p>Re-recorded once since (session 12), when the propagation kernel became one fused multiply-add
 * per non-zero ({@link RowProducts}, scalar and SIMD bit-identical): epochs, steps, best epoch and
 * the first two epoch losses are unchanged, the third loss moves in its 9th significant digit.
 */
class LightGcnSameResultsAfterPortTest {
    @Test
    void lightGcnWithEarlyStoppingGivesThePrePortResults() {
        DataSplit split = Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(300, 200, 4, 15, 0.8, 0.8), 5));
        TrainerSettings t = new TrainerSettings(4, 256, "adam", 0.01, "constant", 0, 1, "recall@20", null, false, 2);
        LightGcnModel m = new LightGcnModel("lightgcn", 16, 2, 1e-4, 20, t, 11, Progress.NOOP);
        m.fit(split);
        assertThat(FitFingerprint.of(m.report(), m.userVectors().orElseThrow(), m.itemVectors().orElseThrow())).isEqualTo(
                "epochs=3 steps=51 best=2@3fe258bf258bf259 loss=3fe5d1716098fdd4,3fe2c708d0920990,3fda96ec9d6e55cf, "
                        + "users=465e7731e44075b9 items=4ee9a0a4e1f5b43c");
    }
}
