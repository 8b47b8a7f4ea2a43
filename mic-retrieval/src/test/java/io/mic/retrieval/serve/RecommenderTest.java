package io.mic.retrieval.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.mic.core.registry.PluginModule;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.ConfigException;
import io.mic.spi.MetricsSink;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Recommender over real artifacts written by the batch job, with the embedded (memory) store. */
class RecommenderTest {
    @TempDir
    static Path tmp;
    static ServingFixture fx;
    static Path dir;
    static final PluginRegistry REGISTRY = PluginRegistry.discover();

    @BeforeAll
    static void build() throws IOException {
        fx = new ServingFixture(7);
        dir = fx.write(tmp.resolve("a"));
    }

    static RecommenderSettings settings(Path d) {
        return RecommenderSettings.defaults(d).withIndex(PluginRef.of("exact"))
                .withChannels(List.of(PluginRef.of("u2i", Map.of("k1", "30")), PluginRef.of("i2i", Map.of("m", "3", "m3", "5", "k2", "30")),
                        PluginRef.of("u2u", Map.of("m1", "5", "m2", "3", "k3", "30"))));
    }

    static Set<Integer> seen(int u) {
        Set<Integer> s = new HashSet<>();
        for (int i : fx.history.itemsOf(u)) {
            s.add(i);
        }
        return s;
    }

    @Test
    void answersWithProvenanceWithoutSeenItems() {
        try (Recommender r = Recommenders.open(settings(dir), REGISTRY, MetricsSink.NOOP)) {
            assertThat(r.channels()).containsExactly("u2i", "i2i", "u2u");
            assertThat(r.numUsers()).isEqualTo(ServingFixture.USERS);
            for (int u = 0; u < ServingFixture.USERS; u += 7) {
                Recommendation rec = r.recommend(ServingFixture.userId(u), 10);
                assertThat(rec.user()).isEqualTo(ServingFixture.userId(u));
                assertThat(rec.degraded()).isFalse();
                assertThat(rec.items()).hasSize(10);
                Set<Integer> seen = seen(u);
                float prev = Float.POSITIVE_INFINITY;
                boolean severalChannels = false;
                for (Recommendation.Item it : rec.items()) {
                    assertThat(seen).doesNotContain(it.index());
                    assertThat(it.id()).isEqualTo(ServingFixture.itemId(it.index()));
                    assertThat(it.channels()).isNotEmpty();
                    assertThat(it.channels().keySet()).isSubsetOf("u2i", "i2i", "u2u");
                    assertThat(it.score()).isLessThanOrEqualTo(prev);
                    prev = it.score();
                    severalChannels |= it.channels().size() > 1;
                }
                // users of one cluster share items: the channels overlap on the top items
                assertThat(severalChannels).isTrue();
            }
        }
    }

