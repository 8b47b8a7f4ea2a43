package io.mic.bench;

import io.mic.spi.Candidates;
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
 * Merging three channels' outputs ({@code perChannel} items each, drawn from a pool of
 * {@code 2 x perChannel} items so about half overlap) into one reused {@link Candidates} buffer:
 * the per-request cost of provenance tracking (clear + 3 x perChannel adds).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CandidatesMergeBenchmark {

    @Param({"100", "200"})
    public int perChannel;

    private static final int SETS = 64;

    private int[][] ids;
    private float[][] scores;
    private Candidates out;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(3);
        ids = new int[SETS][3 * perChannel];
        scores = new float[SETS][3 * perChannel];
        for (int s = 0; s < SETS; s++) {
            int base = rnd.nextInt(1_000_000);
            for (int i = 0; i < 3 * perChannel; i++) {
                ids[s][i] = base + rnd.nextInt(2 * perChannel) * 37;
                scores[s][i] = rnd.nextFloat();
            }
        }
        out = new Candidates(4 * perChannel);
    }

    @Benchmark
    public int merge() {
        int[] id = ids[next];
        float[] sc = scores[next];
        next = (next + 1) % SETS;
        out.clear();
        for (int ch = 0, i = 0; ch < 3; ch++) {
            for (int j = 0; j < perChannel; j++, i++) {
                out.add(id[i], ch, sc[i]);
            }
        }
        return out.size();
    }
}
