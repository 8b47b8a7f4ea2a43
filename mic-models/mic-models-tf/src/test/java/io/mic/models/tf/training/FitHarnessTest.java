package io.mic.models.tf.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.tables.EmbeddingTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's small parts: the resume step read from a checkpoint directory, optimizer names,
 * encoder checkpoints. The harness's fit loop is tested through the models that use it
 * (mic-model-mic's SameResultsAfterPortTest, mic-model-re4's Re4SameResultsAfterPortTest: results
 * pinned to the pre-harness code, resume equal to an uninterrupted run).
 */
class FitHarnessTest {

    @Test
    void latestStepIsTheNewestCheckpointsStepOrZero(@TempDir Path dir) throws Exception {
        assertThat(FitHarness.latestStep(dir)).as("no LATEST").isZero();
        DenseParam p = DenseParam.create("w", Optimizer.sgd(), Initializer.glorotUniform(2, 2), 1, 2, 2);
        Checkpoint.save(dir.resolve("ckpt-000003"), List.of(), List.of(p), Map.of("step", "42", "epoch", "3"));
        Files.writeString(dir.resolve("LATEST"), "ckpt-000003\n");
        assertThat(FitHarness.latestStep(dir)).isEqualTo(42);
        Files.writeString(dir.resolve("LATEST"), "ckpt-000009\n");
        assertThat(FitHarness.latestStep(dir)).as("LATEST names a missing checkpoint: the trainer starts over").isZero();
    }

    @Test
    void optimizerNamesRoundTrip() {
        for (String n : List.of("adam", "adagrad", "sgd")) {
            assertThat(Optimizers.name(Optimizers.parse(n))).isEqualTo(n);
        }
        assertThat(Optimizers.parse("adam")).isEqualTo(Optimizer.adam());
        assertThatThrownBy(() -> Optimizers.parse("adamw")).hasMessageContaining("adamw").hasMessageContaining("adam, adagrad, sgd");
        assertThatThrownBy(() -> Optimizers.parse(null)).hasMessageContaining("unknown optimizer");
    }

    @Test
    void encoderCheckpointRestoresParametersAndRefusesAnotherEncoder(@TempDir Path dir) throws Exception {
        Optimizer opt = Optimizer.adagrad();
        EmbeddingTable t = EmbeddingTable.create("item_id", 5, 3, opt, Initializer.embedding(3), 7);
        DenseParam p = DenseParam.create("w", opt, Initializer.glorotUniform(3, 2), 7, 3, 2);
        EncoderCheckpoints.save(dir.resolve("c"), "enc-a", opt, List.of(t), List.of(p));
        EmbeddingTable t2 = EmbeddingTable.create("item_id", 5, 3, opt, Initializer.embedding(3), 8);
        DenseParam p2 = DenseParam.create("w", opt, Initializer.glorotUniform(3, 2), 8, 3, 2);
        assertThat(p2.values()).as("another seed: different weights until restored").isNotEqualTo(p.values());
        assertThat(EncoderCheckpoints.verify(dir.resolve("c"), "enc-a")).isInstanceOf(Optimizer.Adagrad.class);
        EncoderCheckpoints.restore(dir.resolve("c"), List.of(t2), List.of(p2));
        assertThat(p2.values()).containsExactly(p.values());
        assertThatThrownBy(() -> EncoderCheckpoints.verify(dir.resolve("c"), "enc-b")).hasMessageContaining("enc-a")
                .hasMessageContaining("enc-b");
    }
}
