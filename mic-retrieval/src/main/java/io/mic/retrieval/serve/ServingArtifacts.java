package io.mic.retrieval.serve;

import io.mic.core.config.proto.FileEntry;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.io.AtomicFiles;
import io.mic.core.io.EmbeddingExport;
import io.mic.core.io.StagedDirectory;
import io.mic.retrieval.proto.ServingManifest;
import io.mic.retrieval.table.HeapTable;
import io.mic.retrieval.table.NeighborTableBuilder;
import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableFiles;
import io.mic.spi.Column;
import io.mic.spi.VectorIndex;
import io.mic.spi.Vectors;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One model's serving artifacts, the output of the batch job ({@code mic index}) and the input of a
 * {@link Recommender}:
 *
 * <pre>
 *   dir/serving.pb        ServingManifest (artifacts.proto): model, sizes, table widths, how recency
 *                         was taken, and every file below with size and SHA-256
 *   dir/vectors/          embedding export (users, items) copied from the run
 *   dir/index/            the saved item VectorIndex (index.pb + data files)
 *   dir/tables/           TableFiles root: CURRENT + v&lt;version&gt;/ (user-user M1, item-item M3, history)
 *   dir/categories.txt    one line per internal item id: its category (-1 = none)
 * </pre>
 *
 * <p>The similar-items table comes from kNN over the item vectors, or, when the model supplies its
 * own lists ({@link io.mic.spi.ItemNeighborSource}, stored in the run), from those lists; the
 * manifest's {@code item_neighbors} says which.
 *
 * <p>The history table keeps each user's whole history (distinct items, most recent first): the
 * I2I channel reads its first {@code m} entries, and the Recommender excludes all of it (the seen
 * items). The directory is assembled under a temporary name and renamed into place.
 */
public final class ServingArtifacts {
    /** Layout version written to {@link ServingManifest#getFormat()}. */
    public static final int FORMAT = 1;
    public static final String MANIFEST = "serving.pb";
    static final String VECTORS = "vectors";
    static final String INDEX = "index";
    static final String TABLES = "tables";
    static final String CATEGORIES = "categories.txt";

    private final Path dir;
    private final ServingManifest manifest;
    private final EmbeddingExport export;

    private ServingArtifacts(Path dir, ServingManifest manifest, EmbeddingExport export) {
        this.dir = dir;
        this.manifest = manifest;
        this.export = export;
    }

    /**
     * What the batch job records about the build.
     *
     * @param model         model label in the run
     * @param modelPlugin   its plugin id ({@code mic/1})
     * @param run           the run directory's name
     * @param similarUsers  M1, neighbours kept per user
     * @param similarItems  M3, neighbours kept per item
     * @param historyOrder  {@code timestamp} or {@code source-order}
     * @param historySource which interactions form the history ({@code train+valid})
     * @param threads       neighbour-search threads
     */
    public record Spec(String model, String modelPlugin, String run, int similarUsers, int similarItems, String historyOrder,
            String historySource, int threads) {
        public Spec {
            if (similarUsers < 1 || similarItems < 1 || threads < 1) {
                throw new IllegalArgumentException("M1, M3 and threads must be >= 1: M1=" + similarUsers + " M3=" + similarItems
                        + " threads=" + threads);
            }
        }
    }

    /**
     * What the neighbour-table step of {@link #write} receives: the model's vectors, the item index
     * (built, and already saved under {@code itemIndexDir} inside the staged artifacts), the history,
     * a factory of unbuilt indexes of the configured plugin, and the table parameters.
     */
    public record TableInputs(Path vectorsDir, Vectors users, Vectors items, VectorIndex itemIndex, Path itemIndexDir,
            InteractionMatrix history, Supplier<VectorIndex> newIndex, String indexId, long version, NeighborTableBuilder.Params params) {
    }

    /**
     * Computes the neighbour tables of {@link #write}: {@link #LOCAL_TABLES} in this JVM; a
     * distributed job (mic-spark) plugs in its own, and the rest of the artifacts stay identical.
     */
    @FunctionalInterface
    public interface TableStep {
        NeighborTables build(TableInputs in) throws IOException;
    }

    /** The tables built in this JVM by {@link NeighborTableBuilder} on {@code params.threads()} threads. */
    public static final TableStep LOCAL_TABLES = in -> {
        if (in.users().interests() == 1) {
            VectorIndex userIndex = in.newIndex().get();
            userIndex.build(in.users());
            return NeighborTableBuilder.build(in.users(), userIndex, in.items(), in.itemIndex(), in.history(), in.indexId(), in.version(),
                    in.params());
        }
        return NeighborTableBuilder.build(in.users(), in.items(), in.history(), in.newIndex(), in.indexId(), in.version(), in.params());
    };

