package io.mic.models.tf;

import io.mic.models.tf.export.ExportSignature;
import io.mic.models.tf.export.ExportedModel;
import io.mic.models.tf.export.SavedModelExporter;
import io.mic.models.tf.layers.Mlp;
import io.mic.models.tf.ops.Activation;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.ops.Losses;
import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.models.tf.tables.MappedEmbeddings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.config.proto.SavedModelManifest;
import io.mic.core.config.proto.SignatureSpec;
import io.mic.core.config.proto.TensorSpec;
import io.mic.core.config.proto.VariableSpec;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Export-reload equivalence: a small two-tower model (user: id + gender + mean-pooled history ->
 * MLP; item: id + mean-pooled genres -> MLP; plus a K-interest user tower) is trained a few steps,
 * run in-process through {@link StepGraph#forward}, exported, reloaded with TF's own
 * {@code SavedModelBundle}, and must give the same vectors within 1e-5. In-process inference
 * gathers the batch's distinct rows in Java and the export gathers from the whole table variable;
 * the arithmetic after the gather is the same ops on the same float32 values, so the difference
 * is at most a few ulps of values of order 1 (observed 0); 1e-5 allows for a different op order
 * should TF's graph optimiser rewrite one graph and not the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavedModelExporterTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SavedModelExporterTest.class);
    static final int USERS = 37;
    static final int ITEMS = 53;
    static final int GENRES = 6;
    static final int D = 8;
    static final int K = 3;
    static final float TOL = 1e-5f;

    /** The model: parameters in Java, towers written once over a GraphBuilder. */
    static final class TwoTower {
        final EmbeddingTable users = EmbeddingTable.create("users", USERS, D, Optimizer.adagrad(), Initializer.embedding(D), 1);
        final EmbeddingTable items = EmbeddingTable.create("items", ITEMS, D, Optimizer.adagrad(), Initializer.embedding(D), 2);
        final EmbeddingTable genders = EmbeddingTable.create("genders", 3, 4, Optimizer.adagrad(), Initializer.embedding(4), 3);
        final EmbeddingTable genres = EmbeddingTable.create("genres", GENRES, 4, Optimizer.adagrad(), Initializer.embedding(4), 4);
        final Mlp userMlp = new Mlp("user_mlp", new int[] {D + 4 + D, 16, D}, Activation.RELU, Activation.IDENTITY, Optimizer.adam(), 5);
        final Mlp itemMlp = new Mlp("item_mlp", new int[] {D + 4, 16, D}, Activation.RELU, Activation.IDENTITY, Optimizer.adam(), 6);
        final DenseParam w1 = DenseParam.create("interest/w1", Optimizer.adam(), Initializer.glorotUniform(D, D), 7, D, D);
        final DenseParam queries = DenseParam.create("interest/queries", Optimizer.adam(), Initializer.glorotUniform(K, D), 8, K, D);

        /** The history input, shared by the user tower and the interest extractor within one graph. */
        Lookup history(GraphBuilder gb) {
            return gb.table(items).lookupSequence("history");
        }

        Operand<TFloat32> userTower(GraphBuilder gb, Lookup hist) {
            Ops tf = gb.tf();
            Lookup id = gb.table(users).lookup("user_id");
            Lookup gender = gb.table(genders).lookup("gender");
            Operand<TFloat32> x = tf.concat(List.of(id.values(), gender.values(), Layers.maskedMean(tf, hist.values(), hist.mask())), tf.constant(1));
            return userMlp.apply(gb, x);
        }

        Operand<TFloat32> itemTower(GraphBuilder gb) {
            Ops tf = gb.tf();
            Lookup id = gb.table(items).lookup("item_id");
            Lookup g = gb.table(genres).lookupSequence("genres");
            return itemMlp.apply(gb, tf.concat(List.of(id.values(), Layers.maskedMean(tf, g.values(), g.mask())), tf.constant(1)));
        }

        /** K interests from the history: [B, K, D]. */
        Operand<TFloat32> interests(GraphBuilder gb, Lookup hist) {
            Ops tf = gb.tf();
            Operand<TFloat32> keys = Layers.dense(tf, hist.values(), gb.param(w1), null, Activation.TANH);
            return Layers.attention(tf, keys, hist.values(), hist.mask(), gb.param(queries), 1 / Math.sqrt(D)).pooled();
        }
    }

    /** One batch of inputs: ids with padding, an all-padding history and repeated ids. */
    static final class Batch {
        final int b = 9;
        final int len = 5;
        final int[] userIds = new int[b];
        final int[] gender = new int[b];
        final int[] history = new int[b * len];
        final int[] itemIds = new int[b];
        final int[] genres = new int[b * 3];

        Batch(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < b; i++) {
                userIds[i] = i == 1 ? userIds[0] : r.nextInt(USERS);
                gender[i] = i == 2 ? -1 : r.nextInt(3);
                itemIds[i] = r.nextInt(ITEMS);
                int n = i == 3 ? 0 : r.nextInt(1, len + 1);
                for (int j = 0; j < len; j++) {
                    history[i * len + j] = j < n ? r.nextInt(ITEMS) : -1;
                }
                int g = r.nextInt(1, 4);
                for (int j = 0; j < 3; j++) {
                    genres[i * 3 + j] = j < g ? r.nextInt(GENRES) : -1;
                }
            }
            userIds[b - 1] = USERS - 1; // last row of the table: the row just before the padding row
            itemIds[b - 1] = ITEMS - 1;
        }
    }

    TwoTower model;
    Batch batch;
    float[] userVec;
    float[] itemVec;
    float[] interestVec;
    Path classDir;
    Path exported;
    SavedModelManifest manifest;

    @BeforeAll
    void trainRunAndExport(@TempDir Path dir) throws IOException {
        classDir = dir;
        model = new TwoTower();
        batch = new Batch(11);
        // a few training steps so the exported values are trained ones, not their initialisers
        try (GraphBuilder gb = new GraphBuilder()) {
            Ops tf = gb.tf();
            Lookup hist = model.history(gb);
            Operand<TFloat32> u = model.userTower(gb, hist);
            Operand<TFloat32> v = model.itemTower(gb);
            Operand<TFloat32> z = tf.reduceSum(model.interests(gb, hist), tf.constant(1));
            Operand<TFloat32> loss = tf.math.add(Losses.infoNce(u, v).temperature(0.5).withoutLogQ().build(tf),
                    tf.math.mul(tf.constant(1e-3f), tf.reduceSum(tf.math.square(z), tf.constant(new int[] {0, 1}))));
            try (StepGraph step = gb.build(loss)) {
                Feeds f = step.newFeeds();
                for (int s = 0; s < 3; s++) {
                    f.clear();
                    feedUser(step, f, batch);
                    feedItem(step, f, batch);
                    step.train(f, 0.05f, 0, s);
                }
            }
        }
        // in-process inference: the forward graph over the same Java parameters
        try (GraphBuilder gb = new GraphBuilder()) {
            Lookup hist = model.history(gb);
            Operand<TFloat32> u = model.userTower(gb, hist);
            Operand<TFloat32> v = model.itemTower(gb);
            Operand<TFloat32> z = model.interests(gb, hist);
            try (StepGraph fwd = gb.buildForward()) {
                Feeds f = fwd.newFeeds();
                feedUser(fwd, f, batch);
                feedItem(fwd, f, batch);
                float[][] out = fwd.forward(f, u, v, z);
                userVec = out[0];
                itemVec = out[1];
                interestVec = out[2];
            }
        }
        exported = classDir.resolve("model");
        manifest = SavedModelExporter.create("two-tower-test", "3-steps")
                .chunkBytes(5 * D * 4) // 5 rows per chunk: several chunks and a partial last one
                .export(exported, signatures(model));
    }

    static List<ExportSignature> signatures(TwoTower m) {
        return List.of(
                ExportSignature.of("serving_user", "user_vector", gb -> m.userTower(gb, m.history(gb))),
                ExportSignature.of("serving_item", "item_vector", m::itemTower),
                ExportSignature.of("serving_user_interests", "user_vectors", gb -> m.interests(gb, m.history(gb))));
    }

    private static Lookup lookup(StepGraph g, String name) {
        for (TableInput t : g.tables) {
            for (Lookup l : t.lookups()) {
                if (l.name().equals(name)) {
                    return l;
                }
            }
        }
        throw new AssertionError(name);
    }

    static void feedUser(StepGraph g, Feeds f, Batch b) {
        f.ids(lookup(g, "user_id"), b.userIds).ids(lookup(g, "gender"), b.gender).ids(lookup(g, "history"), b.history, b.b, b.len);
    }

    static void feedItem(StepGraph g, Feeds f, Batch b) {
        f.ids(lookup(g, "item_id"), b.itemIds).ids(lookup(g, "genres"), b.genres, b.b, 3);
    }

    @AfterAll
    void done() {
        model = null;
    }

    @Test
    void reloadedSignaturesGiveTheInProcessVectors() throws IOException {
        try (ExportedModel m = ExportedModel.load(exported, true)) {
            assertThat(m.signatures()).containsExactly("serving_user", "serving_item", "serving_user_interests");
            Vectors u = m.call("serving_user")
                    .ints("user_id", batch.userIds, batch.b)
                    .ints("gender", batch.gender, batch.b)
                    .ints("history", batch.history, batch.b, batch.len)
                    .vectors("user_vector");
            assertThat(u.rows()).isEqualTo(batch.b);
            assertThat(u.dim()).isEqualTo(D);
            assertClose(u.values(), userVec);
            Vectors v = m.call("serving_item").ints("item_id", batch.itemIds, batch.b).ints("genres", batch.genres, batch.b, 3)
                    .vectors("item_vector");
            assertClose(v.values(), itemVec);
            Vectors z = m.call("serving_user_interests").ints("history", batch.history, batch.b, batch.len).vectors("user_vectors");
            assertThat(z.interests()).isEqualTo(K);
            assertThat(z.entities()).isEqualTo(batch.b);
            assertClose(z.values(), interestVec);
        }
    }

    /** The plain TF Java path a host without this framework takes: load, pick the function, call it. */
    @Test
    void plainSavedModelBundleCallsTheSignatures() {
        try (SavedModelBundle b = SavedModelBundle.load(exported.toString(), SavedModelBundle.DEFAULT_TAG);
                TInt32 item = TInt32.vectorOf(batch.itemIds);
                TInt32 genres = TInt32.tensorOf(Shape.of(batch.b, 3))) {
            genres.asRawTensor().data().asInts().write(batch.genres);
            try (Result r = b.function("serving_item").call(Map.<String, Tensor>of("item_id", item, "genres", genres))) {
                TFloat32 out = (TFloat32) r.get("item_vector").orElseThrow();
                assertThat(out.shape()).isEqualTo(Shape.of(batch.b, D));
                float[] v = new float[batch.b * D];
                out.asRawTensor().data().asFloats().read(v);
                assertClose(v, itemVec);
            }
        }
    }

    @Test
    void manifestDescribesSignaturesVariablesAndFiles() {
        assertThat(manifest.getFormat()).isEqualTo("mic-savedmodel/1");
        assertThat(manifest.getModelName()).isEqualTo("two-tower-test");
        assertThat(manifest.getTagList()).containsExactly("serve");
        assertThat(manifest.getTensorflowVersion()).isNotEmpty();
        SignatureSpec user = manifest.getSignature(0);
        assertThat(user.getName()).isEqualTo("serving_user");
        assertThat(user.getInputList()).extracting(TensorSpec::getKey).containsExactly("history", "user_id", "gender");
        TensorSpec hist = user.getInput(0);
        assertThat(hist.getDtype()).isEqualTo("DT_INT32");
        assertThat(hist.getShapeList()).containsExactly(-1L, -1L);
        assertThat(hist.getTensor()).isEqualTo("serving_user/history:0");
        assertThat(user.getInput(1).getTensor()).isEqualTo("serving_user/user_id:0");
        TensorSpec out = user.getOutput(0);
        assertThat(out.getKey()).isEqualTo("user_vector");
        assertThat(out.getDtype()).isEqualTo("DT_FLOAT");
        assertThat(out.getShapeList()).containsExactly(-1L, (long) D);
        assertThat(manifest.getSignature(2).getOutput(0).getShapeList()).containsExactly(-1L, (long) K, (long) D);
        // one variable per table and parameter, shared by the signatures that read it
        assertThat(manifest.getVariableList()).extracting(VariableSpec::getName)
                .containsExactly("tables/items", "tables/users", "tables/genders", "params/user_mlp.w0", "params/user_mlp.b0",
                        "params/user_mlp.w1", "params/user_mlp.b1", "tables/genres", "params/item_mlp.w0", "params/item_mlp.b0",
                        "params/item_mlp.w1", "params/item_mlp.b1", "params/interest.w1", "params/interest.queries");
        assertThat(manifest.getVariable(0).getShapeList()).containsExactly((long) ITEMS + 1, (long) D);
        assertThat(manifest.getVariable(0).getSource()).isEqualTo("table items");
        assertThat(manifest.getFileList()).extracting(e -> e.getPath())
                .containsExactly("saved_model.pb", "variables/variables.data-00000-of-00001", "variables/variables.index");
        assertThat(manifest.getFile(0).getSha256()).hasSize(64);
        LOG.info("exported files: {}", manifest.getFileList().stream().map(e -> e.getPath() + " " + e.getBytes() + " B").toList());
    }

    @Test
    void outOfRangeIdsFailTheRunNamingTheLookup() throws IOException {
        try (ExportedModel m = ExportedModel.load(exported, false)) {
            assertThatThrownBy(() -> m.call("serving_item").ints("item_id", new int[] {0, ITEMS}, 2).ints("genres", new int[] {0, 1}, 2, 1)
                    .vectors("item_vector"))
                    .hasMessageContaining("lookup item_id: ids must be -1 (padding) or in [0, " + ITEMS + ")")
                    .hasMessageContaining("[0, " + ITEMS + ")");
            assertThatThrownBy(() -> m.call("serving_item").ints("item_id", new int[] {0}, 1).vectors("item_vector"))
                    .hasMessageContaining("[genres] were not given");
            assertThatThrownBy(() -> m.call("serving_item").ints("genres", new int[] {0}, 1))
                    .hasMessageContaining("rank 1");
            assertThatThrownBy(() -> m.call("serving_users")).hasMessageContaining("serving_user_interests");
        }
    }

    private Path copyOfExport(String name) throws IOException {
        Path dst = classDir.resolve(name);
        try (Stream<Path> s = Files.walk(exported)) {
            for (Path p : s.toList()) {
                Files.copy(p, dst.resolve(exported.relativize(p).toString()));
            }
        }
        return dst;
    }

    @Test
    void corruptedVariablesNameTheFile() throws IOException {
        Path dir = copyOfExport("corrupt");
        Path data = dir.resolve("variables/variables.data-00000-of-00001");
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0x7f, 0x7f}), 100);
        }
        assertThatThrownBy(() -> ExportedModel.load(dir, true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(data.toString())
                .hasMessageContaining("SHA-256");
    }

    @Test
    void missingOrTruncatedFilesAreNamedWithoutHashing() throws IOException {
        Path dir = copyOfExport("missing");
        Path index = dir.resolve("variables/variables.index");
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(index) - 1);
        }
        assertThatThrownBy(() -> ExportedModel.load(dir, false)).hasMessageContaining(index.toString()).hasMessageContaining("truncated");
        Files.delete(index);
        assertThatThrownBy(() -> ExportedModel.load(dir, false)).hasMessageContaining(index.toString()).hasMessageContaining("missing");
        Files.delete(dir.resolve(SavedModelExporter.MANIFEST));
        assertThatThrownBy(() -> ExportedModel.verify(dir, false)).hasMessageContaining(dir.resolve("manifest.textproto").toString());
    }

    @Test
    void refusesToOverwriteThenReplacesAtomically() throws IOException {
        Path dir = classDir.resolve("replace");
        SavedModelExporter.create("m", "1").export(dir, List.of(ExportSignature.of("serving_item", "item_vector", model::itemTower)));
        assertThatThrownBy(() -> SavedModelExporter.create("m", "2").export(dir, signatures(model))).hasMessageContaining("already exists");
        SavedModelExporter.create("m", "2").replaceExisting(true).export(dir, signatures(model));
        assertThat(ExportedModel.verify(dir, true).getModelVersion()).isEqualTo("2");
        try (Stream<Path> s = Files.list(classDir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".")); // no staged or old copies left
        }
    }

    @Test
    void badSignaturesFailBeforeAnythingIsWritten() {
        Path dir = classDir.resolve("bad");
        assertThatThrownBy(() -> SavedModelExporter.create("m", "1").export(dir, List.of(
                ExportSignature.of("serving_user", "v", gb -> gb.table(model.users).lookup("user/id").values()))))
                .hasMessageContaining("input 'user/id' is not a valid signature key");
        assertThatThrownBy(() -> SavedModelExporter.create("m", "1").export(dir, List.of(
                ExportSignature.of("s", "v", model::itemTower), ExportSignature.of("s", "w", model::itemTower))))
                .hasMessageContaining("duplicate signature 's'");
        assertThatThrownBy(() -> ExportSignature.of("serving user", "v", model::itemTower)).hasMessageContaining("signature name");
        assertThatThrownBy(() -> SavedModelExporter.create("m", "1").export(dir, List.of(ExportSignature.of("s", "v", gb -> {
            gb.table(model.items).lookup("x");
            return gb.table(model.items).lookup("x").values();
        })))).hasMessageContaining("duplicate lookups 'x' in one signature ('s')");
        assertThat(dir).doesNotExist();
    }

    /** Serving starts from memory-mapped table files: they export like heap tables. */
    @Test
    void exportsAMemoryMappedTable() throws IOException {
        Path file = classDir.resolve("items.emb");
        model.items.save(file);
        Path dir = classDir.resolve("mapped");
        try (MappedEmbeddings mapped = MappedEmbeddings.open(file, true)) {
            SavedModelExporter.create("m", "1").chunkBytes(7 * D * 4)
                    .export(dir, List.of(ExportSignature.of("serving_item_id", "item_vector", gb -> gb.table(mapped).lookup("item_id").values())));
        }
        int[] ids = {ITEMS - 1, 0, -1, 17, 17};
        float[] expected = new float[ids.length * D];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] >= 0) {
                model.items.read(ids[i], expected, i * D);
            }
        }
        try (ExportedModel m = ExportedModel.load(dir, true)) {
            assertThat(m.call("serving_item_id").ints("item_id", ids, ids.length).vectors("item_vector").values()).containsExactly(expected);
        }
    }

    static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        LOG.info("max |exported - in-process| = {} over {} values", worst, expected.length);
        assertThat(worst).as("max |exported - in-process|").isLessThanOrEqualTo(TOL);
        float big = 0;
        for (float x : expected) {
            big = Math.max(big, Math.abs(x));
        }
        assertThat(big).as("vectors are not trivially zero").isGreaterThan(1e-2f);
    }
}
