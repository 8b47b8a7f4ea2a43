package io.mic.bench;

import io.mic.rerank.MmrReranker;
import io.mic.rerank.Relevance;
import io.mic.rerank.UnifiedReranker;
import io.mic.spi.Candidates;
import io.mic.spi.ItemCatalog;
import io.mic.spi.Query;
import io.mic.spi.Reranker;
import io.mic.spi.Vectors;
import java.util.Arrays;
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
 * Reranking {@code candidates} merged candidates from three channels (about a third recalled by
 * two or three channels, 18 categories, 50 seen items to exclude) to the top {@code n = 50}:
 * {@code mic-unified} (goal: 500 candidates in at most 20 us) and {@code mmr} (dim 64).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class RerankBenchmark {

    @Param({"mic-unified", "mmr"})
    public String reranker;

    @Param({"500"})
    public int candidates;

    private static final int ITEMS = 100_000;
    private static final int SETS = 32;

    private Reranker rr;
    private Candidates[] inputs;
    private Query[] queries;
    private final Candidates out = new Candidates(64);
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(9);
        int[] categories = new int[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            categories[i] = rnd.nextInt(18);
        }
        ItemCatalog catalog = new ItemCatalog() {
            @Override
            public int numItems() {
                return ITEMS;
            }

            @Override
            public int category(int item) {
                return categories[item];
            }
        };
        rr = switch (reranker) {
            case "mic-unified" -> new UnifiedReranker(1f, 0.5f, 0.2f, false, Relevance.MAX_NORMALIZED, catalog);
            case "mmr" -> new MmrReranker(0.7f, Relevance.MAX_NORMALIZED, Vectors.of(BenchData.clustered(ITEMS, 64, 100, 1.0, 4), 64));
            default -> throw new IllegalArgumentException("reranker " + reranker);
        };
        inputs = new Candidates[SETS];
        queries = new Query[SETS];
        for (int s = 0; s < SETS; s++) {
            Candidates c = new Candidates(candidates);
            while (c.size() < candidates) {
                int item = rnd.nextInt(ITEMS);
                int channels = 1 + (rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(2) : 0);
                int first = rnd.nextInt(3);
                for (int k = 0; k < channels; k++) {
                    c.add(item, (first + k) % 3, rnd.nextFloat());
                }
            }
            inputs[s] = c;
            int[] exclude = new int[50];
            for (int e = 0; e < exclude.length; e++) {
                exclude[e] = e % 2 == 0 ? c.item(rnd.nextInt(c.size())) : rnd.nextInt(ITEMS);
            }
            Arrays.sort(exclude);
            queries[s] = new Query(s, null, 1, Arrays.stream(exclude).distinct().toArray(), 50);
        }
    }

    @Benchmark
    public int rerank() {
        int s = next;
        next = (next + 1) % SETS;
        rr.rerank(queries[s], inputs[s], out);
        return out.size();
    }
}
