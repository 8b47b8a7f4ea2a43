package io.mic.retrieval.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.registry.PluginRegistry;
import io.mic.core.spi.MetricsSink;
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

    @Test
    void quoteEscapes() {
        assertThat(RecommendHttpServer.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
