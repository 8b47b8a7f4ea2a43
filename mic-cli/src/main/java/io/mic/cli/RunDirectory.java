package io.mic.cli;

import com.google.protobuf.TextFormat;
import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import io.mic.core.config.proto.RunManifest;
import io.mic.core.run.RunWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run directory written by {@code mic train} / {@code mic quickstart}, as the serving commands
 * read it: its manifest, its config, the models with vectors and where their serving artifacts go
 * ({@code <run>/serving/<label>/}).
 */
record RunDirectory(Path dir, RunManifest manifest) {
    static final String SERVING = "serving";

    static RunDirectory open(Path dir) {
        Path mf = dir.resolve("manifest.textproto");
        if (!Files.isRegularFile(mf)) {
            throw new IllegalArgumentException(dir + " is not a run directory (no manifest.textproto); `mic train` writes one");
        }
        try {
            RunManifest.Builder b = RunManifest.newBuilder();
            TextFormat.merge(Files.readString(mf), b);
            return new RunDirectory(dir, b.build());
        } catch (IOException e) {
            throw new IllegalArgumentException(mf + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks every file the run manifest lists (size and SHA-256): a corrupt or replaced file of the
     * run is refused before anything is built or served from it.
     *
     * @throws IllegalArgumentException naming the file
     */
    void verify() {
        try {
            io.mic.core.io.AtomicFiles.verify(dir, manifest.getFileList());
        } catch (IOException e) {
            throw new IllegalArgumentException("run " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The run's copy of its config; relative dataset paths are replaced by {@link #datasetPath()}. */
    LoadedConfig config() throws IOException {
        Path file = dir.resolve("config.textproto");
        String text = Files.readString(file);
        return RunConfigLoader.parse(text, file.toString(), baseDir(text));
    }

    /**
     * Where the copied config's relative paths resolve: the original config's directory when the
     * run recorded it; for older runs a directory from which {@code dataset.path} reaches the
     * recorded dataset path; else the run directory.
     */
    private Path baseDir(String text) {
        if (!manifest.getConfigDir().isEmpty()) {
            return Path.of(manifest.getConfigDir());
        }
        Path data = datasetPath();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*path:\\s*\"([^\"]+)\"").matcher(text);
        if (data != null && m.find() && !Path.of(m.group(1)).isAbsolute()) {
            Path rel = Path.of(m.group(1)).normalize();
            int ups = 0;
            while (ups < rel.getNameCount() && rel.getName(ups).toString().equals("..")) {
                ups++;
            }
            Path rest = ups == rel.getNameCount() ? Path.of("") : rel.subpath(ups, rel.getNameCount());
            if (data.endsWith(rest)) {
                Path base = data;
                for (int i = 0; i < rest.getNameCount(); i++) {
                    base = base.getParent();
                }
                for (int i = 0; i < ups; i++) {
                    base = base.resolve("_");
                }
                return base;
            }
        }
        return dir.toAbsolutePath();
    }

    /** Absolute path of the data the run read, or null (generated data, or a run from before it was recorded). */
    Path datasetPath() {
        return manifest.getDatasetPath().isEmpty() ? null : Path.of(manifest.getDatasetPath());
    }

    /** {@code label} when the run has vectors for it, else the first model with vectors; a clear error when none. */
    String model(String label) {
        if (manifest.getVectorsCount() == 0) {
            throw new IllegalArgumentException(dir + ": no model of this run left vectors (baselines such as pop and item-knn have "
                    + "none); train a two-tower or mic model to serve it");
        }
        if (label == null) {
            return manifest.getVectors(0);
        }
        if (!manifest.getVectorsList().contains(label)) {
            throw new IllegalArgumentException(dir + ": no vectors for model '" + label + "'; models with vectors: "
                    + manifest.getVectorsList());
        }
        return label;
    }

    Path vectorsDir(String label) {
        return RunWriter.vectorsDir(dir, label);
    }

    Path servingDir(String label) {
        return dir.resolve(SERVING).resolve(label);
    }

    /** The serving artifacts of {@code label}, which must exist. */
    Path requireServing(String label) {
        Path s = servingDir(label);
        if (!Files.isDirectory(s)) {
            throw new IllegalArgumentException(s + " does not exist: build it first with `mic index --run " + dir + " --model " + label
                    + "`");
        }
        return s;
    }
}
