package io.mic.models.tf;

import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.models.tf.training.Checkpoint;
import io.mic.models.tf.training.LearningRate;
import io.mic.models.tf.training.TrainStep;
import io.mic.models.tf.training.Trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.spi.Progress;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path dir;

    private static final PlantedData DATA = new PlantedData(200, 100, 4, 10, 0.8, 3);

    private static TwoTowerReference model(Optimizer opt) {
        return new TwoTowerReference(DATA, 8, 0.2, true, opt, 1);
    }

    private static float[] snapshot(EmbeddingTable t) {
        float[] out = new float[t.rows() * t.dim()];
        for (int r = 0; r < t.rows(); r++) {
            t.read(r, out, r * t.dim());
        }
        return out;
    }

    private Trainer.Config config(int epochs) {
        return Trainer.Config.of(epochs, 128, 42, 0.3).withLearningRate(LearningRate.cosine(0.3, 0.01, 5)).withClipNorm(5.0);
    }

    @Test
    void resumeContinuesExactlyWhereAnUninterruptedRunWouldBe() {
        for (Optimizer opt : new Optimizer[] {Optimizer.adagrad(), Optimizer.adam()}) {
            Path a = dir.resolve("a-" + opt.code());
            Path b = dir.resolve("b-" + opt.code());
            float[] straightUsers;
            float[] straightItems;
            try (TwoTowerReference m = model(opt)) {
                Trainer.Report r = new Trainer(config(3).withCheckpoints(a, false)).fit(m);
                assertThat(r.epochs()).isEqualTo(3);
                straightUsers = snapshot(m.users);
                straightItems = snapshot(m.items);
            }
            try (TwoTowerReference m = model(opt)) {
                // the same run, crashing at the first step of epoch 3 (the schedule depends on the planned length)
                TrainStep crashing = crashAt(m, 32);
                assertThatThrownBy(() -> new Trainer(config(3).withCheckpoints(b, false)).fit(crashing)).hasMessage("crash");
            }
            try (TwoTowerReference m = model(opt)) { // fresh initial values: everything must come from the checkpoint
                Trainer.Report r = new Trainer(config(3).withCheckpoints(b, true)).fit(m);
                assertThat(r.resumedFrom()).isEqualTo(2);
                assertThat(r.epochs()).isEqualTo(3);
                assertThat(r.steps()).isEqualTo(3L * 16);
                // same seed-derived batches, same state: bit-identical (TF CPU kernels are deterministic for fixed shapes)
                assertThat(snapshot(m.users)).containsExactly(straightUsers);
                assertThat(snapshot(m.items)).containsExactly(straightItems);
            }
        }
    }

    private static TrainStep crashAt(TwoTowerReference m, long step) {
        return new TrainStep() {
            long calls;

            @Override
            public StepGraph graph() {
                return m.graph();
            }

            @Override
            public int examples() {
                return m.examples();
            }

            @Override
            public void feed(Feeds feeds, int[] order, int from, int to, SplittableRandom rng) {
                if (calls++ == step) {
                    throw new IllegalStateException("crash");
                }
                m.feed(feeds, order, from, to, rng);
            }
        };
    }

    @Test
    void resumeSkipsACorruptNewestCheckpointAndKeepsOnlyTheLastOnes() throws IOException {
        try (TwoTowerReference m = model(Optimizer.adagrad())) {
            new Trainer(config(4).withCheckpoints(dir, false)).fit(m);
        }
        assertThat(Files.readString(dir.resolve("LATEST")).trim()).isEqualTo("ckpt-000004");
        assertThat(Files.exists(dir.resolve("ckpt-000002"))).as("pruned (keep 2)").isFalse();
        assertThat(Files.exists(dir.resolve("ckpt-000003"))).isTrue();
        Path file = dir.resolve("ckpt-000004").resolve("table-1.emb");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(500);
            raf.write(raf.read() ^ 1);
        }
        assertThatThrownBy(() -> Checkpoint.verify(dir.resolve("ckpt-000004"))).hasMessageContaining("checksum");
        try (TwoTowerReference m = model(Optimizer.adagrad())) {
            Trainer.Report r = new Trainer(config(4).withCheckpoints(dir, true)).fit(m);
            assertThat(r.resumedFrom()).isEqualTo(3);
            assertThat(r.epochs()).isEqualTo(4);
        }
    }

    @Test
    void earlyStoppingHonoursPatienceAndRestoresTheBestEpoch() throws IOException {
        double[] metric = {0.1, 0.5, 0.4, 0.45, 0.3, 0.2};
        List<Integer> asked = new ArrayList<>();
        try (TwoTowerReference m = model(Optimizer.adagrad())) {
            Trainer.Config c = config(6).withCheckpoints(dir, false).withEarlyStopping(e -> {
                asked.add(e);
                return metric[e - 1];
            }, 2, true);
            Trainer.Report r = new Trainer(c).fit(m);
            assertThat(asked).containsExactly(1, 2, 3, 4);
            assertThat(r.stoppedEarly()).isTrue();
            assertThat(r.epochs()).isEqualTo(4);
            assertThat(r.bestEpoch()).isEqualTo(2);
            assertThat(r.bestMetric()).isEqualTo(0.5);
            assertThat(Files.exists(dir.resolve("ckpt-000002"))).as("best epoch kept despite pruning").isTrue();
            float[] restored = snapshot(m.items);
            float[] epoch2 = snapshot(EmbeddingTable.load(dir.resolve("ckpt-000002").resolve("table-1.emb")));
            assertThat(restored).containsExactly(epoch2);
        }
        try (TwoTowerReference m = model(Optimizer.adagrad())) {
            Trainer.Report r = new Trainer(config(6).withCheckpoints(dir, true).withEarlyStopping(e -> 0, 2, false)).fit(m);
            assertThat(r.stoppedEarly()).as("a stopped run stays stopped on resume").isTrue();
            assertThat(r.epochs()).isEqualTo(4);
        }
    }

    /** XSimGCL's shape: the metric falls for a while, then climbs past epoch 1; patience alone would stop at epoch 3. */
    @Test
    void noEarlyStopBeforeTheMinimumEpochsAndTheBestIsChosenOverAll() throws IOException {
        double[] metric = {0.3, 0.2, 0.1, 0.15, 0.25, 0.4, 0.5, 0.45, 0.44, 0.43};
        try (TwoTowerReference m = model(Optimizer.adagrad())) {
            List<Integer> asked = new ArrayList<>();
            Trainer.Config c = config(10).withCheckpoints(dir, false).withEarlyStopping(e -> {
                asked.add(e);
                return metric[e - 1];
            }, 2, true);
            Trainer.Report plain = new Trainer(c).fit(m);
            assertThat(plain.epochs()).as("patience 2 alone").isEqualTo(3);
            assertThat(plain.bestEpoch()).isEqualTo(1);
        }
        Path dir2 = dir.resolve("min");
        try (TwoTowerReference m = model(Optimizer.adagrad())) {
            List<Integer> asked = new ArrayList<>();
            Trainer.Config c = config(10).withCheckpoints(dir2, false).withEarlyStopping(e -> {
                asked.add(e);
                return metric[e - 1];
            }, 2, true).withMinEpochs(5);
            Trainer.Report r = new Trainer(c).fit(m);
            assertThat(asked).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(r.stoppedEarly()).isTrue();
            assertThat(r.epochs()).isEqualTo(9);
            assertThat(r.bestEpoch()).isEqualTo(7);
            assertThat(r.bestMetric()).isEqualTo(0.5);
        }
        assertThatThrownBy(() -> config(3).withMinEpochs(-1)).hasMessageContaining("minEpochs");
    }

    @Test
    void nonFiniteLossStopsTheRunNamingStepAndTensorAndKeepsTheLastGoodCheckpoint() throws IOException {
        try (TwoTowerReference m = model(Optimizer.adagrad())) {
            TrainStep poisoned = new TrainStep() {
                long calls;

                @Override
                public StepGraph graph() {
                    return m.graph();
                }

                @Override
                public int examples() {
                    return m.examples();
                }

                @Override
                public void feed(Feeds feeds, int[] order, int from, int to, SplittableRandom rng) {
                    m.feed(feeds, order, from, to, rng);
                    if (calls++ == 20) { // global step 20 = epoch 2, batch 4
                        float[] bad = new float[to - from];
                        java.util.Arrays.fill(bad, Float.NaN);
                        feeds.floats(inputLogQ(m), bad, to - from);
                    }
                }
            };
            assertThatThrownBy(() -> new Trainer(config(3).withCheckpoints(dir, false)).fit(poisoned))
                    .isInstanceOf(NonFiniteException.class).hasMessageContaining("step 20").hasMessageContaining("loss");
            assertThat(Files.readString(dir.resolve("LATEST")).trim()).isEqualTo("ckpt-000001");
            Checkpoint.verify(dir.resolve("ckpt-000001"));
        }
    }

    @SuppressWarnings("unchecked")
    private static org.tensorflow.op.core.Placeholder<org.tensorflow.types.TFloat32> inputLogQ(TwoTowerReference m) {
        try {
            java.lang.reflect.Field f = TwoTowerReference.class.getDeclaredField("logQInput");
            f.setAccessible(true);
            return (org.tensorflow.op.core.Placeholder<org.tensorflow.types.TFloat32>) f.get(m);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void reportsProgressWithLossAndThroughput() {
        List<String> events = new ArrayList<>();
        Progress p = new Progress() {
            @Override
            public void start(String task, long total) {
                events.add("start " + task + " " + total);
            }

            @Override
            public void step(long delta) {
            }

            @Override
            public void message(String text) {
                events.add("msg " + text);
            }

            @Override
            public void done() {
                events.add("done");
            }
        };
        try (TwoTowerReference m = model(Optimizer.adagrad())) {
            new Trainer(config(2).withProgress(p)).fit(m);
        }
        assertThat(events.get(0)).isEqualTo("start epoch 1/2 16");
        assertThat(events).anyMatch(e -> e.matches("msg loss=\\d+\\.\\d{4} ex/s=\\d+ lr=.*"));
        assertThat(events.stream().filter(e -> e.equals("done")).count()).isEqualTo(2);
    }

    @Test
    void learningRateSchedules() {
        assertThat(LearningRate.constant(0.1).at(999, 1000)).isEqualTo(0.1);
        LearningRate s = LearningRate.step(1.0, 10, 0.5);
        assertThat(s.at(9, 100)).isEqualTo(1.0);
        assertThat(s.at(10, 100)).isEqualTo(0.5);
        assertThat(s.at(35, 100)).isEqualTo(0.125);
        LearningRate c = LearningRate.cosine(1.0, 0.1, 4);
        assertThat(c.at(0, 104)).isEqualTo(0.25);
        assertThat(c.at(3, 104)).isEqualTo(1.0);
        assertThat(c.at(4, 104)).isCloseTo(1.0, within(1e-12));
        assertThat(c.at(103, 104)).isCloseTo(0.1, within(1e-12));
        assertThat(c.at(54, 104)).isCloseTo(0.55, within(0.02));
        assertThatThrownBy(() -> LearningRate.constant(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shuffleIsASeededPermutation() {
        int[] a = new int[1000];
        int[] b = new int[1000];
        Trainer.shuffle(a, 1, 0);
        Trainer.shuffle(b, 1, 0);
        assertThat(a).containsExactly(b);
        Trainer.shuffle(b, 1, 1);
        assertThat(a).isNotEqualTo(b);
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
    }
}
