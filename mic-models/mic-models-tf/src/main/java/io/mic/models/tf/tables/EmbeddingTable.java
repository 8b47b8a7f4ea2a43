package io.mic.models.tf.tables;

import io.mic.models.tf.ChecksummedFile;
import io.mic.models.tf.Feeds;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Initializer;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.StepGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

/**
 * A trainable {@code rows x dim} embedding table kept in Java, outside the TensorFlow graph: the
 * graph only ever sees the rows of the current batch (see {@link StepGraph}), so a training step
 * costs O(batch), not O(vocabulary).
 *
 * <p>Storage: on-heap {@code float[]} chunks of a power-of-two number of rows (at most 2^24
 * floats = 64 MiB each), so no single array or buffer approaches the 2 GB limit and a 10M x 64
 * table is ~150 chunks. Initial values are a pure function of {@code (seed, row, column)}.
 * Optimizer state ({@link Optimizer}) is created per row on first update.
 *
 * <p>Threading: one read-write lock, taken once per call (per batch for {@link #gather}).
 * Readers ({@link #read}, {@link #gather}, {@link #save}) run concurrently with each other; updates
 * ({@link #applyGradients}, {@link #write}, {@link #restore}) exclude readers and each other. A
 * reader therefore never sees a half-updated batch and serving threads may read while a trainer
 * updates, at the cost of waiting one update (tens of microseconds for a batch of 256 rows).
 *
 * <p>Files: {@link #save} writes the weights and the touched rows' optimizer state to a temporary
 * sibling, with a CRC32C trailer, and renames it atomically; {@link #load} verifies the checksum;
 * {@link MappedEmbeddings#open} maps the same file read-only for serving.
 */
public final class EmbeddingTable implements EmbeddingRows {

    /** File format magic, first 8 bytes: "MICEMB01". */
    static final long MAGIC = 0x31304243454D4349L;
    static final int VERSION = 1;
    /** Fixed header: 64 bytes of fields + 64 bytes of name. Weights start here. */
    static final int HEADER_BYTES = 128;
    static final int MAX_NAME_BYTES = 60;
    private static final int MAX_CHUNK_FLOATS = 1 << 24;

    private final String name;
    private final int rows;
    private final int dim;
    private final Optimizer optimizer;
    private final int chunkShift;
    private final int chunkMask;
    private final float[][] chunks;
    /** Replaced only by {@link #restore(Path)}, under the write lock. */
    private RowState state;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long updates;
    /** Sink of {@link #applyGradients}' touch pass (no meaning). */
    private int touchSink;

    private EmbeddingTable(String name, int rows, int dim, Optimizer optimizer) {
        this(name, rows, dim, optimizer, MAX_CHUNK_FLOATS);
    }

    /** {@code maxChunkFloats} is a parameter only so tests can exercise many chunks on small tables. */
    EmbeddingTable(String name, int rows, int dim, Optimizer optimizer, int maxChunkFloats) {
        checkName(name);
        if (rows <= 0 || dim <= 0) {
            throw new IllegalArgumentException("table '" + name + "' needs rows > 0 and dim > 0, got " + rows + " x " + dim);
        }
        this.name = name;
        this.rows = rows;
        this.dim = dim;
        this.optimizer = optimizer;
        this.chunkShift = chunkShift(dim, maxChunkFloats);
        this.chunkMask = (1 << chunkShift) - 1;
        int n = (int) (((long) rows + chunkMask) >>> chunkShift);
        this.chunks = new float[n][];
        for (int c = 0; c < n; c++) {
            int chunkRows = (int) Math.min(1L << chunkShift, (long) rows - ((long) c << chunkShift));
            chunks[c] = new float[chunkRows * dim];
        }
        this.state = RowState.create(optimizer, rows, dim);
    }

