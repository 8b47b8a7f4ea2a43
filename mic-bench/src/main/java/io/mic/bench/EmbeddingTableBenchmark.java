package io.mic.bench;

import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.tables.EmbeddingTable;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The part of a training step that sees the vocabulary: gathering a batch's rows from one Java
 * {@link EmbeddingTable} and applying row-wise Adagrad to them ({@code batch} uniform random ids,
 * dim 64, as in {@link TwoTowerStepBenchmark}, which does this for two tables per step). At 10M
 * rows nearly every row is a cache and TLB miss; at 10k the table sits in cache, so the
 * difference is the memory cost the step pays for a large vocabulary.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class EmbeddingTableBenchmark {

    @Param({"10000", "10000000"})
    public int ids;

    @Param({"256"})
    public int batch;

    private static final int DIM = 64;
    private static final int ID_SETS = 2048;

    private EmbeddingTable table;
    private int[][] idSets;
    private float[] rows;
    private float[] grads;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        table = EmbeddingTable.create("bench", ids, DIM, Optimizer.adagrad(), Initializer.embedding(DIM), 1);
        SplittableRandom r = new SplittableRandom(7);
        // distinct ids per set, as the trainer's de-duplication hands them over; enough sets (2048 x
        // 256 rows x 256 bytes = 128 MB) that at 10M rows a set's rows are not cache-resident from its last use
        idSets = new int[ID_SETS][];
        for (int s = 0; s < ID_SETS; s++) {
            idSets[s] = r.ints(0, ids).distinct().limit(Math.min(batch, ids)).toArray();
        }
        rows = new float[batch * DIM];
        grads = new float[batch * DIM];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = (float) (r.nextGaussian() * 1e-3);
        }
    }

    private int[] nextIds() {
        int[] s = idSets[next];
        next = (next + 1) % ID_SETS;
        return s;
    }

    @Benchmark
    public float gather() {
        int[] s = nextIds();
        table.gather(s, 0, s.length, rows, 0);
        return rows[DIM];
    }

    @Benchmark
    public long applyGradients() {
        int[] s = nextIds();
        table.applyGradients(s, s.length, grads, 0.01f);
        return table.touchedRows();
    }
}
