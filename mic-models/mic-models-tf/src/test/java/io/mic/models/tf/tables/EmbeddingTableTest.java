package io.mic.models.tf.tables;

import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingTableTest {

    @TempDir
    Path dir;

    /** A table with 3-row chunks so that chunk boundaries are crossed everywhere. */
    private static EmbeddingTable small(String name, int rows, int dim, Optimizer opt, long seed) {
        EmbeddingTable t = new EmbeddingTable(name, rows, dim, opt, 3 * dim + 1);
        t.initialize(Initializer.embedding(dim), seed);
        return t;
    }

    private static float[] all(EmbeddingRows t) {
        float[] out = new float[t.rows() * t.dim()];
        for (int r = 0; r < t.rows(); r++) {
            t.read(r, out, r * t.dim());
        }
        return out;
    }

    @Test
    void initialisationIsDeterministicIndependentOfChunkingAndScaledByDim() {
        EmbeddingTable chunked = small("e", 1000, 16, Optimizer.sgd(), 7);
        EmbeddingTable plain = EmbeddingTable.create("e", 1000, 16, Optimizer.sgd(), Initializer.embedding(16), 7);
        EmbeddingTable otherSeed = EmbeddingTable.create("e", 1000, 16, Optimizer.sgd(), Initializer.embedding(16), 8);
        assertThat(all(chunked)).containsExactly(all(plain));
        assertThat(all(otherSeed)).isNotEqualTo(all(plain));
        float[] v = all(plain);
        double sum = 0;
        double sq = 0;
        for (float x : v) {
            sum += x;
            sq += x * x;
        }
        double mean = sum / v.length;
        double var = sq / v.length - mean * mean;
        // 16000 draws of N(0, 1/16): the sample mean has sd 0.002, the variance sd ~0.0007
        assertThat(mean).isCloseTo(0.0, within(0.01));
        assertThat(var).isCloseTo(1.0 / 16, within(0.005));
    }

    @Test
    void rowWiseAdagradMatchesHandComputation() {
        EmbeddingTable t = small("a", 10, 2, new Optimizer.Adagrad(0.1f, 1e-7f), 1);
        float[] before = new float[2];
        t.read(4, before, 0);
        float[] g = {0.3f, -0.4f};
        t.applyGradients(new int[] {4}, 1, g, 0.5f);
        t.applyGradients(new int[] {4}, 1, g, 0.5f);
        // acc after step 1 = 0.1 + (0.09+0.16)/2 = 0.225; after step 2 = 0.35
        double w0 = before[0] - 0.5 * 0.3 / (Math.sqrt(0.225) + 1e-7) - 0.5 * 0.3 / (Math.sqrt(0.35) + 1e-7);
        double w1 = before[1] + 0.5 * 0.4 / (Math.sqrt(0.225) + 1e-7) + 0.5 * 0.4 / (Math.sqrt(0.35) + 1e-7);
        float[] after = new float[2];
        t.read(4, after, 0);
        assertThat((double) after[0]).isCloseTo(w0, within(1e-6));
        assertThat((double) after[1]).isCloseTo(w1, within(1e-6));
        assertThat(t.touchedRows()).isEqualTo(1);
        assertThat(t.updates()).isEqualTo(2);
    }

    @Test
    void lazyAdamBiasCorrectsWithTheRowsOwnStepCount() {
        EmbeddingTable t = small("a", 10, 1, Optimizer.adam(), 1);
        float[] w = new float[1];
        t.read(9, w, 0);
        float start = w[0];
        // row 3 is updated at steps 1..5 so row 9's first update happens late
        for (int s = 0; s < 5; s++) {
            t.applyGradients(new int[] {3}, 1, new float[] {1f}, 0.1f);
        }
        t.applyGradients(new int[] {9}, 1, new float[] {0.2f}, 0.1f);
        t.read(9, w, 0);
        // first Adam step on a row moves it by lr * sign(g) (m_hat / sqrt(v_hat) = g/|g|)
        assertThat((double) (start - w[0])).isCloseTo(0.1, within(1e-6));
        assertThat(t.touchedRows()).isEqualTo(2);
    }

    @Test
    void saveLoadRoundTripsWeightsAndStateAndTrainingContinuesIdentically() throws IOException {
        for (Optimizer opt : new Optimizer[] {Optimizer.sgd(), Optimizer.adagrad(), Optimizer.adam()}) {
            EmbeddingTable a = small("t", 50, 4, opt, 3);
            SplittableRandom rnd = new SplittableRandom(5);
            train(a, rnd, 20);
            Path f = dir.resolve("t-" + opt.code() + ".emb");
            a.save(f);
            EmbeddingTable b = EmbeddingTable.load(f);
            assertThat(b.name()).isEqualTo("t");
            assertThat(b.optimizer()).isEqualTo(opt);
            assertThat(all(b)).containsExactly(all(a));
            assertThat(b.touchedRows()).isEqualTo(a.touchedRows());
            assertThat(b.updates()).isEqualTo(a.updates());
            // identical continuation proves the optimizer state (not just weights) came back
            train(a, new SplittableRandom(9), 10);
            train(b, new SplittableRandom(9), 10);
            assertThat(all(b)).containsExactly(all(a));
            // in-place restore rewinds a table to the file
            a.restore(f);
            assertThat(all(a)).isNotEqualTo(all(b));
            train(a, new SplittableRandom(9), 10);
            assertThat(all(a)).containsExactly(all(b));
        }
    }

    private static void train(EmbeddingTable t, SplittableRandom rnd, int steps) {
        int[] ids = new int[5];
        float[] g = new float[5 * t.dim()];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i * 10 + rnd.nextInt(10); // distinct by construction
            }
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) rnd.nextGaussian();
            }
            t.applyGradients(ids, ids.length, g, 0.05f);
        }
    }

    @Test
    void corruptionAndTruncationAreDetected() throws IOException {
        EmbeddingTable a = small("c", 50, 8, Optimizer.adagrad(), 1);
        train(a, new SplittableRandom(1), 3);
        Path f = dir.resolve("c.emb");
        a.save(f);
        Path flipped = dir.resolve("flipped.emb");
        Files.copy(f, flipped);
        try (RandomAccessFile raf = new RandomAccessFile(flipped.toFile(), "rw")) {
            raf.seek(EmbeddingTable.HEADER_BYTES + 100);
            int b = raf.read();
            raf.seek(EmbeddingTable.HEADER_BYTES + 100);
            raf.write(b ^ 0x10);
        }
        assertThatThrownBy(() -> EmbeddingTable.load(flipped)).isInstanceOf(IOException.class).hasMessageContaining("checksum mismatch");
        assertThatThrownBy(() -> MappedEmbeddings.open(flipped, true)).isInstanceOf(IOException.class).hasMessageContaining("checksum mismatch");
        EmbeddingTable target = small("c", 50, 8, Optimizer.adagrad(), 2);
        float[] before = all(target);
        assertThatThrownBy(() -> target.restore(flipped)).isInstanceOf(IOException.class);
        assertThat(all(target)).as("a failed restore leaves the table unchanged").containsExactly(before);

        Path cut = dir.resolve("cut.emb");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertThatThrownBy(() -> EmbeddingTable.load(cut)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> MappedEmbeddings.open(cut, false)).isInstanceOf(IOException.class).hasMessageContaining("does not match its header");
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp")).count()).as("no temp files left").isZero();
    }

    @Test
    void mappedFileReadsTheSameRowsAcrossSeveralMappings() throws IOException {
        EmbeddingTable a = small("m", 101, 6, Optimizer.adam(), 4);
        train(a, new SplittableRandom(2), 5);
        Path f = dir.resolve("m.emb");
        a.save(f);
        try (MappedEmbeddings m = MappedEmbeddings.open(f, true, 6 * 4 * 16)) {
            assertThat(m.rows()).isEqualTo(101);
            assertThat(m.dim()).isEqualTo(6);
            assertThat(all(m)).containsExactly(all(a));
            int[] ids = {100, 0, 17, 17, 64};
            float[] x = new float[ids.length * 6];
            float[] y = new float[ids.length * 6];
            m.gather(ids, 0, ids.length, x, 0);
            a.gather(ids, 0, ids.length, y, 0);
            assertThat(x).containsExactly(y);
            assertThatThrownBy(() -> m.read(101, x, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void readersNeverSeeAHalfAppliedBatch() throws Exception {
        int rows = 200;
        EmbeddingTable t = new EmbeddingTable("r", rows, 8, Optimizer.sgd(), 8 * 16);
        t.initialize(Initializer.zeros(), 0);
        int[] ids = new int[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = i;
        }
        float[] minusOne = new float[rows * 8];
        java.util.Arrays.fill(minusOne, -1f);
        AtomicReference<String> torn = new AtomicReference<>();
        Thread[] readers = new Thread[2];
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        for (int k = 0; k < readers.length; k++) {
            readers[k] = new Thread(() -> {
                float[] out = new float[rows * 8];
                while (!stop.get()) {
                    t.gather(ids, 0, rows, out, 0);
                    for (float v : out) {
                        if (v != out[0]) {
                            torn.set("saw " + v + " beside " + out[0]);
                            return;
                        }
                    }
                }
            });
            readers[k].start();
        }
        for (int s = 0; s < 2000; s++) {
            t.applyGradients(ids, rows, minusOne, 1f); // every value += 1 in one batch
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join();
        }
        assertThat(torn.get()).isNull();
        float[] one = new float[8];
        t.read(rows - 1, one, 0);
        assertThat(one[7]).isEqualTo(2000f);
    }

    @Test
    void rejectsBadInput() {
        EmbeddingTable t = small("x", 5, 2, Optimizer.sgd(), 1);
        assertThatThrownBy(() -> t.read(5, new float[2], 0)).hasMessageContaining("id 5 outside [0, 5)").hasMessageContaining("'x'");
        assertThatThrownBy(() -> t.applyGradients(new int[] {-1}, 1, new float[2], 1f)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> EmbeddingTable.create("bad name", 1, 1, Optimizer.sgd(), Initializer.zeros(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EmbeddingTable.chunkShift(64, 1 << 24)).isEqualTo(18);
    }
}
