package io.mic.bench;

import io.mic.core.config.RunConfigLoader;
import io.mic.core.registry.PluginRegistry;
import io.mic.retrieval.serve.PluginRef;
import io.mic.retrieval.serve.RecommendHttpServer;
import io.mic.retrieval.serve.RecommenderSettings;
import io.mic.retrieval.serve.Recommenders;
import io.mic.retrieval.serve.SwappableRecommender;
import io.mic.spi.MetricsSink;
import io.mic.testkit.RedisServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Soak of the serving front (issue 21): N client threads call {@code GET /recommend} of an
 * in-process {@code mic serve} (the same {@link RecommendHttpServer} + {@link SwappableRecommender})
 * for a given time, once with the embedded store and once with Redis, while faults happen:
 *
 * <pre>
 *   embedded: steady | reload (the artifacts are swapped to a freshly opened copy mid-run)
 *             | 20 slow clients (sockets sending a header at 1 byte/s) | after
 *   redis:    steady | redis down (server stopped) | redis restarted empty (tables reloaded) | after
 * </pre>
 *
 * Per phase it prints requests, errors (non-200 or no answer), degraded answers, p50/p99/p99.9
 * latency, and whether the answers after recovery equal the answers before (same users, compared
 * byte for byte). Persistent connections (HTTP/1.1 keep-alive), one per thread.
 *
 * <pre>
 *   java -cp mic-bench/target/benchmarks.jar io.mic.bench.Soak RUN_DIR LABEL THREADS SECONDS
 * </pre>
 * {@code RUN_DIR} is a run indexed by {@code mic index} (serving/LABEL/ must exist); SECONDS is the
 * length of each of the two runs (split evenly over its phases). Exit code 1 when an error occurred
 * or answers differ after recovery.
 */
public final class Soak {
    private Soak() {
    }

    /** Latencies (microseconds) and counts of one phase. */
    static final class Phase {
        final String name;
        final List<long[]> perThread = new ArrayList<>();
        final int[] sizes;
        long errors;
        long degraded;
        String firstError;

        Phase(String name, int threads) {
            this.name = name;
            this.sizes = new int[threads];
            for (int t = 0; t < threads; t++) {
                perThread.add(new long[1 << 16]);
            }
        }

        synchronized void add(int thread, long micros) {
            long[] a = perThread.get(thread);
            if (sizes[thread] == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
                perThread.set(thread, a);
            }
            a[sizes[thread]++] = micros;
        }

        synchronized void error(String what) {
            errors++;
            if (firstError == null) {
                firstError = what;
            }
        }

        synchronized void degraded() {
            degraded++;
        }

        synchronized String row() {
            int n = 0;
            for (int s : sizes) {
                n += s;
            }
            long[] all = new long[n];
            int k = 0;
            for (int t = 0; t < sizes.length; t++) {
                System.arraycopy(perThread.get(t), 0, all, k, sizes[t]);
                k += sizes[t];
            }
            Arrays.sort(all);
            return String.format(Locale.ROOT, "| %-34s | %8d | %6d | %8d | %8.2f | %8.2f | %8.2f |%s", name, n, errors, degraded,
                    q(all, 0.5), q(all, 0.99), q(all, 0.999), firstError == null ? "" : " first error: " + firstError);
        }

        private static double q(long[] sorted, double p) {
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: Soak RUN_DIR LABEL THREADS SECONDS");
            System.exit(2);
        }
        Path run = Path.of(args[0]);
        String label = args[1];
        int threads = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Path serving = run.resolve("serving").resolve(label);
        var config = RunConfigLoader.parse(Files.readString(run.resolve("config.textproto")), run.resolve("config.textproto").toString(),
                run.toAbsolutePath());
        // the deadline `mic serve` uses by default (--timeout-ms 250)
        RecommenderSettings base = RecommenderSettings.fromConfig(config, serving).withTimeoutMs(250);
        io.mic.core.data.IdMap ids = io.mic.retrieval.serve.ServingArtifacts.open(serving, false).vectors().ids("users");
        for (int u = 0; u < Math.min(ids.size(), 200); u++) {
            IDS.put(u, java.net.URLEncoder.encode(ids.external(u), StandardCharsets.UTF_8));
        }
        PluginRegistry registry = PluginRegistry.discover();
        boolean ok = true;
        System.out.printf("soak: %d threads, %d s per store, run %s (%s)%n", threads, seconds, run, label);
        System.out.println("| phase | requests | errors | degraded | p50 ms | p99 ms | p99.9 ms |");
        System.out.println("|---|---|---|---|---|---|---|");

