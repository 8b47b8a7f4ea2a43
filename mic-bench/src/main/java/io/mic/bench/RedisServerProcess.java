package io.mic.bench;

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
 * A real redis-server on a free loopback port for a benchmark's setup: the {@code redis-server} on
 * the PATH when there is one (the report installs Debian's), else the linux-amd64 binary shipped in
 * the embedded-redis jar. No persistence.
 */
final class RedisServerProcess implements AutoCloseable {
    private final int port;
    private final String executable;
    private final RedisServer server;

    RedisServerProcess() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String exe = onPath("redis-server");
        executable = exe != null ? exe : ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
        List<String> args = List.of(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--protected-mode", "yes");
        server = new RedisServer(port, args, false, line -> { }, line -> { });
        server.start();
    }

    URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    String executable() {
        return executable;
    }

    @Override
    public void close() throws IOException {
        server.stop();
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
