package io.mic.retrieval.store;

import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableFiles;
import io.mic.retrieval.table.TableReader;
import io.mic.spi.NeighborStore;
import io.mic.spi.Neighbors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@code memory} store: serves one version of the batch job's tables from this
 * process, on the heap or memory-mapped ({@link TableFiles#open}).
 *
 * <p>Thread-safe and lock-free: readers take the current {@link NeighborTables} from an atomic
 * reference, so {@link #reload()} swaps versions under live traffic and a read sees the old
 * version or the new one, never a mix. Never throws {@link StoreUnavailableException}: the data is
 * local. Returned arrays are new and owned by the caller.
 */
public final class MemoryNeighborStore implements NeighborStore, NeighborBatchReader {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryNeighborStore.class);

    private final Path path;
    private final long mapAboveBytes;
    private final boolean verify;
    private final AtomicReference<NeighborTables> tables = new AtomicReference<>();

    /** Serves {@code tables} as given (no files; {@link #reload()} is then unsupported). */
    public MemoryNeighborStore(NeighborTables tables) {
        this.path = null;
        this.mapAboveBytes = Long.MAX_VALUE;
        this.verify = false;
        this.tables.set(Objects.requireNonNull(tables, "tables"));
    }

    /**
     * Opens the tables under {@code path} (a root with {@code CURRENT}, or a version directory).
     *
     * @param mapAboveBytes files larger than this are memory-mapped, smaller ones copied to the heap
     * @param verify        check sizes and SHA-256 against the manifest before serving
     */
    public MemoryNeighborStore(Path path, long mapAboveBytes, boolean verify) throws IOException {
        this.path = path;
        this.mapAboveBytes = mapAboveBytes;
        this.verify = verify;
        this.tables.set(TableFiles.open(path, mapAboveBytes, verify));
        LOG.info("serving tables version {} from {}", tables.get().version(), path);
    }

    /** The version being served. */
    public NeighborTables tables() {
        return tables.get();
    }

    /**
     * Re-opens the tables path (picking up a new {@code CURRENT}) and swaps it in atomically.
     *
     * @return whether the version changed
     * @throws IOException when the new version cannot be read; the old one keeps being served
     */
    public boolean reload() throws IOException {
        if (path == null) {
            throw new IllegalStateException("store was built from in-memory tables; nothing to reload");
        }
        NeighborTables next = TableFiles.open(path, mapAboveBytes, verify);
        NeighborTables prev = tables.getAndSet(next);
        if (prev.version() != next.version()) {
            LOG.info("tables reloaded: version {} -> {}", prev.version(), next.version());
            return true;
        }
        return false;
    }

    @Override
    public Neighbors neighbors(Table table, int id, int limit) {
        return read(tables.get(), table, id, limit);
    }

    @Override
    public int[] recentItems(int user, int limit) {
        return recent(tables.get(), user, limit);
    }

    @Override
    public Neighbors[] neighbors(Table table, int[] ids, int count, int limit) {
        NeighborTables t = tables.get();
        Neighbors[] out = new Neighbors[count];
        for (int i = 0; i < count; i++) {
            out[i] = read(t, table, ids[i], limit);
        }
        return out;
    }

    @Override
    public int[][] recentItems(int[] users, int count, int limit) {
        NeighborTables t = tables.get();
        int[][] out = new int[count][];
        for (int i = 0; i < count; i++) {
            out[i] = recent(t, users[i], limit);
        }
        return out;
    }

    private static Neighbors read(NeighborTables t, Table table, int id, int limit) {
        TableReader r = table == Table.USER_USER ? t.userUser() : t.itemItem();
        int n = Math.min(Math.max(0, limit), r.count(id));
        if (n == 0) {
            return Neighbors.EMPTY;
        }
        int[] ids = new int[n];
        float[] scores = new float[n];
        for (int j = 0; j < n; j++) {
            ids[j] = r.id(id, j);
            scores[j] = r.score(id, j);
        }
        return new Neighbors(ids, scores);
    }

    private static int[] recent(NeighborTables t, int user, int limit) {
        TableReader r = t.recent();
        int n = Math.min(Math.max(0, limit), r.count(user));
        int[] out = new int[n];
        for (int j = 0; j < n; j++) {
            out[j] = r.id(user, j);
        }
        return out;
    }
}