        // embedded store: a reload (swap to a freshly opened copy of the artifacts) in the middle
        Path copy = Files.createTempDirectory("mic-soak-artifacts");
        copyTree(serving, copy);
        try (SwappableRecommender rec = SwappableRecommender.open(base, registry, MetricsSink.NOOP);
                RecommendHttpServer server = RecommendHttpServer.start(rec, new InetSocketAddress("127.0.0.1", 0), 8, 10)) {
            SlowClients[] slow = {null};
            ok &= drive(server, rec.numUsers(), threads, seconds, "embedded",
                    new String[] {"steady", "artifact reload", "20 slow clients (1 byte/s)", "after"}, phase -> {
                        if (phase == 1) {
                            rec.swap(copy);
                        } else if (phase == 2) {
                            slow[0] = new SlowClients(server.address().getPort(), 20);
                        } else if (phase == 3) {
                            slow[0].close();
                        }
                    });
        }

        // redis store: stop the server, restart it empty; the store reloads its tables
        try (RedisServerProcess redis = RedisServerProcess.launch()) {
            Recommenders.publishIfAbsent(serving, redis.uri(), "soak");
            RecommenderSettings rs = base.withStore(PluginRef.of("redis", Map.of("uri", redis.uri().toString(), "prefix", "soak",
                    "timeout-ms", "250", "connect-timeout-ms", "250", "pool-size", Integer.toString(Math.max(16, threads)))));
            try (SwappableRecommender rec = SwappableRecommender.open(rs, registry, MetricsSink.NOOP);
                    RecommendHttpServer server = RecommendHttpServer.start(rec, new InetSocketAddress("127.0.0.1", 0), 8, 10)) {
                ok &= drive(server, rec.numUsers(), threads, seconds, "redis",
                        new String[] {"steady", "redis down", "redis restarted empty", "after"}, phase -> {
                            if (phase == 1) {
                                redis.stop();
                            } else if (phase == 2) {
                                redis.start();
                            }
                        });
            }
        }
        System.out.println(ok ? "soak: OK (0 errors, answers after recovery equal those before)" : "soak: FAILED");
        System.exit(ok ? 0 : 1);
    }

    @FunctionalInterface
    interface Fault {
        void at(int phase) throws Exception;
    }

