package io.mic.retrieval.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON HTTP front of a {@link Recommender} on the JDK's {@link HttpServer}:
 *
 * <pre>
 *   GET /recommend?user=ID&amp;n=N  200 {"user":..,"degraded":..,"unavailable":[..],"items":[{"id":..,"score":..,"channels":{"u2i":..}}]}
 *                                400 {"error":..} for a missing or unknown user, or n not an integer in [1, max]
 *   GET /health                  200 {"status":"ok","users":..,"items":..,"channels":[..]}
 * </pre>
 *
 * Requests run on a bounded pool ({@code threads} workers, a queue of {@code 64 x threads}); when
 * both are full the accepting thread runs the request itself, which slows accepting instead of
 * growing memory. Other paths answer 404, other methods 405.
 */
public final class RecommendHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendHttpServer.class);

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final Recommender recommender;
    private final int defaultN;

    private RecommendHttpServer(HttpServer server, ThreadPoolExecutor pool, Recommender recommender, int defaultN) {
        this.server = server;
        this.pool = pool;
        this.recommender = recommender;
        this.defaultN = defaultN;
    }

    /** Binds {@code address} (port 0 = any free port) and starts serving. The caller keeps ownership of {@code recommender}. */
    public static RecommendHttpServer start(Recommender recommender, InetSocketAddress address, int threads, int defaultN)
            throws IOException {
        HttpServer s = HttpServer.create(address, 128);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 64),
                r -> {
                    Thread t = new Thread(r, "mic-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        RecommendHttpServer h = new RecommendHttpServer(s, pool, recommender, defaultN);
        s.createContext("/recommend", h::recommend);
        s.createContext("/health", h::health);
        s.createContext("/", ex -> send(ex, 404, "{\"error\":" + quote("no such path: " + ex.getRequestURI().getPath()
                + " (GET /recommend?user=ID&n=N, GET /health)") + "}"));
        s.setExecutor(pool);
        s.start();
        LOG.info("serving on http://{}:{}/recommend", s.getAddress().getHostString(), s.getAddress().getPort());
        return h;
    }

    /** The bound address (the real port when started with port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void recommend(HttpExchange ex) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            send(ex, 405, "{\"error\":\"only GET\"}");
            return;
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String user = q.get("user");
        if (user == null || user.isEmpty()) {
            send(ex, 400, "{\"error\":\"missing parameter user\"}");
            return;
        }
        int n = defaultN;
        String ns = q.get("n");
        if (ns != null) {
            try {
                n = Integer.parseInt(ns);
            } catch (NumberFormatException e) {
                send(ex, 400, "{\"error\":" + quote("n must be an integer, got '" + ns + "'") + "}");
                return;
            }
        }
        Recommendation r;
        try {
            r = recommender.recommend(user, n);
        } catch (IllegalArgumentException e) {
            send(ex, 400, "{\"error\":" + quote(e.getMessage()) + "}");
            return;
        } catch (RuntimeException e) {
            LOG.error("recommend user={} n={} failed", user, n, e);
            send(ex, 500, "{\"error\":" + quote("internal error: " + e) + "}");
            return;
        }
        send(ex, 200, json(r));
    }

    private void health(HttpExchange ex) throws IOException {
        StringBuilder b = new StringBuilder("{\"status\":\"ok\",\"users\":").append(recommender.numUsers()).append(",\"items\":")
                .append(recommender.numItems()).append(",\"channels\":[");
        for (int i = 0; i < recommender.channels().size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(recommender.channels().get(i)));
        }
        send(ex, 200, b.append("]}").toString());
    }

    /** The JSON document of one answer. */
    public static String json(Recommendation r) {
        StringBuilder b = new StringBuilder(256 + 96 * r.items().size());
        b.append("{\"user\":").append(quote(r.user())).append(",\"degraded\":").append(r.degraded()).append(",\"unavailable\":[");
        for (int i = 0; i < r.unavailable().size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(r.unavailable().get(i)));
        }
        b.append("],\"items\":[");
        for (int i = 0; i < r.items().size(); i++) {
            Recommendation.Item it = r.items().get(i);
            b.append(i == 0 ? "" : ",").append("{\"id\":").append(quote(it.id())).append(",\"score\":").append(num(it.score()))
                    .append(",\"channels\":{");
            int k = 0;
            for (Map.Entry<String, Float> e : it.channels().entrySet()) {
                b.append(k++ == 0 ? "" : ",").append(quote(e.getKey())).append(':').append(num(e.getValue()));
            }
            b.append("}}");
        }
        return b.append("]}").toString();
    }

    private static String num(float f) {
        return Float.isFinite(f) ? Float.toString(f) : "null";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null) {
            return m;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting, lets requests in flight finish for up to a second, stops the workers. */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
    }
}