    /** log2 of rows per chunk: the largest power of two with rows x dim <= 2^24 floats. */
    static int chunkShift(int dim, int maxChunkFloats) {
        int s = 0;
        while (((2L << s) * dim) <= maxChunkFloats) {
            s++;
        }
        return s;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || !name.matches(GraphBuilder.NAME)
                || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("table name must be 1-" + MAX_NAME_BYTES + " bytes of '/'-separated [A-Za-z0-9][A-Za-z0-9_.-]* segments, got '" + name + "'");
        }
    }

    /**
     * A new table with deterministic initial values. Chunks are filled in parallel (common
     * fork-join pool); the values do not depend on the thread count.
     *
     * @param name stable name, used in graphs, checkpoints and messages ([A-Za-z0-9_./-], ≤ 60 bytes)
     */
    public static EmbeddingTable create(String name, int rows, int dim, Optimizer optimizer, Initializer init, long seed) {
        EmbeddingTable t = new EmbeddingTable(name, rows, dim, optimizer);
        t.initialize(init, seed);
        return t;
    }

    /** Fills every row with its deterministic initial value; the value of (row, column) does not depend on chunking. */
    void initialize(Initializer init, long seed) {
        EmbeddingTable t = this;
        long tableSeed = Initializer.mix(seed ^ name.hashCode());
        IntStream.range(0, t.chunks.length).parallel().forEach(c -> {
            float[] chunk = t.chunks[c];
            init.fill(tableSeed, ((long) c << t.chunkShift) * dim, chunk, 0, chunk.length);
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Number of {@link #applyGradients} calls so far (restored from checkpoints). */
    public long updates() {
        lock.readLock().lock();
        try {
            return updates;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Rows that have optimizer state (were updated at least once). */
    public long touchedRows() {
        lock.readLock().lock();
        try {
            return state.touchedRows();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bytes of weights plus optimizer state currently held. */
    public long bytes() {
        lock.readLock().lock();
        try {
            return (long) rows * dim * 4L + state.bytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkId(int id) {
        if (id < 0 || id >= rows) {
            throw new IndexOutOfBoundsException("table '" + name + "': id " + id + " outside [0, " + rows + ")");
        }
    }

    @Override
    public void read(int id, float[] out, int off) {
        checkId(id);
        lock.readLock().lock();
        try {
            System.arraycopy(chunks[id >>> chunkShift], (id & chunkMask) * dim, out, off, dim);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void gather(int[] ids, int from, int to, float[] out, int off) {
        for (int i = from; i < to; i++) {
            checkId(ids[i]);
        }
        lock.readLock().lock();
        try {
            for (int i = from, o = off; i < to; i++, o += dim) {
                int id = ids[i];
                System.arraycopy(chunks[id >>> chunkShift], (id & chunkMask) * dim, out, o, dim);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Overwrites row {@code id} from {@code src[off, off+dim)} (warm starts, tests); optimizer state is untouched. */
    public void write(int id, float[] src, int off) {
        checkId(id);
        lock.writeLock().lock();
        try {
            System.arraycopy(src, off, chunks[id >>> chunkShift], (id & chunkMask) * dim, dim);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Applies one optimizer step to rows {@code ids[0, count)} with gradients {@code grads}
     * ({@code count x dim}, row-major). The ids must be distinct: a duplicate would advance its
     * row's optimizer twice (the {@link Feeds} path sums duplicates before this point).
     *
     * @param lr learning rate of this step
     */
    public void applyGradients(int[] ids, int count, float[] grads, float lr) {
        if (grads.length < (long) count * dim) {
            throw new IllegalArgumentException("table '" + name + "': " + grads.length + " gradient floats for " + count + " rows of " + dim);
        }
        for (int i = 0; i < count; i++) {
            checkId(ids[i]);
        }
        lock.writeLock().lock();
        try {
            // Touch each row's weights and optimizer state first: independent loads whose cache and TLB
            // misses overlap; inside the update loop each row's long dependency chain (sum of squares,
            // accumulator, scaled update) lets the CPU overlap only a row or two. JMH
            // EmbeddingTableBenchmark at 10M rows: see docs/tf-runtime.md. (gather's copies are
            // independent already: a touch pass there measured slower.)
            int touch = 0;
            for (int i = 0; i < count; i++) {
                int id = ids[i];
                touch ^= Float.floatToRawIntBits(chunks[id >>> chunkShift][(id & chunkMask) * dim])
                        ^ Float.floatToRawIntBits(state.peek(id));
            }
            touchSink = touch; // keeps the loads; written under the write lock
            for (int i = 0; i < count; i++) {
                int id = ids[i];
                state.apply(id, chunks[id >>> chunkShift], (id & chunkMask) * dim, grads, i * dim, lr);
            }
            updates++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Writes the table (weights, then each touched row's optimizer state) to {@code file} via a
     * temporary sibling and an atomic rename. Returns the file's CRC32C. Holds the read lock for
     * the whole write, so the file is one consistent snapshot.
     */
    public long save(Path file) throws IOException {
        lock.readLock().lock();
        try (ChecksummedFile.Writer w = new ChecksummedFile.Writer(file)) {
            long touched = state.touchedRows();
            int width = state.width();
            writeHeader(w, touched, width);
            for (float[] chunk : chunks) {
                w.putFloats(chunk, 0, chunk.length);
            }
            float[] row = new float[Math.max(1, width)];
            long written = 0;
            for (int r = state.nextTouched(0); r >= 0; r = state.nextTouched(r + 1)) {
                int steps = state.export(r, row, 0);
                w.putInt(r);
                w.putInt(steps);
                w.putFloats(row, 0, width);
                written++;
            }
            if (written != touched) {
                throw new IllegalStateException("table '" + name + "': " + written + " state rows written, " + touched + " touched");
            }
            return w.commit();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void writeHeader(ChecksummedFile.Writer w, long touched, int width) throws IOException {
        w.putLong(MAGIC);
        w.putInt(VERSION);
        w.putInt(rows);
        w.putInt(dim);
        w.putInt(optimizer.code());
        float[] p = optimizer.params();
        w.putFloat(p[0]);
        w.putFloat(p[1]);
        w.putFloat(p[2]);
        w.putLong(touched);
        w.putInt(width);
        w.putLong(updates);
        // pad the 64-byte field block: 8+4+4+4+4+12+8+4+8 = 56
        w.putLong(0L);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        w.putInt(nameBytes.length);
        w.putBytes(nameBytes);
        w.putBytes(new byte[MAX_NAME_BYTES - nameBytes.length]);
        if (w.position() != HEADER_BYTES) {
            throw new IllegalStateException("header is " + w.position() + " bytes");
        }
    }

    /** Parsed header of a table file. */
    record Header(String name, int rows, int dim, Optimizer optimizer, long touched, int width, long updates) {

        long weightBytes() {
            return (long) rows * dim * 4L;
        }

        long fileBytes() {
            return HEADER_BYTES + weightBytes() + touched * (8L + 4L * width) + ChecksummedFile.TRAILER_BYTES;
        }
    }

    static Header parseHeader(java.nio.ByteBuffer b, Path file) throws IOException {
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (b.getLong() != MAGIC) {
            throw new IOException(file + ": not a MIC embedding table (bad magic)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new IOException(file + ": table format version " + version + ", this build reads " + VERSION);
        }
        int rows = b.getInt();
        int dim = b.getInt();
        int code = b.getInt();
        float p0 = b.getFloat();
        float p1 = b.getFloat();
        float p2 = b.getFloat();
        long touched = b.getLong();
        int width = b.getInt();
        long updates = b.getLong();
        b.getLong();
        int nameLen = b.getInt();
        if (rows <= 0 || dim <= 0 || touched < 0 || touched > rows || width < 0 || nameLen <= 0 || nameLen > MAX_NAME_BYTES) {
            throw new IOException(file + ": corrupt table header (rows " + rows + ", dim " + dim + ", touched " + touched + ")");
        }
        byte[] nb = new byte[nameLen];
        b.get(nb);
        Optimizer opt;
        try {
            opt = Optimizer.fromCode(code, p0, p1, p2);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": corrupt optimizer in header: " + e.getMessage(), e);
        }
        return new Header(new String(nb, StandardCharsets.UTF_8), rows, dim, opt, touched, width, updates);
    }

    /**
     * Loads a table written by {@link #save} onto the heap, with its optimizer state, ready to
     * train on. The CRC32C is verified; a mismatch or truncation is an {@link IOException}.
     */
    public static EmbeddingTable load(Path file) throws IOException {
        try (ChecksummedFile.Reader r = new ChecksummedFile.Reader(file)) {
            Header h = readHeader(r, file);
            EmbeddingTable t = new EmbeddingTable(h.name(), h.rows(), h.dim(), h.optimizer());
            t.readBody(r, h, file);
            return t;
        }
    }

    /**
     * Replaces this table's weights, optimizer state and update count with the contents of
     * {@code file} (same name, shape and optimizer), in place, so graphs holding this instance
     * see the restored values (trainer resume). The checksum is verified in a first pass before
     * anything is overwritten; a failure leaves the table unchanged.
     */
    public void restore(Path file) throws IOException {
        ChecksummedFile.verify(file);
        lock.writeLock().lock();
        try (ChecksummedFile.Reader r = new ChecksummedFile.Reader(file)) {
            Header h = readHeader(r, file);
            if (!h.name().equals(name) || h.rows() != rows || h.dim() != dim || !h.optimizer().equals(optimizer)) {
                throw new IOException(file + " holds table '" + h.name() + "' (" + h.rows() + " x " + h.dim() + ", " + h.optimizer()
                        + "), cannot restore '" + name + "' (" + rows + " x " + dim + ", " + optimizer + ")");
            }
            state = RowState.create(optimizer, rows, dim);
            readBody(r, h, file);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static Header readHeader(ChecksummedFile.Reader r, Path file) throws IOException {
        byte[] head = new byte[HEADER_BYTES];
        r.getBytes(head);
        Header h = parseHeader(java.nio.ByteBuffer.wrap(head), file);
        if (r.payloadBytes() + ChecksummedFile.TRAILER_BYTES != h.fileBytes()) {
            throw new IOException(file + ": size " + (r.payloadBytes() + ChecksummedFile.TRAILER_BYTES)
                    + " bytes does not match its header (" + h.fileBytes() + "): truncated or corrupt");
        }
        return h;
    }

    private void readBody(ChecksummedFile.Reader r, Header h, Path file) throws IOException {
        if (h.width() != state.width()) {
            throw new IOException(file + ": optimizer state width " + h.width() + ", expected " + state.width());
        }
        for (float[] chunk : chunks) {
            r.getFloats(chunk, 0, chunk.length);
        }
        float[] row = new float[Math.max(1, h.width())];
        for (long i = 0; i < h.touched(); i++) {
            int id = r.getInt();
            int steps = r.getInt();
            r.getFloats(row, 0, h.width());
            if (id < 0 || id >= h.rows()) {
                throw new IOException(file + ": optimizer state for row " + id + " outside the table");
            }
            state.restore(id, steps, row, 0);
        }
        r.verifyEnd();
        updates = h.updates();
    }

    @Override
    public String toString() {
        return "EmbeddingTable[" + name + ", " + rows + " x " + dim + ", " + optimizer + "]";
    }
}
