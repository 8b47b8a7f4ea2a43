package io.mic.retrieval.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.registry.PluginRegistry;
import io.mic.spi.MetricsSink;
import io.mic.testkit.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The Recommender with the Redis store against a real redis-server process: full answers equal the
 * embedded store's; with the server stopped (or paused, i.e. slow) calls answer from U2I alone,
 * flagged degraded, without an exception and within the deadline; after a restart full answers
 * come back by themselves.
 */
class RecommenderRedisTest {
    @TempDir
    static Path tmp;
    static Path dir;
    static RedisServerProcess redis;
    static final PluginRegistry REGISTRY = PluginRegistry.discover();
    static final int DEADLINE_MS = 400;

    @BeforeAll
    static void start() throws IOException {
        dir = new ServingFixture(11).write(tmp.resolve("a"));
        redis = RedisServerProcess.launchPersistent(tmp.resolve("redis"));
        assertThat(Recommenders.publishIfAbsent(dir, redis.uri(), "srv")).isTrue();
        assertThat(Recommenders.publishIfAbsent(dir, redis.uri(), "srv")).isFalse();
    }

    @AfterAll
    static void stop() throws IOException {
        redis.close();
    }

    static RecommenderSettings redisSettings() {
        return RecommenderTest.settings(dir).withTimeoutMs(DEADLINE_MS)
                .withStore(PluginRef.of("redis", Map.of("uri", redis.uri().toString(), "prefix", "srv", "timeout-ms", "200",
                        "connect-timeout-ms", "200")));
    }

    @Test
    void degradesToU2iWhileRedisIsDownAndRecoversAfterRestart() throws Exception {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ChannelRecommender.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try (Recommender viaRedis = Recommenders.open(redisSettings(), REGISTRY, MetricsSink.NOOP);
                Recommender embedded = Recommenders.open(RecommenderTest.settings(dir), REGISTRY, MetricsSink.NOOP);
                Recommender u2iOnly = Recommenders.open(RecommenderTest.settings(dir).withChannels(List.of(RecommenderTest.settings(dir)
                        .channels().get(0))), REGISTRY, MetricsSink.NOOP)) {
            int[] users = {0, 5, 17, 42, 99};
            for (int u : users) {
                Recommendation full = viaRedis.recommend(u, 10);
                assertThat(full.degraded()).isFalse();
                assertThat(full).isEqualTo(embedded.recommend(u, 10));
            }
            assertThat(viaRedis.recommend(5, 10).items()).anySatisfy(it -> assertThat(it.channels()).containsKey("i2i"));

            redis.stop();
            for (int round = 0; round < 3; round++) {
                for (int u : users) {
                    long t0 = System.nanoTime();
                    Recommendation deg = viaRedis.recommend(u, 10);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertThat(deg.degraded()).isTrue();
                    assertThat(deg.unavailable()).containsExactlyInAnyOrder("i2i", "u2u");
                    assertThat(deg.items()).hasSize(10).allSatisfy(it -> assertThat(it.channels()).containsOnlyKeys("u2i"));
                    // the answer is exactly what U2I alone gives
                    assertThat(deg.items()).isEqualTo(u2iOnly.recommend(u, 10).items());
                    // bounded by the deadline (plus scheduling slack on a loaded machine)
                    assertThat(ms).isLessThan(DEADLINE_MS + 1500);
                }
            }

            redis.start();
            Recommendation back = null;
            for (int attempt = 0; attempt < 50 && (back == null || back.degraded()); attempt++) {
                back = viaRedis.recommend(5, 10);
                if (back.degraded()) {
                    Thread.sleep(100);
                }
            }
            assertThat(back.degraded()).as("recovered after restart").isFalse();
            // one warning for the whole outage (15 degraded calls), one line when it ended
            assertThat(lines.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).hasSize(1)
                    .first().satisfies(e -> assertThat(e.getFormattedMessage()).contains("recommender degraded: channels [i2i, u2u]"));
            assertThat(lines.list).filteredOn(e -> e.getFormattedMessage().contains("recommender recovered")).hasSize(1);
            for (int u : users) {
                assertThat(viaRedis.recommend(u, 10)).isEqualTo(embedded.recommend(u, 10));
            }
        } finally {
            log.detachAppender(lines);
        }
    }

