package io.mic.retrieval.serve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON HTTP front of a {@link Recommender} on Jetty 12 (core API, no servlets):
 *
 * <pre>
 *   GET /recommend?user=ID&amp;n=N  200 {"user":..,"degraded":..,"unavailable":[..],"items":[{"id":..,"score":..,"channels":{"u2i":..}}]}
 *                                400 {"error":..} for a missing or unknown user, n not an integer in [1, max], a bad query
 *   GET /health                  200 {"status":"ok",...}; 503 {"status":"degraded","problems":[..],...} while a store
 *                                cannot give full answers (down, tables lost, reloading)
 *   HEAD on either               the same status and headers, no body
 * </pre>
 *
 * Other paths answer 404, other methods 405 with {@code Allow: GET, HEAD}; every error body, also
 * those Jetty writes itself (a malformed request line, bad percent-encoding, headers too large),
 * is one JSON object {@code {"error":..}}.
 *
 * <p>Limits ({@link Limits}): request headers are parsed without blocking a thread, so a client that
 * sends slowly holds a connection but no worker; a connection idle longer than the idle timeout is
 * closed; at most {@code maxConnections} are open (further ones wait in the accept backlog); the
 * workers are a bounded pool with a bounded queue (jobs beyond it are refused, the connection closed).
 */