    /** Runs the phases (each seconds / phases long), then compares answers after with answers before. */
    static boolean drive(RecommendHttpServer server, int users, int threads, int seconds, String store, String[] names, Fault fault)
            throws Exception {
        int port = server.address().getPort();
        int sample = Math.min(users, 200);
        Map<Integer, String> before = answers(port, sample);
        Phase[] phases = new Phase[names.length];
        for (int p = 0; p < names.length; p++) {
            phases[p] = new Phase(store + ": " + names[p], threads);
        }
        AtomicReference<Phase> current = new AtomicReference<>(phases[0]);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> client(port, users, id, running, current), "soak-client-" + t);
            th.start();
            clients.add(th);
        }
        long per = seconds * 1000L / names.length;
        for (int p = 0; p < names.length; p++) {
            current.set(phases[p]);
            fault.at(p);
            Thread.sleep(per);
        }
        running.set(false);
        for (Thread th : clients) {
            th.join(10_000);
        }
        Map<Integer, String> after = answers(port, sample);
        long errors = 0;
        for (Phase p : phases) {
            System.out.println(p.row());
            errors += p.errors;
        }
        boolean same = before.equals(after);
        int differ = 0;
        for (Map.Entry<Integer, String> e : before.entrySet()) {
            if (!e.getValue().equals(after.get(e.getKey()))) {
                if (differ++ == 0) {
                    System.out.printf("  first difference, user %s:%n  before %s%n  after  %s%n", userId(e.getKey()), e.getValue(),
                            after.get(e.getKey()));
                }
            }
        }
        System.out.printf("%s: answers of %d users after recovery %s those before%s%n", store, sample, same ? "equal" : "DIFFER from",
                same ? "" : " (" + differ + " differ)");
        return errors == 0 && same;
    }

    /** Status and /recommend body of the first {@code n} users of the artifacts. */
    static Map<Integer, String> answers(int port, int n) throws IOException {
        Map<Integer, String> m = new HashMap<>();
        try (Conn c = new Conn(port)) {
            for (int u = 0; u < n; u++) {
                // a degraded answer (a store call past its deadline on a loaded machine) is asked again
                String[] r = c.get("/recommend?user=" + userId(u) + "&n=10");
                for (int attempt = 0; attempt < 50 && r[1].contains("\"degraded\":true"); attempt++) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    r = c.get("/recommend?user=" + userId(u) + "&n=10");
                }
                m.put(u, r[0] + " " + r[1]);
            }
        }
        return m;
    }

    static final Map<Integer, String> IDS = new ConcurrentHashMap<>();

    static String userId(int u) {
        return IDS.getOrDefault(u, Integer.toString(u));
    }

    static void client(int port, int users, int id, AtomicBoolean running, AtomicReference<Phase> current) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(id);
        Conn c = null;
        while (running.get()) {
            Phase p = current.get();
            int u = rnd.nextInt(Math.min(users, 200));
            long t0 = System.nanoTime();
            try {
                if (c == null) {
                    c = new Conn(port);
                }
                String[] r = c.get("/recommend?user=" + userId(u) + "&n=10");
                long us = (System.nanoTime() - t0) / 1000;
                if (!r[0].equals("200")) {
                    p.error("HTTP " + r[0] + " " + r[1]);
                } else {
                    p.add(id, us);
                    if (r[1].contains("\"degraded\":true")) {
                        p.degraded();
                    }
                }
            } catch (IOException e) {
                p.error(e.toString());
                if (c != null) {
                    c.close();
                }
                c = null;
            }
        }
        if (c != null) {
            c.close();
        }
    }

    /** One keep-alive HTTP/1.1 connection; answers are read by Content-Length. */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;

        Conn(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream());
        }

        /** {status, body}. */
        String[] get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: soak\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = line();
            if (status == null) {
                throw new IOException("connection closed");
            }
            int len = -1;
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    len = Integer.parseInt(h.substring(15).trim());
                }
            }
            if (len < 0) {
                throw new IOException("no Content-Length in the answer to " + path);
            }
            byte[] body = in.readNBytes(len);
            return new String[] {status.split(" ")[1], new String(body, StandardCharsets.UTF_8)};
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    return b.toString();
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.length() == 0 ? null : b.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Sockets that send a request's header one byte a second (slowloris), until closed. */
    static final class SlowClients implements AutoCloseable {
        final List<Socket> sockets = new ArrayList<>();
        final Thread drip;
        volatile boolean running = true;

        SlowClients(int port, int n) throws IOException {
            for (int i = 0; i < n; i++) {
                sockets.add(new Socket("127.0.0.1", port));
            }
            byte[] header = ("GET /health HTTP/1.1\r\nHost: slow\r\nX-Slow: " + "a".repeat(4000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            drip = new Thread(() -> {
                for (int i = 0; running && i < header.length; i++) {
                    for (Socket so : sockets) {
                        try {
                            so.getOutputStream().write(header[i]);
                        } catch (IOException ignored) {
                            // the server may drop a slow client
                        }
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "soak-slow-clients");
            drip.setDaemon(true);
            drip.start();
        }

        @Override
        public void close() {
            running = false;
            drip.interrupt();
            for (Socket so : sockets) {
                try {
                    so.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