    /**
     * Issue 21 #1: a server restarted empty on the same port (no persistence) has lost the tables:
     * answers are flagged degraded and health reports the problem, never a silently different
     * answer; the store reloads the tables from the serving artifacts and the answers come back
     * equal to those before the restart.
     */
    @Test
    void redisRestartedEmptyIsDegradedThenReloadedWithEqualAnswers() throws Exception {
        try (RedisServerProcess volatileRedis = RedisServerProcess.launch()) {
            assertThat(Recommenders.publishIfAbsent(dir, volatileRedis.uri(), "vol")).isTrue();
            RecommenderSettings s = RecommenderTest.settings(dir).withTimeoutMs(DEADLINE_MS).withStore(PluginRef.of("redis",
                    Map.of("uri", volatileRedis.uri().toString(), "prefix", "vol", "timeout-ms", "200", "connect-timeout-ms", "200")));
            try (Recommender viaRedis = Recommenders.open(s, REGISTRY, MetricsSink.NOOP)) {
                int[] users = {0, 5, 17, 42, 99};
                Recommendation[] before = new Recommendation[users.length];
                for (int i = 0; i < users.length; i++) {
                    before[i] = viaRedis.recommend(users[i], 10);
                    assertThat(before[i].degraded()).isFalse();
                }
                assertThat(viaRedis.problems()).isEmpty();

                volatileRedis.stop();
                assertThat(viaRedis.problems()).singleElement().asString().contains("unavailable");
                volatileRedis.start(); // empty: the pointer and the tables are gone
                Recommendation first = viaRedis.recommend(5, 10);
                assertThat(first.degraded()).as("the first answer after the empty restart").isTrue();
                assertThat(first.unavailable()).containsExactlyInAnyOrder("i2i", "u2u");

                List<String> problems = viaRedis.problems();
                for (int attempt = 0; attempt < 100 && !problems.isEmpty(); attempt++) {
                    Thread.sleep(100);
                    problems = viaRedis.problems();
                }
                assertThat(problems).as("healthy again after the reload").isEmpty();
                for (int i = 0; i < users.length; i++) {
                    assertThat(viaRedis.recommend(users[i], 10)).isEqualTo(before[i]);
                }
            }
        }
    }

    /** A paused server (every command blocks) is a slow store: the call returns at the deadline, degraded. */
    @Test
    void slowRedisHitsTheDeadlineNotTheCaller() throws Exception {
        try (Recommender viaRedis = Recommenders.open(redisSettings().withStore(PluginRef.of("redis", Map.of("uri",
                redis.uri().toString(), "prefix", "srv", "timeout-ms", "5000", "connect-timeout-ms", "5000"))), REGISTRY,
                MetricsSink.NOOP)) {
            assertThat(viaRedis.recommend(3, 10).degraded()).isFalse();
            try (Jedis j = new Jedis(redis.uri())) {
                j.clientPause(2500);
            }
            long t0 = System.nanoTime();
            Recommendation slow = viaRedis.recommend(3, 10);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(slow.degraded()).isTrue();
            assertThat(slow.items()).hasSize(10);
            assertThat(ms).isGreaterThanOrEqualTo(DEADLINE_MS - 50).isLessThan(2000);
            Thread.sleep(2700);
            Recommendation later = null;
            for (int attempt = 0; attempt < 30 && (later == null || later.degraded()); attempt++) {
                later = viaRedis.recommend(3, 10);
            }
            assertThat(later.degraded()).isFalse();
        }
    }
}
