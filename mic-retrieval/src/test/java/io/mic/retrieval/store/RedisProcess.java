package io.mic.retrieval.store;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process on a free loopback port, for tests: the {@code redis-server} on the
 * PATH when there is one, else the linux-amd64 binary the embedded-redis jar ships. Stop and
 * start it again on the same port to test outages.
 */
final class RedisProcess implements AutoCloseable {
    private final int port;
    private final List<String> args;
    private RedisServer server;

    RedisProcess() throws IOException {
        this.port = freePort();
        String exe = onPath("redis-server");
        if (exe == null) {
            exe = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
        }
        args = new ArrayList<>(List.of(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--protected-mode", "yes"));
        start();
    }

    URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    void start() throws IOException {
        server = new RedisServer(port, args, false, line -> { }, line -> { });
        server.start();
    }

    void stop() throws IOException {
        server.stop();
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