    /** {@link #write(Path, Path, InteractionMatrix, int[], Supplier, String, Spec, long, TableStep)} with {@link #LOCAL_TABLES}. */
    public static ServingArtifacts write(Path target, Path vectorsDir, InteractionMatrix history, int[] categories,
            Supplier<VectorIndex> newIndex, String indexId, Spec spec, long version) throws IOException {
        return write(target, vectorsDir, history, categories, newIndex, indexId, spec, version, LOCAL_TABLES);
    }

    /**
     * Builds and writes the artifacts of one model.
     *
     * @param target     the directory to create (an existing one is replaced whole)
     * @param vectorsDir the model's embedding export (sets {@code users} and {@code items})
     * @param history    the interactions that form each user's history, in recency order
     * @param categories category id of each item ({@link Column#MISSING} = none)
     * @param newIndex   creates an unbuilt index of the configured plugin (called for items, then users)
     * @param indexId    {@code name/version} of that plugin
     * @param version    version stamped on the tables
     * @param tableStep  computes the neighbour tables ({@link #LOCAL_TABLES} in this JVM)
     * @return the opened artifacts
     */
    public static ServingArtifacts write(Path target, Path vectorsDir, InteractionMatrix history, int[] categories,
            Supplier<VectorIndex> newIndex, String indexId, Spec spec, long version, TableStep tableStep) throws IOException {
        return write(target, vectorsDir, history, categories, newIndex, indexId, spec, version, tableStep, null);
    }

    /** Where {@link ServingManifest#getItemNeighbors()} says the similar-items table came from kNN over the item vectors. */
    public static final String ITEM_NEIGHBORS_KNN = "vector-knn";
    /** ... or from the model's own lists ({@link io.mic.spi.ItemNeighborSource}). */
    public static final String ITEM_NEIGHBORS_MODEL = "model";

