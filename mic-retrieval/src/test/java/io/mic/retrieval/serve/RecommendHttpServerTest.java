package io.mic.retrieval.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.registry.PluginRegistry;
import io.mic.spi.MetricsSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP front on an ephemeral port, called with the JDK's HttpClient. */
class RecommendHttpServerTest {
    @TempDir
    static Path tmp;
    static Recommender rec;
    static RecommendHttpServer server;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Path dir = new ServingFixture(5).write(tmp);
        rec = Recommenders.open(RecommenderTest.settings(dir), PluginRegistry.discover(), MetricsSink.NOOP);
        server = RecommendHttpServer.start(rec, new InetSocketAddress("127.0.0.1", 0), 2, 10);
    }

    @AfterAll
    static void stop() {
        server.close();
        rec.close();
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        URI u = URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
        return CLIENT.send(HttpRequest.newBuilder(u).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void recommendReturnsTheRecommendersAnswerAsJson() throws Exception {
        HttpResponse<String> r = get("/recommend?user=u7&n=5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).isEqualTo(RecommendHttpServer.json(rec.recommend("u7", 5)));
        assertThat(r.body()).startsWith("{\"user\":\"u7\",\"degraded\":false,\"unavailable\":[],\"items\":[{\"id\":\"i")
                .contains("\"channels\":{\"u2i\":");
        assertThat(get("/recommend?user=u7").body()).isEqualTo(RecommendHttpServer.json(rec.recommend("u7", 10)));
    }

    @Test
    void badRequestsAre400WithAReason() throws Exception {
        HttpResponse<String> unknown = get("/recommend?user=nobody&n=5");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown user 'nobody'");
        assertThat(get("/recommend?user=u1&n=abc").statusCode()).isEqualTo(400);
        assertThat(get("/recommend?user=u1&n=abc").body()).contains("n must be an integer, got 'abc'");
        assertThat(get("/recommend?user=u1&n=0").body()).contains("n must be in [1, 1000]");
        assertThat(get("/recommend?n=3").body()).contains("missing parameter user");
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void health() throws Exception {
        HttpResponse<String> h = get("/health");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).isEqualTo("{\"status\":\"ok\",\"users\":120,\"items\":90,\"channels\":[\"u2i\",\"i2i\",\"u2u\"]}");
    }

    /** Issue 21 #2: 20 clients sending headers at one byte a second must not hold up normal requests. */
    @Test
    void slowClientsDoNotBlockOtherRequests() throws Exception {
        java.util.List<java.net.Socket> slow = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean dripping = new java.util.concurrent.atomic.AtomicBoolean(true);
        byte[] header = "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Thread drip = new Thread(() -> {
            for (int i = 0; i < header.length && dripping.get(); i++) {
                for (java.net.Socket s : slow) {
                    try {
                        s.getOutputStream().write(header[i]);
                        s.getOutputStream().flush();
                    } catch (IOException ignored) {
                        // the server may close a slow connection: that is allowed
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            for (int i = 0; i < 20; i++) {
                slow.add(new java.net.Socket("127.0.0.1", server.address().getPort()));
            }
            drip.start();
            Thread.sleep(300);
            HttpClient c = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();
            for (int i = 0; i < 10; i++) {
                URI u = URI.create("http://127.0.0.1:" + server.address().getPort() + "/recommend?user=u" + i + "&n=3");
                long t0 = System.nanoTime();
                // liveness bound, generous for a loaded 2-core machine; the p99 figures are in docs/reliability.md
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(u).timeout(java.time.Duration.ofSeconds(3)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
            }
        } finally {
            dripping.set(false);
            drip.interrupt();
            drip.join();
            for (java.net.Socket s : slow) {
                s.close();
            }
        }
    }

    /** Issue 21 #8: bad percent-encoding is a JSON 400, HEAD is served without a body, other methods 405 + Allow. */
    @Test
    void malformedQueriesHeadAndOtherMethodsGetJson() throws Exception {
        String zz = raw("GET /recommend?user=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(zz).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/json").contains("{\"error\":");
        URI h = URI.create("http://127.0.0.1:" + server.address().getPort() + "/health");
        HttpResponse<String> head = CLIENT.send(HttpRequest.newBuilder(h).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(h).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(post.body()).startsWith("{\"error\":");
    }

    /** A request line that is not HTTP gets a JSON 400 too, not an HTML page. */
    @Test
    void garbageRequestLineIsAJson400() throws Exception {
        String answer = raw("GET /health HTTP/9.9 junk\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("<html").contains("{\"error\":");
    }

    /** Sends {@code request} as bytes on a new connection and returns all the server wrote back before closing. */
    static String raw(String request) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Issue 21 #1/#8: /health is 503 with the problems while the recommender reports any. */
    @Test
    void healthIs503WhileTheRecommenderHasProblems() throws Exception {
        Recommender sick = new Recommender() {
            @Override
            public Recommendation recommend(String userId, int n) {
                return rec.recommend(userId, n);
            }

            @Override
            public Recommendation recommend(int user, int n) {
                return rec.recommend(user, n);
            }

            @Override
            public java.util.List<String> channels() {
                return rec.channels();
            }

            @Override
            public int numUsers() {
                return rec.numUsers();
            }

            @Override
            public int numItems() {
                return rec.numItems();
            }

            @Override
            public java.util.List<String> problems() {
                return java.util.List.of("redis store down");
            }

            @Override
            public void close() {
            }
        };
        try (RecommendHttpServer s = RecommendHttpServer.start(sick, new InetSocketAddress("127.0.0.1", 0), 2, 10)) {
            HttpResponse<String> h = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.address().getPort()
                    + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(h.statusCode()).isEqualTo(503);
            assertThat(h.body()).startsWith("{\"status\":\"degraded\",\"problems\":[\"redis store down\"]");
        }
    }

    @Test
    void quoteEscapes() {
        assertThat(RecommendHttpServer.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
