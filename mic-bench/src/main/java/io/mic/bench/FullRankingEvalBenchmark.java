package io.mic.bench;

import io.mic.core.baseline.ItemKnnModelFactory;
import io.mic.core.baseline.PopModelFactory;
import io.mic.core.data.DataSplit;
import io.mic.core.data.Splitter;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import io.mic.core.eval.EvaluationResult;
import io.mic.core.eval.FullRankingEvaluator;
import io.mic.core.eval.Metric;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.ModelFactory;
import io.mic.spi.PluginConfig;
import io.mic.spi.Progress;
import java.util.List;
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
 * Full-ranking evaluation (score every item, mask training items, top-50, six metrics at
 * K = 10/20/50) of all users of an ML-1M-sized synthetic dataset (6,040 users x 3,706 items,
 * ~165 interactions per user, leave-one-out), for a cheap scorer ({@code pop}) and a sparse one
 * ({@code item-knn}, k = 100). Measures the evaluator's own cost plus the model's scoring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class FullRankingEvalBenchmark {

    @Param({"6040"})
    public int users;

    @Param({"3706"})
    public int items;

    @Param({"pop", "item-knn"})
    public String model;

    @Param({"2"})
    public int threads;

    private FullRankingEvaluator evaluator;
    private Model fitted;

    @Setup(Level.Trial)
    public void setup() {
        DataSplit split = Splitter.leaveLastOut(SyntheticDataset.generate(new SyntheticSpec(users, items, 16, Math.min(165, items / 2), 0.8, 0.8), 11));
        ModelFactory f = model.equals("pop") ? new PopModelFactory() : new ItemKnnModelFactory();
        PluginConfig config = PluginConfig.empty(model);
        fitted = f.create(config, SeededPluginContext.of(split.dataset().schema(), 1, MetricsSink.NOOP));
        config.requireAllKeysKnown();
        fitted.fit(split);
        evaluator = new FullRankingEvaluator(split, List.of(Metric.values()), new int[] {10, 20, 50}, threads);
    }

    @Benchmark
    public EvaluationResult evaluateAllUsers() {
        return evaluator.evaluate(fitted, FullRankingEvaluator.Target.TEST, Progress.NOOP);
    }
}