public final class RecommendHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendHttpServer.class);
    private static final String JSON = "application/json; charset=utf-8";

    /**
     * Bounds of the server.
     *
     * @param threads        request workers (Jetty adds its selector and acceptor threads to these)
     * @param queue          requests waiting for a worker before new ones are refused
     * @param maxConnections open connections at most
     * @param idleTimeoutMs  a connection with no bytes moving for this long is closed
     * @param maxHeaderBytes request line plus headers at most (431 beyond)
     */
    public record Limits(int threads, int queue, int maxConnections, long idleTimeoutMs, int maxHeaderBytes) {
        public Limits {
            if (threads < 1 || queue < 1 || maxConnections < 1 || idleTimeoutMs < 1 || maxHeaderBytes < 256) {
                throw new IllegalArgumentException("server limits must be positive (header bytes >= 256): " + threads + " threads, "
                        + queue + " queue, " + maxConnections + " connections, " + idleTimeoutMs + " ms idle, " + maxHeaderBytes
                        + " header bytes");
            }
        }

        /** {@code threads} workers, a queue of 64 per worker, 1024 connections, 10 s idle timeout, 8 KiB of headers. */
        public static Limits of(int threads) {
            return new Limits(threads, 64 * threads, 1024, 10_000, 8192);
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final Recommender recommender;
    private final int defaultN;

    private RecommendHttpServer(Server server, ServerConnector connector, Recommender recommender, int defaultN) {
        this.server = server;
        this.connector = connector;
        this.recommender = recommender;
        this.defaultN = defaultN;
    }

    /** {@link #start(Recommender, InetSocketAddress, Limits, int)} with {@link Limits#of(int) Limits.of(threads)}. */
    public static RecommendHttpServer start(Recommender recommender, InetSocketAddress address, int threads, int defaultN)
            throws IOException {
        return start(recommender, address, Limits.of(threads), defaultN);
    }

    /** Binds {@code address} (port 0 = any free port) and starts serving. The caller keeps ownership of {@code recommender}. */
    public static RecommendHttpServer start(Recommender recommender, InetSocketAddress address, Limits limits, int defaultN)
            throws IOException {
        // Jetty runs its acceptor and selector on this pool too: 4 threads more than the workers
        QueuedThreadPool pool = new QueuedThreadPool(limits.threads() + 4, Math.min(limits.threads() + 4, 4), 60_000, 0,
                new BlockingArrayQueue<>(limits.queue(), limits.queue(), limits.queue()), null);
        pool.setName("mic-http");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setIdleTimeout(limits.idleTimeoutMs());
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(limits.idleTimeoutMs());
        connector.setAcceptQueueSize(128);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        RecommendHttpServer h = new RecommendHttpServer(server, connector, recommender, defaultN);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                h.handle(request, response, callback);
                return true;
            }
        });
        server.setErrorHandler(new JsonErrors());
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            throw e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("cannot start the HTTP server on " + address + ": " + e.getMessage(), e);
        }
        LOG.info("serving on http://{}:{}/recommend ({})", connector.getHost(), connector.getLocalPort(), limits);
        return h;
    }

    /** The bound address (the real port when started with port 0). */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), connector.getLocalPort());
    }

    private void handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        boolean head = "HEAD".equals(method);
        if (!path.equals("/recommend") && !path.equals("/health")) {
            send(response, callback, head, 404, "{\"error\":" + quote("no such path: " + path
                    + " (GET /recommend?user=ID&n=N, GET /health)") + "}");
            return;
        }
        if (!head && !"GET".equals(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            send(response, callback, false, 405, "{\"error\":" + quote("method " + method + " not allowed; use GET or HEAD") + "}");
            return;
        }
        if (path.equals("/health")) {
            health(response, callback, head);
        } else {
            recommend(request, response, callback, head);
        }
    }

    private void recommend(Request request, Response response, Callback callback, boolean head) {
        Map<String, String> q;
        try {
            q = query(request.getHttpURI().getQuery());
        } catch (IllegalArgumentException e) {
            send(response, callback, head, 400, "{\"error\":" + quote("malformed query string: " + e.getMessage()) + "}");
            return;
        }
        String user = q.get("user");
        if (user == null || user.isEmpty()) {
            send(response, callback, head, 400, "{\"error\":\"missing parameter user\"}");
            return;
        }
        int n = defaultN;
        String ns = q.get("n");
        if (ns != null) {
            try {
                n = Integer.parseInt(ns);
            } catch (NumberFormatException e) {
                send(response, callback, head, 400, "{\"error\":" + quote("n must be an integer, got '" + ns + "'") + "}");
                return;
            }
        }
        Recommendation r;
        try {
            r = recommender.recommend(user, n);
        } catch (IllegalArgumentException e) {
            send(response, callback, head, 400, "{\"error\":" + quote(e.getMessage()) + "}");
            return;
        } catch (RuntimeException e) {
            LOG.error("recommend user={} n={} failed", user, n, e);
            send(response, callback, head, 500, "{\"error\":" + quote("internal error: " + e) + "}");
            return;
        }
        send(response, callback, head, 200, json(r));
    }

    private void health(Response response, Callback callback, boolean head) {
        List<String> problems;
        try {
            problems = recommender.problems();
        } catch (RuntimeException e) {
            problems = List.of("health check failed: " + e);
        }
        StringBuilder b = new StringBuilder("{\"status\":").append(problems.isEmpty() ? "\"ok\"" : "\"degraded\"");
        if (!problems.isEmpty()) {
            b.append(",\"problems\":[");
            for (int i = 0; i < problems.size(); i++) {
                b.append(i == 0 ? "" : ",").append(quote(problems.get(i)));
            }
            b.append(']');
        }
        b.append(",\"users\":").append(recommender.numUsers()).append(",\"items\":").append(recommender.numItems())
                .append(",\"channels\":[");
        for (int i = 0; i < recommender.channels().size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(recommender.channels().get(i)));
        }
        send(response, callback, head, problems.isEmpty() ? 200 : 503, b.append("]}").toString());
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

    /** Decoded query parameters (first value wins); IllegalArgumentException on bad percent-encoding. */
    static Map<String, String> query(String raw) {
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

    private static void send(Response response, Callback callback, boolean head, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    }

    /** Jetty's own error answers (bad request line, bad URI, headers too large, refused) as JSON, never HTML. */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Object msg = request.getAttribute(ERROR_MESSAGE);
            int status = response.getStatus();
            String text = msg != null ? msg.toString() : "HTTP " + status;
            send(response, callback, "HEAD".equals(request.getMethod()), status, "{\"error\":" + quote(text) + "}");
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(new HttpField(HttpHeader.CONTENT_TYPE, JSON));
            return ByteBuffer.wrap(("{\"error\":" + quote(reason == null ? "bad request (HTTP " + status + ")" : reason) + "}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // failing to start already; that error is the one to report
        }
    }

    /** Stops accepting, lets requests in flight finish for up to a second, stops the workers. */
    @Override
    public void close() {
        server.setStopTimeout(1000);
        stopQuietly(server);
    }
}
