package io.mic.models.tf.export;

import com.google.protobuf.TextFormat;
import io.mic.core.config.proto.SavedModelManifest;
import io.mic.core.config.proto.SignatureSpec;
import io.mic.core.config.proto.TensorSpec;
import io.mic.core.config.proto.VariableSpec;
import io.mic.core.io.AtomicFiles;
import io.mic.core.io.StagedDirectory;
import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.StepGraph;
import io.mic.models.tf.tables.EmbeddingRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Writes inference graphs over Java-held parameters as a TensorFlow SavedModel that any TF
 * runtime can serve without this framework: TF Java's {@code SavedModelBundle}, Python's
 * {@code tf.saved_model.load}, TF Serving.
 *
 * <p>Each {@link ExportSignature} builds its tower in one shared graph; every table becomes one
 * {@code VariableV2} {@code tables/<name>} of shape {@code [rows + 1, dim]} (the last row is the
 * zero row padding ids read) and every dense parameter a {@code VariableV2} {@code params/<name>},
 * whatever number of signatures read them. The values are written into the variables from Java in
 * chunks, then saved to the SavedModel's {@code variables/} checkpoint (TF's tensor-bundle format)
 * and restored by the loader. Variables rather than graph constants because a constant lives in
 * the {@code GraphDef} protobuf, which cannot exceed 2 GB (a 10M x 64 table is 2.56 GB) and which
 * a loader holds in memory twice. Each table variable is initialised from an uninitialised
 * {@code Empty} tensor (TF's {@code Assign} copies its input rather than adopting it; copying
 * untouched pages costs no resident memory, a zero {@code Fill} cost a full second copy), then
 * written row chunk by row chunk and its padding row zeroed: the peak is the Java parameters, one
 * copy in the variables, and one chunk (measured: 4M x 64, 1 GB: +1.0 GB; with a zero Fill +2.2 GB).
 * Ref variables ({@code VariableV2}, not resource
 * {@code VarHandleOp}) because TF Java 1.1.0's saver collects only those; each gets an explicit
 * unique shared name (TF-JAVA-NOTES: unnamed resource variables aliased one another).
 *
 * <p>The directory is assembled under a temporary name and renamed into place, with a
 * {@code manifest.textproto} ({@link SavedModelManifest}: signatures with input/output keys,
 * tensors, dtypes and shapes; variables; every file's size and SHA-256). {@link ExportedModel}
 * verifies it and loads the model.
 *
 * <p>The graph also keeps the few ops that filled the variables ({@code mic_export_fill/*}); they
 * are never run when serving. Threading: call {@link #export} from one thread, and not while a
 * trainer updates the {@link DenseParam}s being exported (tables are read under their lock).
 */
public final class SavedModelExporter {
    private static final Logger LOG = LoggerFactory.getLogger(SavedModelExporter.class);
    /** Value of {@link SavedModelManifest#getFormat()}. */
    public static final String FORMAT = "mic-savedmodel/1";
    /** The manifest's file name inside the SavedModel directory (TF loaders ignore it). */
    public static final String MANIFEST = "manifest.textproto";
    /** SignatureDef method name: TF Serving's Predict API. */
    public static final String METHOD = "tensorflow/serving/predict";
    /**
     * The session that fills and saves the variables runs without Grappler: optimising a graph
     * whose ops each run once gains nothing, and with it a constant-shaped initial value of a
     * table was folded and kept resident for the session's life (measured with a zero
     * {@code Fill}: +2.2 GB of RSS for a 1 GB table until the session closed). The exported
     * graph is unaffected; loaders optimise it as they like.
     */
    private static final ConfigProto FILL_SESSION = ConfigProto.newBuilder()
            .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
            .build();

    private final String modelName;
    private final String modelVersion;
    private String[] tags = {SavedModelBundle.DEFAULT_TAG};
    private boolean replaceExisting;
    private long chunkBytes = 32L << 20;

    private SavedModelExporter(String modelName, String modelVersion) {
        this.modelName = modelName;
        this.modelVersion = modelVersion;
    }

    /**
     * @param modelName    stamped into the manifest, e.g. {@code "mic-dssm"}
     * @param modelVersion free text, e.g. a run name or epoch
     */
    public static SavedModelExporter create(String modelName, String modelVersion) {
        return new SavedModelExporter(modelName, modelVersion);
    }

    /** MetaGraph tags (default {@code "serve"}); loaders must ask for the same tags. */
    public SavedModelExporter tags(String... tags) {
        if (tags.length == 0) {
            throw new IllegalArgumentException("at least one tag");
        }
        this.tags = tags.clone();
        return this;
    }

    /** Allow replacing an existing directory (default: refuse). */
    public SavedModelExporter replaceExisting(boolean replace) {
        this.replaceExisting = replace;
        return this;
    }

    /** Bytes of table rows copied into the graph per run while filling variables (tests use small values). */
    public SavedModelExporter chunkBytes(long bytes) {
        if (bytes < 4) {
            throw new IllegalArgumentException("chunk of " + bytes + " bytes");
        }
        this.chunkBytes = bytes;
        return this;
    }

    /**
     * Builds every signature, fills the variables from the Java parameters, writes the SavedModel
     * and its manifest to {@code dir}, atomically.
     *
     * @return the manifest written
     * @throws IllegalArgumentException on a bad or duplicate signature name or key, or an output
     *                                  that is not an operand of the export graph
     * @throws IOException              when writing fails, or {@code dir} exists and replacing was not allowed
     */
    public SavedModelManifest export(Path dir, List<ExportSignature> signatures) throws IOException {
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("no signature to export");
        }
        Set<String> names = new HashSet<>();
        for (ExportSignature s : signatures) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("duplicate signature '" + s.name() + "'");
            }
        }
        if (Files.exists(dir) && !replaceExisting) {
            throw new IOException(dir + ": already exists (replaceExisting(true) to overwrite it)");
        }
        long t0 = System.nanoTime();
        List<Signature> sigs = new ArrayList<>();
        Graph graph;
        List<GraphBuilder.ExportVariable> vars;
        Ops root;
        try (GraphBuilder gb = GraphBuilder.forExport()) {
            for (ExportSignature s : signatures) {
                sigs.add(build(gb, s));
            }
            vars = gb.exportVariables();
            root = gb.rootOps();
            graph = gb.releaseGraph();
        }
        try (Graph g = graph; StagedDirectory staged = StagedDirectory.create(dir)) {
            List<Filler> fillers = new ArrayList<>();
            Ops f = root.withSubScope("mic_export_fill");
            for (GraphBuilder.ExportVariable v : vars) {
                fillers.add(new Filler(f, v));
            }
            long bytes = 0;
            long tFilled;
            long tWritten;
            try (Session session = new Session(g, FILL_SESSION)) {
                for (Filler fl : fillers) {
                    bytes += fl.fill(session, chunkBytes);
                }
                tFilled = System.nanoTime();
                SavedModelBundle.Exporter ex = SavedModelBundle.exporter(staged.path().toString()).withTags(tags);
                for (Signature s : sigs) {
                    ex.withFunction(session.function(s));
                }
                ex.export();
                tWritten = System.nanoTime();
            }
            SavedModelManifest m = manifest(staged.path(), sigs, vars);
            Files.writeString(staged.path().resolve(MANIFEST), TextFormat.printer().printToString(m), StandardCharsets.UTF_8);
            staged.commit(replaceExisting);
            long tEnd = System.nanoTime();
            LOG.info("exported SavedModel {} ({} signatures, {} variables, {} MB of parameters) in {} ms: build + fill {} ms, "
                    + "TF write {} ms, manifest (SHA-256) + fsync + rename {} ms", dir, sigs.size(), vars.size(), bytes >> 20,
                    (tEnd - t0) / 1_000_000, (tFilled - t0) / 1_000_000, (tWritten - tFilled) / 1_000_000, (tEnd - tWritten) / 1_000_000);
            return m;
        }
    }

    private static Signature build(GraphBuilder gb, ExportSignature s) {
        gb.beginSignature(s.name());
        Map<String, Operand<?>> outputs;
        Map<String, Placeholder<?>> inputs;
        try {
            outputs = s.body().outputs(gb);
        } finally {
            inputs = gb.endSignature();
        }
        if (outputs == null || outputs.isEmpty()) {
            throw new IllegalArgumentException("signature '" + s.name() + "' has no output");
        }
        Signature.Builder b = Signature.builder(s.name()).methodName(METHOD);
        for (Map.Entry<String, Placeholder<?>> e : inputs.entrySet()) {
            if (!e.getKey().matches(ExportSignature.KEY)) {
                throw new IllegalArgumentException("signature '" + s.name() + "': input '" + e.getKey() + "' is not a valid signature key ("
                        + ExportSignature.KEY + "); rename the lookup or input");
            }
            b.input(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Operand<?>> e : outputs.entrySet()) {
            if (e.getKey() == null || !e.getKey().matches(ExportSignature.KEY)) {
                throw new IllegalArgumentException("signature '" + s.name() + "': output key '" + e.getKey() + "' must match " + ExportSignature.KEY);
            }
            if (e.getValue().env() != gb.graph()) {
                throw new IllegalArgumentException("signature '" + s.name() + "': output '" + e.getKey()
                        + "' was not built in the export graph (build it from the GraphBuilder handed to the callback)");
            }
            b.output(e.getKey(), e.getValue());
        }
        return b.build();
    }

    private SavedModelManifest manifest(Path dir, List<Signature> sigs, List<GraphBuilder.ExportVariable> vars) throws IOException {
        SavedModelManifest.Builder m = SavedModelManifest.newBuilder()
                .setFormat(FORMAT).setModelName(modelName).setModelVersion(modelVersion)
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .setFrameworkVersion(io.mic.core.run.RunWriter.FRAMEWORK_VERSION).setTensorflowVersion(TensorFlow.version());
        for (String t : tags) {
            m.addTag(t);
        }
        for (Signature s : sigs) {
            SignatureSpec.Builder sb = SignatureSpec.newBuilder().setName(s.key());
            s.getInputs().forEach((k, d) -> sb.addInput(spec(k, d)));
            s.getOutputs().forEach((k, d) -> sb.addOutput(spec(k, d)));
            m.addSignature(sb);
        }
        for (GraphBuilder.ExportVariable v : vars) {
            VariableSpec.Builder vb = VariableSpec.newBuilder().setName(v.name())
                    .setSource(v.table() != null ? "table " + v.table().name() : "param " + v.param().name());
            for (long d : v.variable().shape().asArray()) {
                vb.addShape(d);
            }
            m.addVariable(vb);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : files) {
            m.addFile(AtomicFiles.entry(dir, p));
        }
        return m.build();
    }

    private static TensorSpec spec(String key, Signature.TensorDescription d) {
        TensorSpec.Builder b = TensorSpec.newBuilder().setKey(key).setTensor(d.name).setDtype(d.dataType.name());
        Shape s = d.shape;
        if (s != null && !s.isUnknown()) {
            b.setRankKnown(true);
            for (long x : s.asArray()) {
                b.addShape(x);
            }
        }
        return b.build();
    }

    /** Fills one variable: a dense parameter in one assignment, a table as zeros then chunks of rows. */
    private static final class Filler {
        private final GraphBuilder.ExportVariable v;
        private final Op init;
        private final Placeholder<TInt32> index;
        private final Placeholder<TFloat32> rows;
        private final Op update;

        Filler(Ops f, GraphBuilder.ExportVariable v) {
            this.v = v;
            if (v.table() != null) {
                EmbeddingRows t = v.table();
                // Empty (uninitialised), not a zero Fill: Assign copies its input either way, and copying
                // untouched pages costs no resident memory, where a zero Fill doubled the table's
                // footprint while it ran (measured, see the class comment). Every row is then written.
                init = f.assign(v.variable(), f.empty(f.constant(new int[] {t.rows() + 1, t.dim()}), TFloat32.class));
                index = f.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
                rows = f.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, t.dim())));
                update = f.scatterUpdate(v.variable(), index, rows);
            } else {
                index = null;
                rows = f.placeholder(TFloat32.class, Placeholder.shape(Shape.of(v.param().shape())));
                init = f.assign(v.variable(), rows);
                update = null;
            }
        }

        /** Writes the Java values into the variable; returns the bytes copied. */
        long fill(Session s, long chunkBytes) {
            if (v.param() != null) {
                DenseParam p = v.param();
                try (TFloat32 t = StepGraph.floats(p.values(), p.size(), Shape.of(p.shape()))) {
                    s.runner().feed(rows, t).addTarget(init).run();
                }
                return p.size() * 4L;
            }
            EmbeddingRows t = v.table();
            int d = t.dim();
            int n = t.rows();
            s.runner().addTarget(init).run();
            int per = (int) Math.max(1, Math.min(n, chunkBytes / (4L * d)));
            int[] ids = new int[per];
            float[] buf = new float[per * d];
            for (int start = 0; start < n; start += per) {
                int k = Math.min(per, n - start);
                for (int i = 0; i < k; i++) {
                    ids[i] = start + i;
                }
                t.gather(ids, 0, k, buf, 0);
                scatter(s, ids, buf, k, d);
            }
            ids[0] = n; // the padding row: zeros
            java.util.Arrays.fill(buf, 0, d, 0f);
            scatter(s, ids, buf, 1, d);
            return (long) n * d * 4L;
        }

        private void scatter(Session s, int[] ids, float[] buf, int k, int d) {
            try (TInt32 ti = StepGraph.ints(ids, k, Shape.of(k)); TFloat32 tr = StepGraph.floats(buf, k * d, Shape.of(k, d))) {
                s.runner().feed(index, ti).feed(rows, tr).addTarget(update).run();
            }
        }
    }
}
