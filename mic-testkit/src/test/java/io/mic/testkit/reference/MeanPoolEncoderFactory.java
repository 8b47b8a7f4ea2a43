package io.mic.testkit.reference;

import io.mic.spi.Column;
import io.mic.spi.ComponentContext;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.FeatureBatch;
import io.mic.spi.PluginConfig;
import io.mic.spi.Trainable;
import io.mic.spi.Vectors;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Reference encoder for the kit's own tests, YouTubeDNN-shaped: a user is its id embedding plus the
 * mean of its history's item embeddings; an item is its id embedding. Tables are drawn from the
 * context's generator and checkpointed to one file.
 */
public final class MeanPoolEncoderFactory implements EncoderFactory {
    @Override
    public String name() {
        return "kit-ref-mean-pool";
    }

    @Override
    public String description() {
        return "id embedding + mean-pooled history (mic-testkit reference)";
    }

    @Override
    public Encoder create(PluginConfig config, ComponentContext context) {
        int dim = config.getInt("dim", 8, 1, 1024);
        return new MeanPoolEncoder(context.schema().numUsers(), context.schema().numItems(), dim, context.random("tables"));
    }

    static final class MeanPoolEncoder implements Encoder, Trainable {
        private final int dim;
        private final float[] users;
        private final float[] items;

        MeanPoolEncoder(int numUsers, int numItems, int dim, RandomGenerator random) {
            this.dim = dim;
            this.users = new float[numUsers * dim];
            this.items = new float[numItems * dim];
            for (int i = 0; i < users.length; i++) {
                users[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < items.length; i++) {
                items[i] = (float) random.nextGaussian();
            }
        }

        @Override
        public int dim() {
            return dim;
        }

        @Override
        public Vectors encodeUsers(FeatureBatch batch) {
            int[] ids = batch.ids();
            Column.MultiIds history = batch.has(FeatureBatch.HISTORY) ? batch.multi(FeatureBatch.HISTORY) : null;
            float[] out = new float[ids.length * dim];
            for (int r = 0; r < ids.length; r++) {
                add(out, r, users, ids[r], 1f, "user");
                if (history != null && history.length(r) > 0) {
                    float w = 1f / history.length(r);
                    for (int k = history.offsets()[r]; k < history.offsets()[r + 1]; k++) {
                        add(out, r, items, history.values()[k], w, "item");
                    }
                }
            }
            return Vectors.of(out, dim);
        }

        @Override
        public Vectors encodeItems(FeatureBatch batch) {
            int[] ids = batch.ids();
            float[] out = new float[ids.length * dim];
            for (int r = 0; r < ids.length; r++) {
                add(out, r, items, ids[r], 1f, "item");
            }
            return Vectors.of(out, dim);
        }

        private void add(float[] out, int row, float[] table, int id, float w, String what) {
            if (id == Column.MISSING) {
                return;
            }
            if (id < 0 || id >= table.length / dim) {
                throw new IllegalArgumentException("unknown " + what + " id " + id + " (" + table.length / dim + " " + what + "s)");
            }
            for (int d = 0; d < dim; d++) {
                out[row * dim + d] += w * table[id * dim + d];
            }
        }

        @Override
        public Optional<Trainable> trainable() {
            return Optional.of(this);
        }

        @Override
        public long parameterCount() {
            return users.length + (long) items.length;
        }

        @Override
        public void saveCheckpoint(Path dir) throws IOException {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("tables.bin.tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                for (float v : users) {
                    out.writeFloat(v);
                }
                for (float v : items) {
                    out.writeFloat(v);
                }
            }
            Files.move(tmp, dir.resolve("tables.bin"), StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void loadCheckpoint(Path dir) throws IOException {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("tables.bin"))))) {
                for (int i = 0; i < users.length; i++) {
                    users[i] = in.readFloat();
                }
                for (int i = 0; i < items.length; i++) {
                    items[i] = in.readFloat();
                }
            }
        }
    }
}
