package io.mic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.IdMap;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.io.EmbeddingExport;
import io.mic.core.registry.PluginRegistry;
import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.retrieval.serve.RecommendHttpServer;
import io.mic.retrieval.serve.Recommender;
import io.mic.retrieval.serve.RecommenderSettings;
import io.mic.retrieval.serve.Recommenders;
import io.mic.retrieval.serve.ServingArtifacts;
import io.mic.spi.MetricsSink;
import io.mic.spi.Vectors;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as {@code mic serve} starts it, on an ephemeral port, called over HTTP. */
class ServeCommandTest {
    @Test
    void serverAnswersRecommendAndHealth(@TempDir Path tmp) throws Exception {
        int users = 50;
        int items = 40;
        int dim = 4;
        SplittableRandom rnd = new SplittableRandom(1);
        float[] u = new float[users * dim];
        float[] v = new float[items * dim];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        int[] off = new int[users + 1];
        int[] hist = new int[users * 3];
        List<String> uids = new ArrayList<>();
        for (int r = 0; r < users; r++) {
            off[r + 1] = off[r] + 3;
            for (int j = 0; j < 3; j++) {
                hist[r * 3 + j] = (r + j * 7) % items;
            }
            uids.add("user-" + r);
        }
        List<String> iids = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            iids.add("item-" + i);
        }
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(tmp.resolve("vec"), "t/1", "t")) {
            w.add("users", Vectors.of(u, dim), IdMap.of(uids));
            w.add("items", Vectors.of(v, dim), IdMap.of(iids));
            w.commit();
        }
        Path dir = tmp.resolve("serving");
        ServingArtifacts.write(dir, tmp.resolve("vec"), new InteractionMatrix(users, items, off, hist, null, null), new int[items],
                () -> new ExactIndex(Similarity.INNER_PRODUCT, 1, 64), "exact/1",
                new ServingArtifacts.Spec("t", "t/1", "t", 5, 5, "source-order", "train", 1), 1L);
        try (Recommender rec = Recommenders.open(RecommenderSettings.defaults(dir), PluginRegistry.discover(), MetricsSink.NOOP);
                RecommendHttpServer server = RecommendHttpServer.start(rec, new InetSocketAddress("127.0.0.1", 0), 2, 10)) {
            HttpClient c = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.address().getPort();
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(base + "/recommend?user=user-3&n=4")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("{\"user\":\"user-3\",\"degraded\":false").contains("\"id\":\"item-");
            assertThat(r.body()).isEqualTo(RecommendHttpServer.json(rec.recommend("user-3", 4)));
            HttpResponse<String> bad = c.send(HttpRequest.newBuilder(URI.create(base + "/recommend?user=user-3&n=x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            HttpResponse<String> h = c.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(h.body()).contains("\"users\":50");
        }
    }
}
