package io.mic.retrieval.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.registry.PluginRegistry;
import io.mic.spi.MetricsSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot swap of serving artifacts: two real artifact versions (different vectors and tables) written by the batch job. */
class SwappableRecommenderTest {
    @TempDir
    static Path tmp;
    static Path a;
    static Path b;
    static final PluginRegistry REGISTRY = PluginRegistry.discover();
    static final int[] USERS = {0, 13, 57, 101};
    static List<Recommendation> fromA;
    static List<Recommendation> fromB;

    @BeforeAll
    static void build() throws IOException {
        a = new ServingFixture(7).write(tmp.resolve("a"));
        b = new ServingFixture(8).write(tmp.resolve("b"));
        fromA = answers(a);
        fromB = answers(b);
        assertThat(fromA).isNotEqualTo(fromB); // the two versions really differ
    }

    static List<Recommendation> answers(Path dir) {
        try (Recommender r = Recommenders.open(RecommenderTest.settings(dir), REGISTRY, MetricsSink.NOOP)) {
            return answers(r);
        }
    }

    static List<Recommendation> answers(Recommender r) {
        List<Recommendation> out = new ArrayList<>();
        for (int u : USERS) {
            out.add(r.recommend(ServingFixture.userId(u), 10));
        }
        return out;
    }

    @Test
    void aSwapServesTheNewVersionExactlyAndARefusedOneChangesNothing() {
        try (SwappableRecommender r = SwappableRecommender.open(RecommenderTest.settings(a), REGISTRY, MetricsSink.NOOP)) {
            assertThat(answers(r)).isEqualTo(fromA);
            r.swap(b);
            assertThat(r.artifacts()).isEqualTo(b);
            assertThat(answers(r)).isEqualTo(fromB);
            assertThatThrownBy(() -> r.swap(tmp.resolve("missing"))).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("missing");
            assertThat(r.artifacts()).isEqualTo(b);
            assertThat(answers(r)).isEqualTo(fromB);
        }
    }

    @Test
    void aWatchedDirectoryReloadsWhenANewVersionReplacesIt() throws Exception {
        Path live = new ServingFixture(7).write(tmp.resolve("live"));
        List<Path> before = new ArrayList<>();
        try (SwappableRecommender r = SwappableRecommender.open(RecommenderTest.settings(live), REGISTRY, MetricsSink.NOOP);
                AutoCloseable watch = r.reloadOnChange(live, java.time.Duration.ofMillis(50), before::add)) {
            assertThat(answers(r)).isEqualTo(fromA);
            Thread.sleep(200);
            assertThat(before).isEmpty(); // unchanged: no reload
            // what `mic index` does to the directory: a complete new version replaces it
            Path next = new ServingFixture(8).write(tmp.resolve("next"));
            java.nio.file.Files.move(live, tmp.resolve("live-old"));
            java.nio.file.Files.move(next, live);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!answers(r).equals(fromB) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(answers(r)).isEqualTo(fromB);
            assertThat(before).containsExactly(live);
        }
    }

    @Test
    void callsDuringSwapsNeverFailAndNeverMixVersions() throws InterruptedException {
        SwappableRecommender r = SwappableRecommender.open(RecommenderTest.settings(a), REGISTRY, MetricsSink.NOOP);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        for (int k = 0; k < USERS.length; k++) {
                            Recommendation got = r.recommend(ServingFixture.userId(USERS[k]), 10);
                            if (!got.equals(fromA.get(k)) && !got.equals(fromB.get(k))) {
                                throw new AssertionError("answer from neither version for user " + USERS[k] + ": " + got);
                            }
                            calls.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            th.start();
            threads.add(th);
        }
        for (int s = 0; s < 12; s++) {
            r.swap(s % 2 == 0 ? b : a);
        }
        stop.set(true);
        for (Thread th : threads) {
            th.join();
        }
        assertThat(errors).isEmpty();
        assertThat(calls.get()).isPositive();
        assertThat(r.artifacts()).isEqualTo(a);
        r.close();
        assertThatThrownBy(() -> r.recommend(ServingFixture.userId(0), 10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> r.swap(b)).isInstanceOf(IllegalStateException.class);
    }
}
