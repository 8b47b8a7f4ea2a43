package io.mic.cli;

import io.mic.retrieval.serve.RecommendHttpServer;
import io.mic.retrieval.serve.SwappableRecommender;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** HTTP JSON serving of a run's model: GET /recommend?user=ID&n=N, GET /health. */
@Command(name = "serve", description = "Serve a run's model over HTTP: GET /recommend?user=ID&n=N, GET /health (JSON).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ServingOptions serving;

    @Mixin
    RunModelOptions target;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port (default 8080; 0 = any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to bind (default 127.0.0.1).")
    String bind;

    @Option(names = "--threads", defaultValue = "8", paramLabel = "N", description = "Request worker threads (default 8).")
    int threads;

    @Option(names = "--reload-every", defaultValue = "0", paramLabel = "SECONDS", description = "Check the run's serving "
            + "artifacts every SECONDS and switch to a new version (written by `mic index`) without a restart; 0 = never (default).")
    int reloadEvery;

    @Override
    public Integer call() throws Exception {
        common.apply();
        if (reloadEvery < 0) {
            throw new IllegalArgumentException("--reload-every must be >= 0 seconds (0 = never), got " + reloadEvery);
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("--threads must be in [1, 1024], got " + threads);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
        }
        RunModelOptions.Target t = target.open();
        RunDirectory rd = t.run();
        String label = t.label();
        SwappableRecommender rec = serving.openSwappable(rd, label, common.registry());
        Path dir = rd.requireServing(label);
        AutoCloseable reloader = reloadEvery <= 0 ? null
                : rec.reloadOnChange(dir, java.time.Duration.ofSeconds(reloadEvery), serving::publish);
        var retrieval = rd.config().config().getRetrieval();
        int defaultN = retrieval.hasTopN() ? retrieval.getTopN() : 10;   // n when a request leaves it out
        RecommendHttpServer server = RecommendHttpServer.start(rec, new InetSocketAddress(bind, port), threads, defaultN);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (reloader != null) {
                try {
                    reloader.close();
                } catch (Exception ignored) {
                    // shutting down anyway
                }
            }
            server.close();
            rec.close();
            stopped.countDown();
        }, "mic-serve-shutdown"));
        System.out.printf("serving %s on http://%s:%d  (GET /recommend?user=ID&n=N, GET /health; Ctrl-C stops)%n", label,
                server.address().getHostString(), server.address().getPort());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
