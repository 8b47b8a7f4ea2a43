package io.mic.models.tf.export;

import com.google.protobuf.TextFormat;
import io.mic.core.config.proto.FileEntry;
import io.mic.core.config.proto.SavedModelManifest;
import io.mic.core.config.proto.SignatureSpec;
import io.mic.core.config.proto.TensorSpec;
import io.mic.core.io.AtomicFiles;
import io.mic.models.tf.StepGraph;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel written by {@link SavedModelExporter}, verified against its manifest and loaded:
 * what a JVM host uses to compute user vectors online (the TF side of the {@code Encoder} SPI)
 * or to check an export.
 *
 * <pre>{@code
 * try (ExportedModel m = ExportedModel.load(dir, true)) {
 *     Vectors u = m.call("serving_user")
 *             .ints("user_id", userIds, batch)
 *             .ints("history", history, batch, maxLen)       // padded with -1
 *             .vectors("user_vector");                        // [B, d], or [B, K, d] -> K interests
 * }
 * }</pre>
 *
 * <p>Threading: {@link #call} may be used from any number of threads at once (one {@link Call}
 * per thread; TF sessions run concurrently). Close the model once, after the last call.
 */
public final class ExportedModel implements AutoCloseable {
    private final Path dir;
    private final SavedModelManifest manifest;
    private final SavedModelBundle bundle;
    private volatile boolean closed;
    private final Map<String, SignatureSpec> signatures = new LinkedHashMap<>();

    private ExportedModel(Path dir, SavedModelManifest manifest, SavedModelBundle bundle) {
        this.dir = dir;
        this.manifest = manifest;
        this.bundle = bundle;
        for (SignatureSpec s : manifest.getSignatureList()) {
            signatures.put(s.getName(), s);
        }
    }

    /**
     * Checks {@code dir} against its manifest: the format, every listed file present with its
     * size, and (with {@code checksums}) its SHA-256.
     *
     * @throws IOException naming the manifest or the first file that is missing, truncated or corrupt
     */
    public static SavedModelManifest verify(Path dir, boolean checksums) throws IOException {
        Path mf = dir.resolve(SavedModelExporter.MANIFEST);
        if (!Files.isRegularFile(mf)) {
            throw new IOException(mf + ": missing (not a directory written by SavedModelExporter, or an unfinished one)");
        }
        SavedModelManifest.Builder b = SavedModelManifest.newBuilder();
        try {
            TextFormat.getParser().merge(Files.readString(mf, StandardCharsets.UTF_8), b);
        } catch (TextFormat.ParseException | CharacterCodingException e) {
            throw new IOException(mf + ": malformed manifest: " + e.getMessage(), e);
        }
        SavedModelManifest m = b.build();
        if (!SavedModelExporter.FORMAT.equals(m.getFormat())) {
            throw new IOException(mf + ": format '" + m.getFormat() + "' is not " + SavedModelExporter.FORMAT);
        }
        boolean graph = false;
        for (FileEntry e : m.getFileList()) {
            Path f = dir.resolve(e.getPath()).normalize();
            if (!f.startsWith(dir.normalize())) {
                throw new IOException(mf + ": file path '" + e.getPath() + "' leaves the directory");
            }
            if (!Files.isRegularFile(f)) {
                throw new IOException(f + ": listed in the manifest but missing");
            }
            long size = Files.size(f);
            if (size != e.getBytes()) {
                throw new IOException(f + ": " + size + " bytes, the manifest says " + e.getBytes() + " (truncated or replaced)");
            }
            graph |= e.getPath().equals("saved_model.pb");
        }
        if (!graph) {
            throw new IOException(mf + ": does not list saved_model.pb");
        }
        if (checksums) {
            AtomicFiles.verify(dir, m.getFileList());
        }
        return m;
    }

    /**
     * Verifies {@code dir} ({@link #verify}) and loads it with the manifest's tags.
     *
     * @param verifyChecksums also compare every file's SHA-256 (about 1 s per GB); sizes are always checked
     */
    public static ExportedModel load(Path dir, boolean verifyChecksums) throws IOException {
        SavedModelManifest m = verify(dir, verifyChecksums);
        SavedModelBundle b;
        try {
            b = SavedModelBundle.load(dir.toString(), m.getTagList().toArray(new String[0]));
        } catch (RuntimeException e) {
            throw new IOException(dir + ": TensorFlow could not load the SavedModel: " + e.getMessage(), e);
        }
        return new ExportedModel(dir, m, b);
    }

    public Path dir() {
        return dir;
    }

    public SavedModelManifest manifest() {
        return manifest;
    }

    /** Signature names, in export order. */
    public List<String> signatures() {
        return new ArrayList<>(signatures.keySet());
    }

    /** The loaded bundle, for callers that need raw TF access; owned by this object. */
    public SavedModelBundle bundle() {
        return bundle;
    }

