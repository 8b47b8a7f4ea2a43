package io.mic.core.run;

import com.google.protobuf.TextFormat;
import io.mic.core.config.LoadedConfig;
import io.mic.core.config.proto.RunManifest;
import io.mic.core.data.DatasetStats;
import io.mic.core.eval.EvaluationResult;
import io.mic.core.io.AtomicFiles;
import io.mic.core.io.EmbeddingExport;
import io.mic.core.io.ItemNeighborsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes a run directory: {@code config.textproto} (verbatim copy), {@code metrics.json},
 * {@code vectors/<label>/} (an {@link EmbeddingExport} of every model that has user and item
 * vectors), {@code neighbors/<label>.txt} (the item neighbour lists of a model that supplies its
 * own, {@link io.mic.spi.ItemNeighborSource}) and {@code manifest.textproto} (sizes and SHA-256 of the other files). The directory is assembled
 * under a temporary name and renamed into place, so a reader never sees a partial run and a
 * failure loses nothing already written.
 */
public final class RunWriter {
    /** Version stamped into manifests. */
    public static final String FRAMEWORK_VERSION = "0.1.0-SNAPSHOT";

    /** Sub-directory of a run holding one embedding export per model with vectors. */
    public static final String VECTORS = "vectors";

    /** Sub-directory of a run holding the item neighbour lists of models that supply their own. */
    public static final String NEIGHBORS = "neighbors";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunWriter() {
    }

    /** Writes the run under {@code outputRoot} and returns its directory. */
    public static Path write(Path outputRoot, LoadedConfig config, Experiment.Result result) throws IOException {
        Files.createDirectories(outputRoot);
        Instant now = Instant.now();
        String base = result.name() + "-" + STAMP.format(now);
        Path tmp = Files.createTempDirectory(outputRoot, "." + base + ".");
        try {
            Files.writeString(tmp.resolve("config.textproto"), config.text());
            Files.writeString(tmp.resolve("metrics.json"), metricsJson(result));
            RunManifest.Builder m = RunManifest.newBuilder()
                    .setRunName(result.name())
                    .setSeed(result.seed())
                    .setFinishedAt(now.toString())
                    .setFrameworkVersion(FRAMEWORK_VERSION)
                    .setDataset(result.filtered().name())
                    .setProtocol(result.split().protocol())
                    .setUsers(result.filtered().users())
                    .setItems(result.filtered().items())
                    .setInteractions(result.filtered().interactions());
            for (Experiment.ModelResult mr : result.models()) {
                m.addPlugin(mr.plugin().toString());
                for (String c : mr.components()) {
                    m.addComponent(mr.label() + ": " + c);
                }
            }
            m.setConfigDir(config.baseDir().toAbsolutePath().normalize().toString());
            if (result.datasetPath() != null) {
                m.setDatasetPath(result.datasetPath().toString());
            }
            m.addFile(AtomicFiles.entry(tmp, tmp.resolve("config.textproto")));
            m.addFile(AtomicFiles.entry(tmp, tmp.resolve("metrics.json")));
            for (Experiment.ModelResult mr : result.models()) {
                if (!mr.hasVectors()) {
                    continue;
                }
                Path dir = writeVectors(tmp, result, mr);
                m.addVectors(mr.label());
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                        m.addFile(AtomicFiles.entry(tmp, f));
                    }
                }
                if (mr.itemNeighbors() != null) {
                    Path nf = itemNeighborsFile(tmp, mr.label());
                    ItemNeighborsFile.write(nf, mr.itemNeighbors());
                    m.addFile(AtomicFiles.entry(tmp, nf));
                }
            }
            Files.writeString(tmp.resolve("manifest.textproto"), TextFormat.printer().printToString(m.build()));
            Path target = outputRoot.resolve(base);
            for (int i = 1; Files.exists(target); i++) {
                target = outputRoot.resolve(base + "-" + i);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(tmp);
            throw e;
        }
    }

    /**
     * A model's own item neighbour lists inside a run directory ({@link ItemNeighborsFile}), present
     * only for models that implement {@link io.mic.spi.ItemNeighborSource}.
     */
    public static Path itemNeighborsFile(Path runDir, String label) {
        return runDir.resolve(NEIGHBORS).resolve(label + ".txt");
    }

    /** Directory of a model's vectors inside a run directory. */
    public static Path vectorsDir(Path runDir, String label) {
        return runDir.resolve(VECTORS).resolve(label);
    }

    private static Path writeVectors(Path runDir, Experiment.Result result, Experiment.ModelResult mr) throws IOException {
        Path dir = vectorsDir(runDir, mr.label());
        Files.createDirectories(dir.getParent());
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(dir, mr.plugin().toString(), result.name() + "/" + mr.label())) {
            w.add("users", mr.userVectors(), result.split().dataset().users());
            w.add("items", mr.itemVectors(), result.split().dataset().items());
            w.commit();
        }
        return dir;
    }

    /** The metrics document of a run (also what {@code metrics.json} holds). */
    public static String metricsJson(Experiment.Result r) {
        Json j = new Json().begin()
                .field("run", r.name())
                .field("seed", r.seed())
                .field("protocol", r.split().protocol());
        stats(j.object("dataset_raw"), r.raw()).end();
        stats(j.object("dataset"), r.filtered())
                .field("train_interactions", r.split().train().nnz())
                .field("valid_interactions", r.split().valid().nnz())
                .field("test_interactions", r.split().test().nnz());
        if (r.split().coldItems().length > 0) {
            j.field("cold_items", r.split().coldItems().length);
        }
        j.end();
        j.beginArray("models");
        for (Experiment.ModelResult m : r.models()) {
            j.element().field("label", m.label()).field("plugin", m.plugin().toString())
                    .field("fit_seconds", m.fitSeconds()).field("eval_seconds", m.evalSeconds());
            metrics(j.object("valid"), m.valid()).end();
            metrics(j.object("test"), m.test()).end();
            if (m.testUnmasked() != null) {
                metrics(j.object("test_unmasked"), m.testUnmasked()).end();
            }
            if (m.testCold() != null) {
                metrics(j.object("test_cold"), m.testCold()).end();
            }
            if (m.click() != null) {
                j.object("click").field("valid_auc", m.click().validAuc()).field("test_auc", m.click().testAuc())
                        .field("valid_acc", m.click().validAcc()).field("test_acc", m.click().testAcc())
                        .field("threshold", m.click().threshold()).field("test_pairs", m.click().testPairs()).end();
            }
            j.end();
        }
        j.endArray();
        return j.end().toString();
    }

    private static Json stats(Json j, DatasetStats s) {
        return j.field("name", s.name()).field("users", s.users()).field("items", s.items()).field("interactions", s.interactions());
    }

    private static Json metrics(Json j, EvaluationResult e) {
        j.field("users", e.users());
        for (Map.Entry<String, Double> en : e.asMap().entrySet()) {
            j.field(en.getKey(), en.getValue());
        }
        return j;
    }
}
