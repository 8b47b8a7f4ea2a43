package io.mic.spark;

import io.mic.core.io.AtomicFiles;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.retrieval.serve.PluginRef;
import io.mic.spi.MetricsSink;
import io.mic.spi.Schema;
import io.mic.spi.VectorIndex;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A built {@link VectorIndex} shipped to executors as the files its {@link VectorIndex#save} wrote
 * (what a Spark broadcast carries), reopened on each executor JVM once through the same plugin's
 * {@code path} parameter, so executors search exactly the graph or matrix the driver built.
 *
 * <p>Files are cut into chunks of at most {@value #CHUNK} bytes (a Java array holds at most 2 GiB;
 * a 10M × 64 user index is 2.5 GB). The reopened index is cached per JVM under a random key until
 * {@link #evict}; the temporary directory it was read from is deleted after loading, except for
 * plugins that map their files (none of the built-in ones do).
 */
final class BroadcastIndex implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int CHUNK = 1 << 28;
    private static final Map<String, VectorIndex> OPEN = new ConcurrentHashMap<>();

    private final String key = UUID.randomUUID().toString();
    private final String plugin;
    private final HashMap<String, String> params;
    private final int users;
    private final int items;
    private final LinkedHashMap<String, List<byte[]>> files;

    private BroadcastIndex(String plugin, Map<String, String> params, int users, int items, LinkedHashMap<String, List<byte[]>> files) {
        this.plugin = plugin;
        this.params = new HashMap<>(params);
        this.users = users;
        this.items = items;
        this.files = files;
    }

    /** Reads every file under {@code dir} (an index saved by plugin {@code ref}) into memory. */
    static BroadcastIndex of(Path dir, PluginRef ref, int users, int items) throws IOException {
        LinkedHashMap<String, List<byte[]>> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                List<byte[]> chunks = new ArrayList<>();
                try (var in = Files.newInputStream(f)) {
                    while (true) {
                        byte[] c = in.readNBytes(CHUNK);
                        if (c.length == 0) {
                            break;
                        }
                        chunks.add(c);
                    }
                }
                files.put(dir.relativize(f).toString().replace('\\', '/'), chunks);
            }
        }
        return new BroadcastIndex(ref.name(), ref.params(), users, items, files);
    }

    long bytes() {
        long b = 0;
        for (List<byte[]> cs : files.values()) {
            for (byte[] c : cs) {
                b += c.length;
            }
        }
        return b;
    }

    /** The index in this JVM, written to a temporary directory and loaded on first use. */
    VectorIndex open() {
        return OPEN.computeIfAbsent(key, k -> {
            try {
                Path dir = Files.createTempDirectory("mic-spark-index-");
                try {
                    for (Map.Entry<String, List<byte[]>> e : files.entrySet()) {
                        Path f = dir.resolve(e.getKey());
                        Files.createDirectories(f.getParent());
                        try (var out = Files.newOutputStream(f)) {
                            for (byte[] c : e.getValue()) {
                                out.write(c);
                            }
                        }
                    }
                    PluginRef ref = PluginRef.of(plugin, params).with("path", dir.toString());
                    SeededPluginContext ctx = SeededPluginContext.of(Schema.of(users, items), 0L, MetricsSink.NOOP);
                    return PluginRegistry.discover().create(PluginKind.VECTOR_INDEX, ref.config(), ctx, "mic-spark broadcast index");
                } finally {
                    AtomicFiles.deleteTree(dir);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("reopening the broadcast " + plugin + " index on this executor", ex);
            }
        });
    }

    /** Drops this JVM's copy (the driver calls it when the job is done; executors end with the application). */
    void evict() {
        OPEN.remove(key);
    }
}