    /** With U2I alone and only the similarity term, the answer is the brute-force top n of u . v over unseen items. */
    @Test
    void u2iAloneEqualsBruteForce() {
        RecommenderSettings s = settings(dir).withChannels(List.of(PluginRef.of("u2i", Map.of("k1", "40"))))
                .withRerank(PluginRef.of("mic-unified", Map.of("w-count", "0", "w-div", "0")));
        try (Recommender r = Recommenders.open(s, REGISTRY, MetricsSink.NOOP)) {
            for (int u = 0; u < ServingFixture.USERS; u += 11) {
                Set<Integer> seen = seen(u);
                Integer[] all = new Integer[ServingFixture.ITEMS];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                int uu = u;
                Arrays.sort(all, (a, b) -> Float.compare(fx.items.dot(b, fx.users.values(), uu * ServingFixture.DIM),
                        fx.items.dot(a, fx.users.values(), uu * ServingFixture.DIM)));
                List<Integer> expected = new ArrayList<>();
                for (int i : all) {
                    if (!seen.contains(i) && expected.size() < 8) {
                        expected.add(i);
                    }
                }
                List<Integer> got = r.recommend(u, 8).items().stream().map(Recommendation.Item::index).toList();
                assertThat(got).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void concurrentCallersGetTheSequentialAnswers() throws Exception {
        try (Recommender r = Recommenders.open(settings(dir), REGISTRY, MetricsSink.NOOP)) {
            List<Recommendation> expected = new ArrayList<>();
            for (int u = 0; u < ServingFixture.USERS; u++) {
                expected.add(r.recommend(u, 12));
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<Boolean>> fs = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    int start = t;
                    fs.add(pool.submit(() -> {
                        for (int k = 0; k < 3 * ServingFixture.USERS; k++) {
                            int u = (start * 17 + k) % ServingFixture.USERS;
                            Recommendation got = r.recommend(u, 12);
                            if (!got.equals(expected.get(u))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : fs) {
                    assertThat(f.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void badRequestsNameTheProblem() {
        try (Recommender r = Recommenders.open(settings(dir), REGISTRY, MetricsSink.NOOP)) {
            assertThatThrownBy(() -> r.recommend("nobody", 5)).isInstanceOf(Recommender.UnknownUserException.class)
                    .hasMessageContaining("'nobody'");
            assertThatThrownBy(() -> r.recommend("u1", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be");
            assertThatThrownBy(() -> r.recommend("u1", 5000)).hasMessageContaining("n must be in [1, 1000]");
            assertThatThrownBy(() -> r.recommend(ServingFixture.USERS, 5)).isInstanceOf(Recommender.UnknownUserException.class);
        }
    }

    @Test
    void missingOrCorruptArtifactsAreNamed() throws IOException {
        assertThatThrownBy(() -> Recommenders.open(settings(tmp.resolve("none")), REGISTRY, MetricsSink.NOOP))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("none").hasMessageContaining("serving.pb");
        Path copy = fx.write(tmp.resolve("corrupt"));
        Path tbl = Files.walk(copy.resolve("tables")).filter(p -> p.toString().endsWith("item_item.tbl")).findFirst().orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(tbl.toFile(), "rw")) {
            f.seek(f.length() - 2);
            f.write(0x7f);
        }
        assertThatThrownBy(() -> Recommenders.open(settings(copy), REGISTRY, MetricsSink.NOOP))
                .hasMessageContaining("item_item.tbl").hasMessageContaining("SHA-256");
    }

    @Test
    void vectorsThatDoNotFitAreRejectedNamingTheExport() throws IOException {
        Path vec = tmp.resolve("wrongdim/vectors");
        List<String> uids = new ArrayList<>();
        for (int r = 0; r < ServingFixture.USERS; r++) {
            uids.add(ServingFixture.userId(r));
        }
        List<String> iids = new ArrayList<>();
        for (int i = 0; i < ServingFixture.ITEMS; i++) {
            iids.add(ServingFixture.itemId(i));
        }
        try (io.mic.core.io.EmbeddingExport.Writer w = io.mic.core.io.EmbeddingExport.writer(vec, "x/1", "t")) {
            w.add("users", fx.users, io.mic.core.data.IdMap.of(uids));
            w.add("items", io.mic.spi.Vectors.of(new float[ServingFixture.ITEMS * 3], 3), io.mic.core.data.IdMap.of(iids));
            w.commit();
        }
        ServingArtifacts.Spec spec = new ServingArtifacts.Spec("x", "x/1", "t", 5, 5, "source-order", "train", 1);
        assertThatThrownBy(() -> ServingArtifacts.write(tmp.resolve("wrongdim/serving"), vec, fx.history, fx.categories,
                () -> new io.mic.retrieval.index.ExactIndex(io.mic.retrieval.index.Similarity.INNER_PRODUCT, 1, 64), "exact/1", spec, 1L))
                .isInstanceOf(IOException.class).hasMessageContaining(vec.toString()).hasMessageContaining("user dim 8 != item dim 3");
        io.mic.core.data.InteractionMatrix fewer = io.mic.core.data.InteractionMatrix.empty(ServingFixture.USERS - 1, ServingFixture.ITEMS);
        assertThatThrownBy(() -> ServingArtifacts.write(tmp.resolve("wrongdim/serving2"), fx.write(tmp.resolve("ok")).resolve("vectors"),
                fewer, fx.categories, () -> new io.mic.retrieval.index.ExactIndex(io.mic.retrieval.index.Similarity.INNER_PRODUCT, 1, 64),
                "exact/1", spec, 1L)).hasMessageContaining("vectors for 120 users").hasMessageContaining("the data has 119 users");
    }

    @Test
    void badPluginParametersAreRejectedWithTheKey() {
        RecommenderSettings s = settings(dir).withChannels(List.of(PluginRef.of("u2i", Map.of("k9", "3"))));
        assertThatThrownBy(() -> Recommenders.open(s, REGISTRY, MetricsSink.NOOP)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("k9");
        RecommenderSettings r = settings(dir).withRerank(PluginRef.of("no-such-reranker"));
        assertThatThrownBy(() -> Recommenders.open(r, REGISTRY, MetricsSink.NOOP)).hasMessageContaining("no-such-reranker")
                .hasMessageContaining("mic-unified");
    }

    @Test
    void guiceModuleBuildsTheSameRecommender() {
        Injector inj = Guice.createInjector(Stage.PRODUCTION, new PluginModule(), new RecommenderModule(settings(dir)));
        try (Recommender a = inj.getInstance(Recommender.class); Recommender b = Recommenders.open(settings(dir), REGISTRY, MetricsSink.NOOP)) {
            assertThat(inj.getInstance(Recommender.class)).isSameAs(a);
            assertThat(a.recommend("u5", 10)).isEqualTo(b.recommend("u5", 10));
        }
    }

    @Test
    void mmrRerankerFoundByName() {
        try (Recommender r = Recommenders.open(settings(dir).withRerank(PluginRef.of("mmr")), REGISTRY, MetricsSink.NOOP)) {
            Recommendation rec = r.recommend("u3", 10);
            assertThat(rec.items()).hasSize(10);
            assertThat(rec.items()).extracting(Recommendation.Item::index).doesNotHaveDuplicates().doesNotContainAnyElementsOf(seen(3));
        }
    }
}
