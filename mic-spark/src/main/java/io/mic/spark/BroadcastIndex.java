package io.mic.spark;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.retrieval.serve.PluginRef;
import io.mic.spi.MetricsSink;
import io.mic.spi.Schema;
import io.mic.spi.VectorIndex;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A handle to a built {@link VectorIndex} that Spark tasks search, small enough to broadcast: it
 * carries no index bytes, only how each executor JVM gets the index once.
 *
 * <ul>
 *   <li>{@link Handoff#JVM} ({@code local[N]}, where the tasks run in the driver's JVM): the driver's
 *       own built index object, registered in this JVM under a random key. No copy at all.</li>
 *   <li>{@link Handoff#FILES} (a cluster): the directory the index was saved to by
 *       {@link VectorIndex#save}, on a file system every executor reads at the same path (the job
 *       already needs one for the embedding export and the part files); each executor JVM loads it
 *       once through the plugin's {@code path} parameter and caches it under the key.</li>
 * </ul>
 *
 * <p>Until issue 22's 10M run the handle carried the saved files as byte chunks through Spark's
 * broadcast: in {@code local[N]} the driver then held the index four times (its build, the bytes,
 * Spark's serialised broadcast blocks, the reopened copy), and at 10M users × 64 dims (2.6 GB of
 * vectors alone) the first U2U task ran out of a 16 GB heap.
 */
final class BroadcastIndex implements Serializable {
    private static final long serialVersionUID = 2L;
    private static final Map<String, VectorIndex> OPEN = new ConcurrentHashMap<>();

    /** How the tasks get the index (see the class comment). */
    enum Handoff {
        /** {@link #JVM} when the Spark master is local, else {@link #FILES}. */
        AUTO,
        JVM,
        FILES;

        /** Parses {@code auto}, {@code jvm} or {@code files} (case-insensitive); names the option in the error. */
        static Handoff parse(String s, String option) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": unknown value '" + s + "' (expected auto, jvm or files)");
            }
        }

        /** This mode with {@link #AUTO} resolved for a context whose master is local or not. */
        Handoff resolve(boolean localMaster) {
            return this != AUTO ? this : localMaster ? JVM : FILES;
        }
    }

    private final String key = UUID.randomUUID().toString();
    private final String plugin;
    private final HashMap<String, String> params;
    private final int users;
    private final int items;
    /** The saved index (FILES), or null (JVM). */
    private final String dir;

    private BroadcastIndex(String plugin, Map<String, String> params, int users, int items, String dir) {
        this.plugin = plugin;
        this.params = new HashMap<>(params);
        this.users = users;
        this.items = items;
        this.dir = dir;
    }

    /** Hands the driver's built index {@code built} to the tasks of this JVM ({@link Handoff#JVM}). */
    static BroadcastIndex inJvm(VectorIndex built, PluginRef ref, int users, int items) {
        BroadcastIndex b = new BroadcastIndex(ref.name(), ref.params(), users, items, null);
        OPEN.put(b.key, built);
        return b;
    }

    /**
     * The index saved by plugin {@code ref} under {@code dir} ({@link Handoff#FILES}); the directory
     * must stay readable at that path on every executor until {@link #evict}.
     */
    static BroadcastIndex saved(Path dir, PluginRef ref, int users, int items) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("saved " + ref.name() + " index: " + dir + " is not a directory");
        }
        return new BroadcastIndex(ref.name(), ref.params(), users, items, dir.toAbsolutePath().toString());
    }

    /** Whether the tasks read the index from files (else from the driver's JVM). */
    boolean fromFiles() {
        return dir != null;
    }

    /** The index in this JVM: the driver's object, or loaded from the saved directory on first use. */
    VectorIndex open() {
        if (dir == null) {
            VectorIndex v = OPEN.get(key);
            if (v == null) {
                throw new IllegalStateException("the " + plugin + " index was handed to the tasks in the driver's JVM (handoff jvm), "
                        + "but this task runs in another JVM: use handoff files (--index-handoff files) on a cluster");
            }
            return v;
        }
        return OPEN.computeIfAbsent(key, k -> {
            PluginRef ref = PluginRef.of(plugin, params).with("path", dir);
            SeededPluginContext ctx = SeededPluginContext.of(Schema.of(users, items), 0L, MetricsSink.NOOP);
            return PluginRegistry.discover().create(PluginKind.VECTOR_INDEX, ref.config(), ctx, "mic-spark index at " + dir);
        });
    }

    /** Drops this JVM's reference (the driver calls it when the stage is done; executors end with the application). */
    void evict() {
        OPEN.remove(key);
    }
}
