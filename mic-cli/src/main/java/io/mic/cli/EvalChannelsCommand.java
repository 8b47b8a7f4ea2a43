package io.mic.cli;

import io.mic.core.data.DataSplit;
import io.mic.core.eval.EvaluationResult;
import io.mic.core.eval.FullRankingEvaluator;
import io.mic.core.eval.Metric;
import io.mic.core.registry.PluginRegistry;
import io.mic.retrieval.serve.PluginRef;
import io.mic.retrieval.serve.Recommendation;
import io.mic.retrieval.serve.Recommender;
import io.mic.retrieval.serve.RecommenderSettings;
import io.mic.retrieval.serve.Recommenders;
import io.mic.spi.MetricsSink;
import io.mic.spi.Model;
import io.mic.spi.Progress;
import io.mic.spi.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Quality of the serving path on the run's test split: each channel alone, the merged channels
 * under each reranker, and the model's own full ranking (from the run's metrics.json), all with the
 * evaluator's metric code: each variant's top-N list (N = the largest k) is the model's ranking,
 * every other item scores -infinity (never ranked), train and validation items are masked (and are
 * the Recommender's seen items, so never recalled).
 */
@Command(name = "eval-channels", description = "Recall/NDCG of each serving channel alone, merged + each reranker, and the model's "
        + "full ranking, on a run's test split (needs mic index first).")
final class EvalChannelsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    RunModelOptions target;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset path, when it moved since the run.")
    Path data;

    @Option(names = "-k", split = ",", defaultValue = "20,50", paramLabel = "K", description = "Cut-offs (default 20,50).")
    int[] ks;

    @Option(names = "--k1", defaultValue = "100", description = "U2I quota K1 (default 100).")
    int k1;

    @Option(names = "--m", defaultValue = "10", description = "I2I: recent items M (default 10).")
    int m;

    @Option(names = "--m3", defaultValue = "10", description = "I2I: similar items per recent item M3 (default 10).")
    int m3;

    @Option(names = "--k2", defaultValue = "100", description = "I2I quota K2 (default 100).")
    int k2;

    @Option(names = "--m1", defaultValue = "10", description = "U2U: similar users M1 (default 10).")
    int m1;

    @Option(names = "--m2", defaultValue = "10", description = "U2U: recent items per similar user M2 (default 10).")
    int m2;

    @Option(names = "--k3", defaultValue = "100", description = "U2U quota K3 (default 100).")
    int k3;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: CPUs).")
    Integer threads;

    /** One row of the table: a channel set and a reranker. */
    record Variant(String name, List<PluginRef> channels, PluginRef rerank) {
    }

    @Override
    public Integer call() throws Exception {
        common.apply();
        RunModelOptions.Target t = target.open();
        RunDirectory rd = t.run();
        String label = t.label();
        Path serving = rd.requireServing(label);
        PluginRegistry registry = common.registry();
        IndexJob.Loaded l = IndexJob.load(rd, registry, data);
        Arrays.sort(ks);
        int n = ks[ks.length - 1];
        PluginRef u2i = PluginRef.of("u2i", Map.of("k1", Integer.toString(k1)));
        PluginRef i2i = PluginRef.of("i2i", Map.of("m", Integer.toString(m), "m3", Integer.toString(m3), "k2", Integer.toString(k2)));
        PluginRef u2u = PluginRef.of("u2u", Map.of("m1", Integer.toString(m1), "m2", Integer.toString(m2), "k3", Integer.toString(k3)));
        PluginRef byScore = PluginRef.of("mic-unified", Map.of("w-count", "0", "w-div", "0"));
        List<Variant> variants = List.of(
                new Variant("U2I alone", List.of(u2i), byScore),
                new Variant("I2I alone", List.of(i2i), byScore),
                new Variant("U2U alone", List.of(u2u), byScore),
                new Variant("merged + mic-unified (paper weights 1 / 0.5 / 0.2, raw diversity)", List.of(u2i, i2i, u2u),
                        PluginRef.of("mic-unified")),
                new Variant("merged + mic-unified (diversity normalised)", List.of(u2i, i2i, u2u),
                        PluginRef.of("mic-unified", Map.of("normalize-diversity", "true"))),
                new Variant("merged + mic-unified (similarity + count, no diversity)", List.of(u2i, i2i, u2u),
                        PluginRef.of("mic-unified", Map.of("w-div", "0"))),
                new Variant("merged + mmr (lambda 0.7)", List.of(u2i, i2i, u2u), PluginRef.of("mmr")));
        List<Metric> metrics = List.of(Metric.RECALL, Metric.NDCG);
        FullRankingEvaluator ev = new FullRankingEvaluator(l.split(), metrics, ks, threads != null ? threads
                : Runtime.getRuntime().availableProcessors());
        DataSplit split = l.split();
        System.out.printf("%s, model %s, test split (%d users with a test item); quotas K1=%d, I2I M=%d x M3=%d -> K2=%d, "
                + "U2U M1=%d x M2=%d -> K3=%d; list length N=%d%n", rd.dir().getFileName(), label, split.test().activeUsers(), k1, m, m3,
                k2, m1, m2, k3, n);
        StringBuilder header = new StringBuilder("| variant |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Metric mt : metrics) {
            for (int k : ks) {
                header.append(' ').append(mt.name().toLowerCase()).append('@').append(k).append(" |");
                rule.append("---|");
            }
        }
        header.append(" candidates (mean) | recall of all candidates |");
        rule.append("---|---|");
        System.out.println(header);
        System.out.println(rule);
        for (Variant v : variants) {
            RecommenderSettings s = RecommenderSettings.defaults(serving).withChannels(v.channels()).withRerank(v.rerank())
                    .withVerify(false);
            try (Recommender rec = Recommenders.open(s, registry, MetricsSink.NOOP)) {
                ListModel lm = new ListModel(rec, n, split.test());
                EvaluationResult r = ev.evaluate(lm, FullRankingEvaluator.Target.TEST, Progress.NOOP);
                System.out.println(row(v.name(), r, metrics, String.format("%.1f | %.4f", lm.meanCandidates(), lm.candidateRecall())));
            }
        }
        Map<String, Double> direct = directMetrics(rd.dir().resolve("metrics.json"), label);
        StringBuilder b = new StringBuilder("| model's full ranking (metrics.json, all items) |");
        for (Metric mt : metrics) {
            for (int k : ks) {
                Double d = direct.get(mt.name().toLowerCase() + "@" + k);
                b.append(' ').append(d == null ? "n/a" : String.format("%.4f", d)).append(" |");
            }
        }
        System.out.println(b.append(" all | 1 |"));
        return 0;
    }

    private static String row(String name, EvaluationResult r, List<Metric> metrics, String extra) {
        StringBuilder b = new StringBuilder("| ").append(name).append(" |");
        for (Metric mt : metrics) {
            for (int k : r.ks()) {
                b.append(' ').append(String.format("%.4f", r.get(mt, k))).append(" |");
            }
        }
        return b.append(' ').append(extra).append(" |").toString();
    }

    /** Test metrics of {@code label} in a run's metrics.json. */
    static Map<String, Double> directMetrics(Path file, String label) throws java.io.IOException {
        String json = Files.readString(file);
        int at = json.indexOf("\"label\":\"" + label + "\"");
        if (at < 0) {
            at = json.indexOf("\"label\": \"" + label + "\"");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        if (at < 0) {
            return out;
        }
        int test = json.indexOf("\"test\"", at);
        int end = json.indexOf('}', test);
        Matcher mt = Pattern.compile("\"([a-z]+@\\d+)\"\\s*:\\s*([-0-9.eE]+|NaN)").matcher(json.substring(test, end));
        while (mt.find()) {
            out.put(mt.group(1), Double.parseDouble(mt.group(2)));
        }
        return out;
    }

    /**
     * The Recommender's top-n list as a Model: list items score n - rank, every other item
     * -infinity. On the side it asks for every candidate (n = the Recommender's maximum, so the
     * reranker orders the whole merged set) to measure how many test items the channels recalled
     * at all: the ceiling any reranker of that candidate set can reach.
     */
    static final class ListModel implements Model {
        private final Recommender rec;
        private final int n;
        private final io.mic.core.data.InteractionMatrix truth;
        private final java.util.concurrent.atomic.LongAdder lists = new java.util.concurrent.atomic.LongAdder();
        private final java.util.concurrent.atomic.LongAdder candidates = new java.util.concurrent.atomic.LongAdder();
        private final java.util.concurrent.atomic.DoubleAdder recall = new java.util.concurrent.atomic.DoubleAdder();

        ListModel(Recommender rec, int n, io.mic.core.data.InteractionMatrix truth) {
            this.rec = rec;
            this.n = n;
            this.truth = truth;
        }

        @Override
        public void fit(TrainingData trainingData) {
            DataSplit split = DataSplit.of(trainingData);
        }

        @Override
        public void score(int user, float[] out) {
            Arrays.fill(out, Float.NEGATIVE_INFINITY);
            Recommendation r = rec.recommend(user, 1000);
            if (r.degraded()) {
                throw new IllegalStateException("channels " + r.unavailable() + " did not answer for user " + user);
            }
            List<Recommendation.Item> list = r.items();
            java.util.Set<Integer> all = new java.util.HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                all.add(list.get(i).index());
                if (i < n) {
                    out[list.get(i).index()] = n - i;
                }
            }
            int[] t = truth.items();
            int hits = 0;
            for (int k = truth.start(user); k < truth.end(user); k++) {
                hits += all.contains(t[k]) ? 1 : 0;
            }
            if (truth.count(user) > 0) {
                lists.increment();
                candidates.add(list.size());
                recall.add((double) hits / truth.count(user));
            }
        }

        double meanCandidates() {
            return lists.sum() == 0 ? 0 : (double) candidates.sum() / lists.sum();
        }

        double candidateRecall() {
            return lists.sum() == 0 ? 0 : recall.sum() / lists.sum();
        }
    }
}
