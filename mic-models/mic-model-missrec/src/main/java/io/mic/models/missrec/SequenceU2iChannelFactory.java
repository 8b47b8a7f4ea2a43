package io.mic.models.missrec;

import io.mic.core.config.proto.SignatureSpec;
import io.mic.core.config.proto.TensorSpec;
import io.mic.models.tf.export.ExportedModel;
import io.mic.spi.NeighborStore;
import io.mic.spi.PluginConfig;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.RetrievalChannelContext;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.VectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code sequence-u2i}: {@link SequenceU2iChannel}. Parameters: {@code saved_model} (required: the
 * directory a {@code sasrec} / {@code missrec} run exported, {@code <saved-models>/<label>/1}),
 * {@code k} (candidates emitted, default 100), {@code verify} (check every file's SHA-256 when
 * loading, default true). N is read from the tower's {@code history} input. Needs the host's
 * {@link NeighborStore} (the stored histories) and {@link VectorIndex} (over the run's item vectors).
 */
public final class SequenceU2iChannelFactory implements RetrievalChannelFactory {
    @Override
    public String name() {
        return "sequence-u2i";
    }

    @Override
    public String description() {
        return "stored recent history -> exported sequence tower (sasrec/missrec) -> item index top K";
    }

    @Override
    public RetrievalChannel create(PluginConfig config, RetrievalChannelContext context) {
        Path dir = Path.of(config.requireString("saved_model"));
        int k = config.getInt("k", 100, 0, 100_000);
        boolean verify = config.getBoolean("verify", true);
        NeighborStore store = context.neighborStore().orElseThrow(() -> config.error("",
                "channel 'sequence-u2i' needs the host's neighbour store (the stored histories)"));
        VectorIndex index = context.itemIndex().orElseThrow(() -> config.error("",
                "channel 'sequence-u2i' needs the host's item vector index"));
        ExportedModel tower;
        try {
            tower = ExportedModel.load(dir, verify);
        } catch (IOException e) {
            throw new UncheckedIOException("channel 'sequence-u2i': saved_model " + dir + ": " + e.getMessage(), e);
        }
        SignatureSpec sig = tower.manifest().getSignatureList().stream().filter(s -> s.getName().equals("serving_user")).findFirst()
                .orElse(null);
        TensorSpec hist = sig == null ? null : sig.getInputList().stream().filter(t -> t.getKey().equals("history")).findFirst().orElse(null);
        if (hist == null || hist.getShapeCount() != 2 || hist.getShape(1) < 1) {
            tower.close();
            throw config.error("saved_model", dir + " has no serving_user signature with a history [B, N] input (signatures: "
                    + tower.signatures() + "): export a sasrec or missrec run");
        }
        return new SequenceU2iChannel(tower, store, index, (int) hist.getShape(1), k);
    }
}
