package io.mic.testkit.broken;

import io.mic.core.baseline.PopModelFactory;
import io.mic.core.data.DataSplit;
import io.mic.core.registry.SeededPluginContext;
import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.Candidates;
import io.mic.spi.Column;
import io.mic.spi.ComponentContext;
import io.mic.spi.Encoder;
import io.mic.spi.EncoderFactory;
import io.mic.spi.FeatureBatch;
import io.mic.spi.Model;
import io.mic.spi.ModelContext;
import io.mic.spi.ModelFactory;
import io.mic.spi.NeighborStore;
import io.mic.spi.NeighborStoreFactory;
import io.mic.spi.Neighbors;
import io.mic.spi.PluginConfig;
import io.mic.spi.PluginContext;
import io.mic.spi.Query;
import io.mic.spi.Reranker;
import io.mic.spi.RerankerContext;
import io.mic.spi.RerankerFactory;
import io.mic.spi.RetrievalChannel;
import io.mic.spi.RetrievalChannelContext;
import io.mic.spi.RetrievalChannelFactory;
import io.mic.spi.Sampler;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;
import io.mic.spi.TrainingData;
import io.mic.spi.VectorIndex;
import io.mic.spi.VectorIndexFactory;
import io.mic.spi.Vectors;
import io.mic.testkit.ServingTables;
import io.mic.testkit.TestingVectorIndex;
import io.mic.testkit.reference.IdMaskAugmenterFactory;
import io.mic.testkit.reference.MeanPoolEncoderFactory;
import io.mic.testkit.reference.ScoreRerankerFactory;
import io.mic.testkit.reference.U2iChannelFactory;
import java.util.SplittableRandom;

/**
 * Plugins that each break one promise of their SPI, so {@code KitCatchesBrokenPluginsTest} can
 * show the matching kit check fails with a message that says what is wrong. Each is registered in
 * this module's test {@code META-INF/services} unless its defect is not being registered.
 */
public final class Broken {
    private Broken() {
    }

    /** Augmenter that writes into its input's id array. */
    public static final class MutatingAugmenterFactory implements AugmenterFactory {
        @Override
        public String name() {
            return "broken-mutating";
        }

        @Override
        public String description() {
            return "masks ids in place";
        }

        @Override
        public Augmenter create(PluginConfig config, ComponentContext context) {
            return (batch, random) -> {
                int[] ids = batch.ids();
                if (ids.length > 0) {
                    ids[random.nextInt(ids.length)] = Column.MISSING;
                }
                return batch;
            };
        }
    }

    /** Augmenter whose randomness comes from a generator it created, not from the argument. */
    public static final class HiddenStateAugmenterFactory implements AugmenterFactory {
        @Override
        public String name() {
            return "broken-hidden-state";
        }

        @Override
        public String description() {
            return "draws from its own generator";
        }

        @Override
        public Augmenter create(PluginConfig config, ComponentContext context) {
            SplittableRandom own = new SplittableRandom(1);
            Augmenter real = new IdMaskAugmenterFactory().create(PluginConfig.of("kit-ref-id-mask", java.util.Map.of("p", "0.5")), context);
            return (batch, random) -> {
                synchronized (own) {
                    return real.augment(batch, own.split());
                }
            };
        }
    }

    /** Augmenter that marks every key as read, so typos pass silently. */
    public static final class KeyHoarderAugmenterFactory implements AugmenterFactory {
        @Override
        public String name() {
            return "broken-key-hoarder";
        }

        @Override
        public String description() {
            return "reads every key it is given";
        }

        @Override
        public Augmenter create(PluginConfig config, ComponentContext context) {
            for (String key : config.keys()) {
                config.getString(key, "");
            }
            return new IdMaskAugmenterFactory().create(PluginConfig.of("kit-ref-id-mask", java.util.Map.of("p", "0.5")), context);
        }
    }

    /** Augmenter that validates its parameter with a plain exception, losing key and file:line. */
    public static final class UncheckedValueAugmenterFactory implements AugmenterFactory {
        @Override
        public String name() {
            return "broken-unchecked-value";
        }

        @Override
        public String description() {
            return "validates with IllegalArgumentException";
        }