    /** Starts a call of signature {@code name}. */
    public Call call(String name) {
        if (closed) {
            throw new IllegalStateException(dir + ": the model is closed");
        }
        SignatureSpec s = signatures.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no signature '" + name + "' in " + dir + " (signatures: " + signatures.keySet() + ")");
        }
        return new Call(s);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            bundle.close();
        }
    }

    /**
     * The inputs of one run of a signature. Every input of the signature must be given; arrays are
     * copied into tensors when the call runs. Used by one thread, once.
     */
    public final class Call {
        private final SignatureSpec sig;
        private final Map<String, TensorSpec> specs = new HashMap<>();
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, long[]> shapes = new HashMap<>();

        private Call(SignatureSpec sig) {
            this.sig = sig;
            for (TensorSpec t : sig.getInputList()) {
                specs.put(t.getKey(), t);
            }
        }

        private TensorSpec input(String key, String dtype, long[] shape, int available) {
            TensorSpec t = specs.get(key);
            if (t == null) {
                throw new IllegalArgumentException("signature '" + sig.getName() + "' has no input '" + key + "' (inputs: " + specs.keySet() + ")");
            }
            if (!t.getDtype().equals(dtype)) {
                throw new IllegalArgumentException("signature '" + sig.getName() + "': input '" + key + "' is " + t.getDtype() + ", got " + dtype);
            }
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("input '" + key + "': negative dimension in " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n > available) {
                throw new IllegalArgumentException("input '" + key + "': shape " + Arrays.toString(shape) + " needs " + n + " values, got " + available);
            }
            if (t.getRankKnown()) {
                if (t.getShapeCount() != shape.length) {
                    throw new IllegalArgumentException("input '" + key + "': rank " + shape.length + ", the signature wants " + t.getShapeList());
                }
                for (int i = 0; i < shape.length; i++) {
                    if (t.getShape(i) >= 0 && t.getShape(i) != shape[i]) {
                        throw new IllegalArgumentException("input '" + key + "': shape " + Arrays.toString(shape) + ", the signature wants " + t.getShapeList());
                    }
                }
            }
            return t;
        }

        /** An int32 input (ids: {@code -1} = padding); the first {@code prod(shape)} values are used. */
        public Call ints(String key, int[] v, long... shape) {
            input(key, "DT_INT32", shape, v.length);
            values.put(key, v);
            shapes.put(key, shape.clone());
            return this;
        }

        /** A float32 input; the first {@code prod(shape)} values are used. */
        public Call floats(String key, float[] v, long... shape) {
            input(key, "DT_FLOAT", shape, v.length);
            values.put(key, v);
            shapes.put(key, shape.clone());
            return this;
        }

        /** Runs the signature and returns every output; the caller closes the result. */
        public Result run() {
            List<String> missing = new ArrayList<>();
            for (String k : specs.keySet()) {
                if (!values.containsKey(k)) {
                    missing.add(k);
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("signature '" + sig.getName() + "': inputs " + missing + " were not given");
            }
            List<Tensor> owned = new ArrayList<>();
            try {
                Session.Runner r = bundle.session().runner();
                for (Map.Entry<String, Object> e : values.entrySet()) {
                    Shape s = Shape.of(shapes.get(e.getKey()));
                    Tensor t = e.getValue() instanceof int[] iv ? StepGraph.ints(iv, (int) s.size(), s) : StepGraph.floats((float[]) e.getValue(), (int) s.size(), s);
                    owned.add(t);
                    r.feed(specs.get(e.getKey()).getTensor(), t);
                }
                for (TensorSpec o : sig.getOutputList()) {
                    r.fetch(o.getTensor());
                }
                return r.run();
            } finally {
                for (Tensor t : owned) {
                    t.close();
                }
            }
        }

        /**
         * Runs the signature and returns float output {@code output} as vectors: {@code [B, d]}
         * gives {@code B} rows, {@code [B, K, d]} gives {@code B x K} rows with {@code K} interests.
         */
        public Vectors vectors(String output) {
            int k = -1;
            for (int i = 0; i < sig.getOutputCount(); i++) {
                if (sig.getOutput(i).getKey().equals(output)) {
                    k = i;
                }
            }
            if (k < 0) {
                throw new IllegalArgumentException("signature '" + sig.getName() + "' has no output '" + output + "'");
            }
            try (Result res = run()) {
                Tensor t = res.get(k);
                if (!(t instanceof TFloat32 f)) {
                    throw new IllegalStateException("output '" + output + "' is " + t.dataType() + ", not float32");
                }
                Shape s = f.shape();
                if (s.numDimensions() != 2 && s.numDimensions() != 3) {
                    throw new IllegalStateException("output '" + output + "' has shape " + s + "; vectors need [B, d] or [B, K, d]");
                }
                int dim = (int) s.size(s.numDimensions() - 1);
                int interests = s.numDimensions() == 3 ? (int) s.size(1) : 1;
                long n = s.size();
                if (n > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("output '" + output + "' has " + n + " values: too many for one array");
                }
                float[] v = new float[(int) n];
                if (n > 0) {
                    f.asRawTensor().data().asFloats().read(v, 0, (int) n);
                }
                return new Vectors(v, (int) (n / Math.max(1, dim)), dim, interests);
            }
        }
    }
}
