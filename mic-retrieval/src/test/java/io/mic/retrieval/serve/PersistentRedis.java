package io.mic.retrieval.serve;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server on a free loopback port that keeps its data across a stop and start (an
 * append-only file fsynced on every write in {@code dir}), like a production server restarting:
 * the outage tests stop it mid-serving and start it again on the same port.
 */
final class PersistentRedis implements AutoCloseable {
    private final int port;
    private final List<String> args;
    private RedisServer server;

    PersistentRedis(Path dir) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String exe = onPath("redis-server");
        if (exe == null) {
            exe = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
        }
        args = List.of(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                "--appendfsync", "always", "--dir", dir.toAbsolutePath().toString(), "--protected-mode", "yes");
        start();
    }

    URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
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

    private static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
