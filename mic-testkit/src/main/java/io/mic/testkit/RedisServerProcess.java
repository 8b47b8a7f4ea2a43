package io.mic.testkit;

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
 * A real redis-server process on a free loopback port, for tests and benchmarks of Redis-backed
 * plugins (no mocks): the {@code redis-server} on the PATH when there is one (e.g. Debian's
 * {@code redis-server} package), else the linux-amd64 binary the embedded-redis jar ships.
 * {@link #stop()} and {@link #start()} again on the same port to test outages.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.launch()) {
 *     NeighborStore store = ... redis.uri() ...;
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {
    private final int port;
    private final String executable;
    private final List<String> args;
    private RedisServer server;

    private RedisServerProcess(List<String> extra) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String exe = onPath("redis-server");
        executable = exe != null ? exe : ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
        args = new ArrayList<>(List.of(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--protected-mode", "yes"));
        args.addAll(extra);
        start();
    }

    /** A started server without persistence: a restart comes back empty. */
    public static RedisServerProcess launch() throws IOException {
        return new RedisServerProcess(List.of("--appendonly", "no"));
    }

    /**
     * A started server that keeps its data across {@link #stop()} and {@link #start()} (an
     * append-only file fsynced on every write, in {@code dir}), like a production server restarting.
     */
    public static RedisServerProcess launchPersistent(Path dir) throws IOException {
        return new RedisServerProcess(List.of("--appendonly", "yes", "--appendfsync", "always", "--dir",
                Files.createDirectories(dir).toAbsolutePath().toString()));
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The redis-server binary in use. */
    public String executable() {
        return executable;
    }

    /** Starts the server (again) on the same port. */
    public void start() throws IOException {
        server = new RedisServer(port, args, false, line -> { }, line -> { });
        server.start();
    }

    /** Stops the server process; {@link #start()} brings it back on the same port. */
    public void stop() throws IOException {
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
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
