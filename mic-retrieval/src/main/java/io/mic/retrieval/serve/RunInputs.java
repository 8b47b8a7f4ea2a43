package io.mic.retrieval.serve;

import com.google.protobuf.TextFormat;
import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import io.mic.core.config.proto.RetrievalConfig;
import io.mic.core.config.proto.RunManifest;
import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.FieldData;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.io.AtomicFiles;
import io.mic.core.io.EmbeddingExport;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.run.Experiment;
import io.mic.core.run.RunWriter;
import io.mic.spi.Column;
import io.mic.spi.MetricsSink;
import io.mic.spi.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The inputs of a batch index job read from a run directory ({@code mic train}'s output), the way
 * {@code mic index --run DIR} reads them, for a job that runs outside the CLI (mic-spark): the
 * model's embedding export under {@code vectors/<label>/}, its history (the run's data reloaded and
 * re-split with the run's own config, seed and dataset path: train + valid interactions in time
 * order, or source order without timestamps), each item's primary category, the index plugin of the
 * run config ({@code retrieval.index}, else {@code hnsw}) and what the serving manifest records.
 *
 * @param runDir     the run directory
 * @param label      the model whose vectors are indexed
 * @param vectorsDir {@code <run>/vectors/<label>/}
 * @param servingDir {@code <run>/serving/<label>/}, where {@code mic index} writes the artifacts
 * @param history    each user's train + valid interactions, oldest first
 * @param categories category of each item, {@link Column#MISSING} for none
 * @param index      the run config's index plugin and parameters
 * @param modelPlugin the plugin recorded in the embedding export
 * @param historyOrder {@code timestamp} or {@code source-order}
 */
public record RunInputs(Path runDir, String label, Path vectorsDir, Path servingDir, InteractionMatrix history, int[] categories,
        PluginRef index, String modelPlugin, String historyOrder) {

    /** Where {@code mic index} puts a model's serving artifacts inside a run. */
    public static final String SERVING = "serving";

    /** What the serving manifest records as the history's source. */
    public static final String HISTORY_SOURCE = "train+valid";

    /**
     * Reads a run directory: checks every file its manifest lists (size and SHA-256), reloads and
     * re-splits its data, and opens the model's vectors.
     *
     * @param label        the model; null = the first model of the run with vectors
     * @param dataOverride the dataset path to read instead of the one the run recorded (moved data), or null
     * @throws IllegalArgumentException naming the run and the problem (no manifest, no vectors for
     *                                  the label, a damaged file, data that is not the run's)
     */
    public static RunInputs load(Path runDir, String label, Path dataOverride, PluginRegistry registry) throws IOException {
        RunManifest manifest = manifest(runDir);
        try {
            AtomicFiles.verify(runDir, manifest.getFileList());
        } catch (IOException e) {
            throw new IllegalArgumentException("run " + runDir + ": " + e.getMessage(), e);
        }
        String model = model(runDir, manifest, label);
        Path cfgFile = runDir.resolve("config.textproto");
        LoadedConfig lc = RunConfigLoader.parse(Files.readString(cfgFile), cfgFile.toString(),
                manifest.getConfigDir().isEmpty() ? runDir.toAbsolutePath() : Path.of(manifest.getConfigDir()));
        Path data = dataOverride != null ? dataOverride : manifest.getDatasetPath().isEmpty() ? null : Path.of(manifest.getDatasetPath());
        DataSplit split = new Experiment(lc, registry, Progress.NOOP, MetricsSink.NOOP).loadAndSplit(data);
        Dataset ds = split.dataset();
        if (ds.numUsers() != manifest.getUsers() || ds.numItems() != manifest.getItems()) {
            throw new IllegalArgumentException("run " + runDir + ": the data now has " + ds.numUsers() + " users and " + ds.numItems()
                    + " items after the protocol, the run had " + manifest.getUsers() + " and " + manifest.getItems()
                    + ": not the data the run was trained on (give the path of the data it read)");
        }
        Path vectors = RunWriter.vectorsDir(runDir, model);
        String plugin = EmbeddingExport.open(vectors, false).manifest().getModelName();
        return new RunInputs(runDir, model, vectors, runDir.resolve(SERVING).resolve(model), history(split), categories(ds),
                indexPlugin(lc), plugin, ds.hasTimestamps() ? "timestamp" : "source-order");
    }

    /**
     * The model's own item neighbour lists stored in the run ({@code neighbors/<label>.txt}, written
     * for a model that implements {@link io.mic.spi.ItemNeighborSource}), or null when it has none
     * and the similar-items table comes from vector kNN.
     *
     * @throws IOException naming {@code file:line} for a malformed list or an out-of-range item id
     */
    public int[][] itemNeighbors() throws IOException {
        return itemNeighbors(runDir, label, history.numItems());
    }

    /** {@link #itemNeighbors()} of {@code label} in {@code runDir}, checked against {@code numItems}. */
    public static int[][] itemNeighbors(Path runDir, String label, int numItems) throws IOException {
        Path f = RunWriter.itemNeighborsFile(runDir, label);
        return Files.isRegularFile(f) ? io.mic.core.io.ItemNeighborsFile.read(f, numItems) : null;
    }

    /** The serving manifest's record of this build. */
    public ServingArtifacts.Spec spec(int similarUsers, int similarItems, int threads) {
        return new ServingArtifacts.Spec(label, modelPlugin, runDir.getFileName().toString(), similarUsers, similarItems, historyOrder,
                HISTORY_SOURCE, threads);
    }

    private static RunManifest manifest(Path runDir) {
        Path mf = runDir.resolve("manifest.textproto");
        if (!Files.isRegularFile(mf)) {
            throw new IllegalArgumentException(runDir + " is not a run directory (no manifest.textproto); `mic train` writes one");
        }
        try {
            RunManifest.Builder b = RunManifest.newBuilder();
            TextFormat.merge(Files.readString(mf), b);
            return b.build();
        } catch (IOException e) {
            throw new IllegalArgumentException(mf + ": " + e.getMessage(), e);
        }
    }

    private static String model(Path runDir, RunManifest manifest, String label) {
        if (manifest.getVectorsCount() == 0) {
            throw new IllegalArgumentException(runDir + ": no model of this run left vectors (baselines such as pop and item-knn have "
                    + "none); train a two-tower or mic model to index it");
        }
        if (label == null) {
            return manifest.getVectors(0);
        }
        if (!manifest.getVectorsList().contains(label)) {
            throw new IllegalArgumentException(runDir + ": no vectors for model '" + label + "'; models with vectors: "
                    + manifest.getVectorsList());
        }
        return label;
    }

    /** Train + valid interactions per user, in time order when there are timestamps, else train then valid in source order. */
    public static InteractionMatrix history(DataSplit split) {
        InteractionMatrix tr = split.train();
        InteractionMatrix va = split.valid();
        int n = tr.nnz() + va.nnz();
        int[] users = new int[n];
        int[] items = new int[n];
        boolean times = tr.timestamps() != null && (va.nnz() == 0 || va.timestamps() != null);
        long[] ts = times ? new long[n] : null;
        int w = 0;
        for (InteractionMatrix m : new InteractionMatrix[] {tr, va}) {
            for (int u = 0; u < m.numUsers(); u++) {
                for (int k = m.start(u); k < m.end(u); k++) {
                    users[w] = u;
                    items[w] = m.items()[k];
                    if (times) {
                        ts[w] = m.timestamps()[k];
                    }
                    w++;
                }
            }
        }
        return InteractionMatrix.fromColumns(tr.numUsers(), tr.numItems(), users, items, null, ts, null);
    }

    /** Primary category per item: field {@code category}, else the first of {@code genres}, else none. */
    public static int[] categories(Dataset ds) {
        int[] c = new int[ds.numItems()];
        Arrays.fill(c, Column.MISSING);
        Optional<FieldData> f = ds.itemField("category").or(() -> ds.itemField("genres")).or(() -> ds.itemField("genre"));
        if (f.isPresent()) {
            if (f.get() instanceof FieldData.Categorical cat) {
                System.arraycopy(cat.values(), 0, c, 0, c.length);
            } else if (f.get() instanceof FieldData.MultiCategorical mc) {
                for (int i = 0; i < c.length; i++) {
                    if (mc.offsets()[i + 1] > mc.offsets()[i]) {
                        c[i] = mc.values()[mc.offsets()[i]];
                    }
                }
            }
        }
        return c;
    }

    /** The index plugin: the run config's {@code retrieval.index}, else {@code hnsw}. */
    public static PluginRef indexPlugin(LoadedConfig lc) {
        RetrievalConfig r = lc.config().getRetrieval();
        return r.hasIndex() ? PluginRef.from(lc, "retrieval.index", r.getIndex().getName(), r.getIndex()) : PluginRef.of("hnsw");
    }
}
