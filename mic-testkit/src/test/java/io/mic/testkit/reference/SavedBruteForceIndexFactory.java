package io.mic.testkit.reference;

import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import io.mic.spi.Vectors;
import io.mic.testkit.TestingVectorIndex;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reference index for the kit's own tests: brute force that can be saved to and loaded from a directory. */
public final class SavedBruteForceIndexFactory implements VectorIndexFactory {
    private static final String FILE = "vectors.bin";

    @Override
    public String name() {
        return "kit-ref-saved-brute-force";
    }

    @Override
    public String description() {
        return "exact search, saved as raw vectors (mic-testkit reference)";
    }

    @Override
    public VectorIndex create(PluginConfig config, PluginContext context) {
        return new Saved();
    }

    /** Reads what {@link VectorIndex#save} wrote. */
    public static VectorIndex load(Path dir) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(FILE))))) {
            int rows = in.readInt();
            int dim = in.readInt();
            float[] v = new float[rows * dim];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readFloat();
            }
            Saved index = new Saved();
            index.build(new Vectors(v, rows, dim, 1));
            return index;
        }
    }

    private static final class Saved implements VectorIndex {
        private final TestingVectorIndex inner = new TestingVectorIndex();
        private Vectors vectors;

        @Override
        public void build(Vectors v) {
            vectors = v;
            inner.build(v);
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public int dim() {
            return inner.dim();
        }

        @Override
        public int search(float[] query, int offset, int k, int[] outIds, float[] outScores) {
            return inner.search(query, offset, k, outIds, outScores);
        }

        @Override
        public void save(Path dir) throws IOException {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE))))) {
                out.writeInt(vectors.rows());
                out.writeInt(vectors.dim());
                for (float x : vectors.values()) {
                    out.writeFloat(x);
                }
            }
        }
    }
}