        @Override
        public Augmenter create(PluginConfig config, ComponentContext context) {
            double p = Double.parseDouble(config.getString("p", "0.5"));
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("p out of range");
            }
            return new IdMaskAugmenterFactory().create(PluginConfig.of("kit-ref-id-mask", java.util.Map.of("p", Double.toString(p))), context);
        }
    }

    /** Augmenter without randomness (reverses histories): correct, when it declares RANDOMIZED unsupported. */
    public static final class FixedAugmenterFactory implements AugmenterFactory {
        @Override
        public String name() {
            return "fixed-reverse";
        }

        @Override
        public String description() {
            return "reverses histories";
        }

        @Override
        public Augmenter create(PluginConfig config, ComponentContext context) {
            return (batch, random) -> {
                if (!batch.has(FeatureBatch.HISTORY)) {
                    return batch;
                }
                Column.MultiIds h = batch.multi(FeatureBatch.HISTORY);
                int[] v = h.values().clone();
                for (int r = 0; r < h.rows(); r++) {
                    for (int i = h.offsets()[r], j = h.offsets()[r + 1] - 1; i < j; i++, j--) {
                        int t = v[i];
                        v[i] = v[j];
                        v[j] = t;
                    }
                }
                return batch.with(FeatureBatch.HISTORY, new Column.MultiIds(h.offsets(), v));
            };
        }
    }

    /** Augmenter nobody registered in META-INF/services. */
    public static final class UnregisteredAugmenterFactory implements AugmenterFactory {
        @Override
        public String name() {
            return "broken-unregistered";
        }

        @Override
        public String description() {
            return "missing from META-INF/services";
        }

        @Override
        public Augmenter create(PluginConfig config, ComponentContext context) {
            return new IdMaskAugmenterFactory().create(PluginConfig.of("kit-ref-id-mask", java.util.Map.of("p", "0.5")), context);
        }
    }

    /** Sampler whose "negatives" are the rows' own positives. */
    public static final class SelfSamplerFactory implements SamplerFactory {
        @Override
        public String name() {
            return "broken-self-sampler";
        }

        @Override
        public String description() {
            return "samples the positive itself";
        }

        @Override
        public Sampler create(PluginConfig config, ComponentContext context) {
            return (users, items, random) -> {
                if (users.length != items.length) {
                    throw new IllegalArgumentException("misaligned");
                }
                int[] ids = new int[items.length * 2];
                for (int r = 0; r < items.length; r++) {
                    ids[2 * r] = random.nextInt(context.schema().numItems());
                    ids[2 * r + 1] = items[r];
                }
                return new Samples(ids, 2, Samples.Target.ITEM, false);
            };
        }
    }

    /** Reranker that forgets query.exclude(). */
    public static final class ExcludeIgnoringRerankerFactory implements RerankerFactory {
        @Override
        public String name() {
            return "broken-exclude-ignoring";
        }

        @Override
        public String description() {
            return "ignores exclusions";
        }

        @Override
        public Reranker create(PluginConfig config, RerankerContext context) {
            Reranker real = new ScoreRerankerFactory().create(PluginConfig.empty("kit-ref-score"), context);
            return (query, candidates, out) -> real.rerank(new Query(query.user(), query.userVector(), 1, new int[0], query.n()), candidates, out);
        }
    }

    /** Reranker that writes its final scores into the input's merged scores ({@code Candidates.setScore} on the host's buffer). */
    public static final class ScoreRewritingRerankerFactory implements RerankerFactory {
        @Override
        public String name() {
            return "broken-score-rewriting";
        }

        @Override
        public String description() {
            return "rewrites the input's merged scores";
        }

        @Override
        public Reranker create(PluginConfig config, RerankerContext context) {
            Reranker real = new ScoreRerankerFactory().create(PluginConfig.empty("kit-ref-score"), context);
            return (query, candidates, out) -> {
                for (int i = 0; i < candidates.size(); i++) {
                    candidates.setScore(i, candidates.score(i) * 0.5f);
                }
                real.rerank(query, candidates, out);
            };
        }
    }

    /** Reranker that refuses an empty candidate list with an exception. */
    public static final class EmptyRefusingRerankerFactory implements RerankerFactory {
        @Override
        public String name() {
            return "broken-empty-refusing";
        }

        @Override
        public String description() {
            return "throws on empty input";
        }

        @Override
        public Reranker create(PluginConfig config, RerankerContext context) {
            Reranker real = new ScoreRerankerFactory().create(PluginConfig.empty("kit-ref-score"), context);
            return (query, candidates, out) -> {
                if (candidates.size() == 0) {
                    throw new IllegalStateException("nothing to rerank");
                }
                real.rerank(query, candidates, out);
            };
        }
    }

    /** Reranker that keeps its ranking in an array shared by all calls. */
    public static final class SharedScratchRerankerFactory implements RerankerFactory {
        @Override
        public String name() {
            return "broken-shared-scratch";
        }

        @Override
        public String description() {
            return "shares a scratch array between calls";
        }

        @Override
        public Reranker create(PluginConfig config, RerankerContext context) {
            Reranker real = new ScoreRerankerFactory().create(PluginConfig.empty("kit-ref-score"), context);
            int[] shared = new int[1024];
            return (query, candidates, out) -> {
                Candidates ranked = new Candidates(query.n());
                real.rerank(query, candidates, ranked);
                int n = ranked.size();
                for (int i = 0; i < n; i++) {
                    shared[i] = ranked.item(i);
                }
                pause();
                out.clear();
                for (int i = 0; i < n; i++) {
                    int src = candidates.indexOf(shared[i]);
                    if (src >= 0 && !out.contains(shared[i])) {
                        out.setScore(out.copyFrom(candidates, src), ranked.score(i));
                    }
                }
            };
        }
    }

    /** "Exact" index that scans only every other vector. */
    public static final class SloppyIndexFactory implements VectorIndexFactory {
        @Override
        public String name() {
            return "broken-sloppy-index";
        }

        @Override
        public String description() {
            return "skips half the vectors";
        }

        @Override
        public VectorIndex create(PluginConfig config, PluginContext context) {
            return new VectorIndex() {
                private Vectors vectors;

                @Override
                public void build(Vectors v) {
                    vectors = v;
                }

                @Override
                public int size() {
                    return vectors.rows();
                }

                @Override
                public int dim() {
                    return vectors.dim();
                }

                @Override
                public int search(float[] query, int offset, int k, int[] outIds, float[] outScores) {
                    int half = (vectors.rows() + 1) / 2;
                    float[] even = new float[half * vectors.dim()];
                    for (int r = 0; r < half; r++) {
                        System.arraycopy(vectors.values(), 2 * r * vectors.dim(), even, r * vectors.dim(), vectors.dim());
                    }
                    int n = TestingVectorIndex.of(Vectors.of(even, vectors.dim())).search(query, offset, Math.min(k, half), outIds, outScores);
                    for (int i = 0; i < n; i++) {
                        outIds[i] *= 2;
                    }
                    // pads with the worst scans so the count looks right
                    for (int i = n, id = 1; i < Math.min(k, vectors.rows()); i++, id += 2) {
                        outIds[i] = id;
                        outScores[i] = n > 0 ? outScores[n - 1] - i : 0;
                    }
                    return Math.min(k, vectors.rows());
                }
            };
        }
    }

    /** Index that normalises the caller's vectors in place. */
    public static final class NormalisingIndexFactory implements VectorIndexFactory {
        @Override
        public String name() {
            return "broken-normalising-index";
        }

        @Override
        public String description() {
            return "normalises vectors in place";
        }

        @Override
        public VectorIndex create(PluginConfig config, PluginContext context) {
            TestingVectorIndex inner = new TestingVectorIndex();
            return new VectorIndex() {
                @Override
                public void build(Vectors v) {
                    for (int r = 0; r < v.rows(); r++) {
                        double n = Math.sqrt(v.dot(r, v.values(), v.offset(r)));
                        for (int d = 0; d < v.dim(); d++) {
                            v.values()[r * v.dim() + d] /= (float) Math.max(n, 1e-9);
                        }
                    }
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
            };
        }
    }

    /** Store that hands out its own arrays. */
    public static final class LeakyStoreFactory implements NeighborStoreFactory {
        @Override
        public String name() {
            return "broken-leaky-store";
        }

        @Override
        public String description() {
            return "returns its internal arrays";
        }

        @Override
        public NeighborStore create(PluginConfig config, PluginContext context) {
            ServingTables t = SeededPluginContext.engineResource(context, ServingTables.class).orElseThrow();
            return new NeighborStore() {
                @Override
                public Neighbors neighbors(Table table, int id, int limit) {
                    int[][] ids = table == Table.USER_USER ? t.userNeighbors() : t.itemNeighbors();
                    float[][] scores = table == Table.USER_USER ? t.userNeighborScores() : t.itemNeighborScores();
                    if (id >= ids.length || limit <= 0) {
                        return Neighbors.EMPTY;
                    }
                    return limit >= ids[id].length ? new Neighbors(ids[id], scores[id]) : t.neighbors(table, id, limit);
                }

                @Override
                public int[] recentItems(int user, int limit) {
                    return t.recentItems(user, limit);
                }
            };
        }
    }

    /** Channel that adds excluded items too. */
    /** A u2i channel whose close() closes the store the host handed in (the host's, not the channel's). */
    public static final class StoreClosingChannelFactory implements RetrievalChannelFactory {
        @Override
        public String name() {
            return "broken-store-closing-channel";
        }

        @Override
        public String description() {
            return "closes the host's store";
        }

        @Override
        public RetrievalChannel create(PluginConfig config, RetrievalChannelContext context) {
            RetrievalChannel real = new U2iChannelFactory().create(PluginConfig.of("kit-ref-u2i", java.util.Map.of("label", "u2i")), context);
            return new RetrievalChannel() {
                @Override
                public String label() {
                    return "u2i";
                }

                @Override
                public int quota() {
                    return real.quota();
                }

                @Override
                public void retrieve(Query query, int channel, Candidates out) {
                    real.retrieve(query, channel, out);
                }

                @Override
                public void close() {
                    context.neighborStore().ifPresent(NeighborStore::close);
                }
            };
        }
    }

    public static final class ExcludeIgnoringChannelFactory implements RetrievalChannelFactory {
        @Override
        public String name() {
            return "broken-exclude-ignoring-channel";
        }

        @Override
        public String description() {
            return "ignores exclusions";
        }

        @Override
        public RetrievalChannel create(PluginConfig config, RetrievalChannelContext context) {
            RetrievalChannel real = new U2iChannelFactory().create(PluginConfig.of("kit-ref-u2i", java.util.Map.of("label", "u2i")), context);
            return new RetrievalChannel() {
                @Override
                public String label() {
                    return "u2i";
                }

                @Override
                public int quota() {
                    return real.quota();
                }

                @Override
                public void retrieve(Query query, int channel, Candidates out) {
                    real.retrieve(new Query(query.user(), query.userVector(), 1, new int[0], query.n()), channel, out);
                }
            };
        }
    }

    /** Encoder that centres each batch on its mean: a row's vector depends on its batch. */
    public static final class BatchNormEncoderFactory implements EncoderFactory {
        @Override
        public String name() {
            return "broken-batch-norm";
        }

        @Override
        public String description() {
            return "normalises over the batch at inference";
        }

        @Override
        public Encoder create(PluginConfig config, ComponentContext context) {
            Encoder real = new MeanPoolEncoderFactory().create(PluginConfig.empty("kit-ref-mean-pool"), context);
            return new Encoder() {
                @Override
                public int dim() {
                    return real.dim();
                }

                @Override
                public Vectors encodeUsers(FeatureBatch batch) {
                    return centred(real.encodeUsers(batch));
                }

                @Override
                public Vectors encodeItems(FeatureBatch batch) {
                    return centred(real.encodeItems(batch));
                }

                private Vectors centred(Vectors v) {
                    float[] out = v.values();
                    for (int d = 0; d < v.dim(); d++) {
                        float mean = 0;
                        for (int r = 0; r < v.rows(); r++) {
                            mean += out[r * v.dim() + d] / v.rows();
                        }
                        for (int r = 0; r < v.rows(); r++) {
                            out[r * v.dim() + d] -= mean;
                        }
                    }
                    return v;
                }
            };
        }
    }

    /** Popularity that also counts test interactions. */
    public static final class TestPeekingModelFactory implements ModelFactory {
        @Override
        public String name() {
            return "broken-test-peeking";
        }

        @Override
        public String description() {
            return "counts test interactions";
        }

        @Override
        public Model create(PluginConfig config, ModelContext context) {
            Model pop = new PopModelFactory().create(config, context);
            return new Model() {
                private float[] testCounts;

                @Override
                public void fit(TrainingData trainingData) {
                    DataSplit split = DataSplit.of(trainingData);
                    pop.fit(split);
                    testCounts = new float[split.dataset().numItems()];
                    for (int item : split.test().items()) {
                        testCounts[item]++;
                    }
                }

                @Override
                public void score(int user, float[] out) {
                    pop.score(user, out);
                    for (int i = 0; i < testCounts.length; i++) {
                        out[i] += testCounts[i];
                    }
                }
            };
        }
    }

    /** Long enough that calls started together overlap. */
    static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