    /**
     * Same, with the model's own item neighbours: when {@code itemNeighbors} is not null the
     * similar-items (M3) table holds the first M3 of each item's list instead of its vector kNN
     * (an item with an empty list gets an empty row: no kNN fallback), scored {@code 1 / (1 + rank)}
     * so the first neighbour scores 1; the manifest records {@code item_neighbors: "model"}.
     *
     * @param itemNeighbors one list per item, best first, or null for vector kNN
     * @throws IllegalArgumentException for lists of the wrong count or with an out-of-range,
     *                                  repeated or self id
     */
    public static ServingArtifacts write(Path target, Path vectorsDir, InteractionMatrix history, int[] categories,
            Supplier<VectorIndex> newIndex, String indexId, Spec spec, long version, TableStep tableStep, int[][] itemNeighbors)
            throws IOException {
        EmbeddingExport e = EmbeddingExport.open(vectorsDir, true);
        Vectors users = e.vectors("users");
        Vectors items = e.vectors("items");
        if (users.entities() != history.numUsers() || items.rows() != history.numItems()) {
            throw new IOException(vectorsDir + ": vectors for " + users.entities() + " users and " + items.rows()
                    + " items, but the data has " + history.numUsers() + " users and " + history.numItems() + " items");
        }
        if (categories.length != items.rows()) {
            throw new IllegalArgumentException(categories.length + " categories for " + items.rows() + " items");
        }
        if (itemNeighbors != null) {
            io.mic.core.io.ItemNeighborsFile.validate(itemNeighbors, items.rows(), "item neighbours of " + spec.model());
        }
        if (users.dim() != items.dim()) {
            throw new IOException(vectorsDir + ": user dim " + users.dim() + " != item dim " + items.dim());
        }
        int width = 1;
        for (int u = 0; u < history.numUsers(); u++) {
            width = Math.max(width, history.count(u));
        }
        try (StagedDirectory st = StagedDirectory.create(target)) {
            Path tmp = st.path();
            Path vec = Files.createDirectories(tmp.resolve(VECTORS));
            try (Stream<Path> files = Files.list(vectorsDir)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    Files.copy(f, vec.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            VectorIndex itemIndex = newIndex.get();
            itemIndex.build(items);
            itemIndex.save(tmp.resolve(INDEX));
            // with the model's own lists the table step searches no item neighbours (M3 0): its kNN table would be replaced
            int knnItems = itemNeighbors != null ? 0 : spec.similarItems();
            NeighborTableBuilder.Params p = new NeighborTableBuilder.Params(spec.similarUsers(), knnItems, width, spec.threads());
            NeighborTables tables = tableStep.build(new TableInputs(vectorsDir, users, items, itemIndex, tmp.resolve(INDEX), history,
                    newIndex, indexId, version, p));
            if (itemNeighbors != null) {
                tables = new NeighborTables(tables.version(), tables.users(), tables.items(), tables.userDim(), tables.itemDim(),
                        tables.index(), tables.userUser(), modelTable(itemNeighbors, spec.similarItems()), tables.recent());
            }
            TableFiles.write(tmp.resolve(TABLES), tables);
            try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve(CATEGORIES), StandardCharsets.UTF_8)) {
                for (int c : categories) {
                    w.write(Integer.toString(c));
                    w.write('\n');
                }
            }
            ServingManifest.Builder m = ServingManifest.newBuilder()
                    .setFormat(FORMAT)
                    .setModel(spec.model())
                    .setModelPlugin(spec.modelPlugin())
                    .setCreatedAt(Instant.now().toString())
                    .setRun(spec.run())
                    .setUsers(users.entities())
                    .setItems(items.rows())
                    .setDim(items.dim())
                    .setIndex(indexId)
                    .setVectorsDir(VECTORS)
                    .setIndexDir(INDEX)
                    .setTablesDir(TABLES)
                    .setCategories(CATEGORIES)
                    .setSimilarUsers(spec.similarUsers())
                    .setSimilarItems(spec.similarItems())
                    .setHistory(width)
                    .setHistoryOrder(spec.historyOrder())
                    .setHistorySource(spec.historySource())
                    .setItemNeighbors(itemNeighbors != null ? ITEM_NEIGHBORS_MODEL : ITEM_NEIGHBORS_KNN);
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    FileEntry fe = AtomicFiles.entry(tmp, f);
                    m.addFile(fe.toBuilder().setPath(fe.getPath().replace('\\', '/')));
                }
            }
            ServingManifest manifest = m.build();
            AtomicFiles.write(tmp.resolve(MANIFEST), manifest::writeTo);
            st.commit(true);
        }
        return open(target, false);
    }

    /** The similar-items table of {@code lists}: the first {@code m3} of each, scored {@code 1 / (1 + rank)}. */
    static HeapTable modelTable(int[][] lists, int m3) {
        int[] off = new int[lists.length + 1];
        for (int i = 0; i < lists.length; i++) {
            off[i + 1] = off[i] + Math.min(m3, lists[i].length);
        }
        int[] ids = new int[off[lists.length]];
        float[] sc = new float[ids.length];
        for (int i = 0; i < lists.length; i++) {
            for (int j = 0; j < off[i + 1] - off[i]; j++) {
                ids[off[i] + j] = lists[i][j];
                sc[off[i] + j] = 1f / (1 + j);
            }
        }
        return new HeapTable(lists.length, m3, off, ids, sc);
    }

    /**
     * Opens artifacts written by {@link #write}. Always checks the manifest's format and that every
     * listed file exists with its size; {@code verify} also checks each SHA-256.
     *
     * @throws IOException naming the directory or the file that is missing, truncated or corrupt
     */
    public static ServingArtifacts open(Path dir, boolean verify) throws IOException {
        Path mf = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(mf)) {
            throw new IOException(dir + ": not a serving artifact directory (no " + MANIFEST + "); build it with `mic index --run RUN`");
        }
        ServingManifest m;
        try (InputStream in = Files.newInputStream(mf)) {
            m = ServingManifest.parseFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new IOException(mf + ": not a ServingManifest: " + ex.getMessage(), ex);
        }
        if (m.getFormat() != FORMAT) {
            throw new IOException(mf + ": format " + m.getFormat() + ", this reader knows " + FORMAT);
        }
        if (verify) {
            AtomicFiles.verify(dir, m.getFileList());
        } else {
            for (FileEntry fe : m.getFileList()) {
                Path f = dir.resolve(fe.getPath());
                if (!Files.isRegularFile(f) || Files.size(f) != fe.getBytes()) {
                    throw new IOException(f + ": listed in " + MANIFEST + " with " + fe.getBytes() + " bytes but "
                            + (Files.isRegularFile(f) ? Files.size(f) + " bytes found" : "missing"));
                }
            }
        }
        EmbeddingExport e = EmbeddingExport.open(dir.resolve(m.getVectorsDir()), false);
        if (e.set("users").getEntities() != m.getUsers() || e.set("items").getEntities() != m.getItems()) {
            throw new IOException(dir.resolve(m.getVectorsDir()) + ": sizes differ from " + mf);
        }
        return new ServingArtifacts(dir, m, e);
    }

    public Path dir() {
        return dir;
    }

    public ServingManifest manifest() {
        return manifest;
    }

    public Path indexDir() {
        return dir.resolve(manifest.getIndexDir());
    }

    public Path tablesDir() {
        return dir.resolve(manifest.getTablesDir());
    }

    /** The model's vectors (sets {@code users} and {@code items}). */
    public EmbeddingExport vectors() {
        return export;
    }

    /** Category of each internal item id. */
    public int[] categories() throws IOException {
        Path f = dir.resolve(manifest.getCategories());
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.size() != manifest.getItems()) {
            throw new IOException(f + ": " + lines.size() + " lines, the manifest says " + manifest.getItems() + " items");
        }
        int[] c = new int[lines.size()];
        for (int i = 0; i < c.length; i++) {
            try {
                c[i] = Integer.parseInt(lines.get(i).trim());
            } catch (NumberFormatException ex) {
                throw new IOException(f + ":" + (i + 1) + ": '" + lines.get(i) + "' is not a category id", ex);
            }
        }
        return c;
    }
}
