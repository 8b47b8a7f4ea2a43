package io.mic.models.tf.training;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.tables.EmbeddingTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An encoder's own checkpoint ({@code Trainable.saveCheckpoint}/{@code loadCheckpoint}): its tables
 * and dense parameters in a {@link Checkpoint}, with the encoder's name and the optimizer its
 * parameters were created with in the manifest, so loading prepares a fresh encoder first.
 */
public final class EncoderCheckpoints {
    private EncoderCheckpoints() {
    }

    public static void save(Path dir, String encoder, Optimizer optimizer, List<EmbeddingTable> tables, List<DenseParam> params)
            throws IOException {
        Checkpoint.save(dir, tables, params, Map.of("encoder", encoder, "optimizer", Optimizers.name(optimizer)));
    }

    /**
     * Verifies {@code dir} (checksums) and that it is a checkpoint of {@code encoder}; returns the
     * optimizer to prepare the encoder with before {@link #restore}.
     */
    public static Optimizer verify(Path dir, String encoder) throws IOException {
        Map<String, String> m = Checkpoint.verify(dir);
        if (!encoder.equals(m.get("encoder"))) {
            throw new IOException(dir + ": checkpoint of encoder '" + m.get("encoder") + "', this is '" + encoder + "'");
        }
        return Optimizers.parse(m.get("optimizer"));
    }

    /** How many embedding tables the checkpoint in {@code dir} holds (0 for an encoder without id tables). */
    public static int tableCount(Path dir) throws IOException {
        String n = Checkpoint.readManifest(dir).get("tables");
        if (n == null) {
            throw new IOException(dir + ": manifest lacks 'tables'");
        }
        return Integer.parseInt(n);
    }

    public static void restore(Path dir, List<EmbeddingTable> tables, List<DenseParam> params) throws IOException {
        Checkpoint.restore(dir, tables, params);
    }
}
