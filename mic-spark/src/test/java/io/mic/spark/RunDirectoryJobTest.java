package io.mic.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.TextFormat;
import io.mic.core.config.LoadedConfig;
import io.mic.core.config.RunConfigLoader;
import io.mic.core.config.proto.RunManifest;
import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.io.AtomicFiles;
import io.mic.core.io.EmbeddingExport;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.run.Experiment;
import io.mic.core.run.RunWriter;
import io.mic.retrieval.proto.ServingManifest;
import io.mic.retrieval.serve.RunInputs;
import io.mic.retrieval.serve.ServingArtifacts;
import io.mic.retrieval.table.NeighborTables;
import io.mic.retrieval.table.TableFiles;
import io.mic.retrieval.table.TableKind;
import io.mic.retrieval.table.TableReader;
import io.mic.spi.MetricsSink;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's command line on a run directory ({@code build --run DIR}), as {@code mic index --run DIR}
 * reads it: the model's vectors, the history from the run's data re-split by its own config (train +
 * valid, by timestamp), the categories and the run config's index plugin; artifacts into
 * {@code DIR/serving/LABEL}. Checked against a history computed here from the split by hand, and the
 * Spark build against the single-JVM build of the same run.
 */
class RunDirectoryJobTest {
    private static final int DIM = 8;

    @TempDir
    static Path root;
    private static Path run;
    private static DataSplit split;

    /** A run as {@code mic train} leaves it: config copy, manifest listing its files, one model's embedding export. */
    @BeforeAll
    static void writeRun() throws IOException {
        String cfg = "seed: 3\ndataset { format: SYNTHETIC synthetic { users: 300 items: 150 } }\nprotocol: LEAVE_ONE_OUT\n"
                + "retrieval { index { name: \"exact\" } }\nmodel { label: \"mf\" plugin: \"two-tower\" }\n";
        LoadedConfig lc = RunConfigLoader.parse(cfg, "t.textproto", root);
        split = new Experiment(lc, PluginRegistry.discover(), Progress.NOOP, MetricsSink.NOOP).loadAndSplit(null);
        Dataset ds = split.dataset();
        run = Files.createDirectories(root.resolve("run-1"));
        Files.writeString(run.resolve("config.textproto"), cfg);
        SplittableRandom rnd = new SplittableRandom(5);
        Path vec = RunWriter.vectorsDir(run, "mf");
        Files.createDirectories(vec.getParent());
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(vec, "two-tower/1", "run-1/mf")) {
            w.add("users", Vectors.of(gaussian(ds.numUsers() * DIM, rnd), DIM), ds.users());
            w.add("items", Vectors.of(gaussian(ds.numItems() * DIM, rnd), DIM), ds.items());
            w.commit();
        }
        RunManifest.Builder m = RunManifest.newBuilder().setRunName("run-1").setSeed(3).setUsers(ds.numUsers()).setItems(ds.numItems())
                .setConfigDir(root.toString()).addVectors("mf");
        m.addFile(AtomicFiles.entry(run, run.resolve("config.textproto")));
        try (var files = Files.list(vec)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                m.addFile(AtomicFiles.entry(run, f));
            }
        }
        Files.writeString(run.resolve("manifest.textproto"), TextFormat.printer().printToString(m.build()));
    }

    private static float[] gaussian(int n, SplittableRandom rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    @Test
    void sparkAndSingleJvmBuildsOfARunDirectoryAgreeAndUseTheRunsHistory() throws IOException {
        Path parts = root.resolve("scratch-parts");
        SparkIndexMain.main(new String[] {"build", "--run", run.toString(), "--m1", "5", "--m3", "5", "--threads", "2",
            "--master", "local[2]", "--partitions", "3", "--parts-dir", parts.toString()});
        try (var left = Files.list(parts)) {
            assertThat(left.toList()).as("--parts-dir made, its part files removed").isEmpty();
        }
        Path single = root.resolve("single");
        SparkIndexMain.main(new String[] {"build", "--run", run.toString(), "--m1", "5", "--m3", "5", "--threads", "2",
            "--target", single.toString(), "--single-jvm"});
        ServingArtifacts sp = ServingArtifacts.open(run.resolve("serving").resolve("mf"), true);
        ServingArtifacts one = ServingArtifacts.open(single, true);

        ServingManifest m = sp.manifest();
        assertThat(m.getModel()).isEqualTo("mf");
        assertThat(m.getItemNeighbors()).isEqualTo(ServingArtifacts.ITEM_NEIGHBORS_KNN);
        assertThat(one.manifest().getItemNeighbors()).isEqualTo(ServingArtifacts.ITEM_NEIGHBORS_KNN);
        assertThat(m.getModelPlugin()).isEqualTo("two-tower/1");
        assertThat(m.getRun()).isEqualTo("run-1");
        assertThat(m.getHistorySource()).isEqualTo(RunInputs.HISTORY_SOURCE);
        assertThat(m.getHistoryOrder()).isEqualTo("timestamp");
        assertThat(m.getIndex()).startsWith("exact");
        assertThat(m.getUsers()).isEqualTo(split.dataset().numUsers());

        NeighborTables a = TableFiles.open(one.tablesDir(), Long.MAX_VALUE, true);
        NeighborTables b = TableFiles.open(sp.tablesDir(), Long.MAX_VALUE, true);
        for (TableKind k : TableKind.values()) {
            SparkIndexJobTest.assertSameTable(k, a.table(k), b.table(k));
        }
        // the history: train + valid (never the held-out test item), most recent first, computed here by hand
        TableReader recent = b.recent();
        InteractionMatrix tr = split.train();
        InteractionMatrix va = split.valid();
        for (int u = 0; u < tr.numUsers(); u++) {
            List<long[]> events = new ArrayList<>();
            for (InteractionMatrix x : new InteractionMatrix[] {tr, va}) {
                for (int p = x.start(u); p < x.end(u); p++) {
                    events.add(new long[] {x.timestamps()[p], x.items()[p]});
                }
            }
            events.sort(Comparator.comparingLong((long[] e) -> e[0]).reversed());
            LinkedHashSet<Integer> want = new LinkedHashSet<>();
            for (long[] e : events) {
                want.add((int) e[1]);
            }
            List<Integer> got = new ArrayList<>();
            for (int j = 0; j < recent.count(u); j++) {
                got.add(recent.id(u, j));
            }
            assertThat(got).as("user %d history", u).containsExactlyElementsOf(want);
        }
        int[] cats = RunInputs.categories(split.dataset());
        assertThat(sp.categories()).containsExactly(cats);
        assertThat(java.util.Arrays.stream(cats).anyMatch(c -> c >= 0)).as("synthetic items have genres").isTrue();
    }

    /** The run without its serving artifacts, copied to {@code root/name}. */
    private static Path copyRun(String name) throws IOException {
        Path copy = Files.createDirectories(root.resolve(name));
        try (var s = Files.walk(run)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path q = copy.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else if (!p.startsWith(run.resolve("serving"))) {
                    Files.copy(p, q);
                }
            }
        }
        return copy;
    }

    @Test
    void theModelsOwnItemNeighboursInTheRunReplaceTheItemKnnInBothBuilds() throws IOException {
        Path own = copyRun("run-own");
        int[][] lists = SparkIndexJobTest.itemNeighbourLists(split.dataset().numItems(), 9);
        // as mic train stores them: neighbors/<label>.txt, listed in the run manifest
        Path f = RunWriter.itemNeighborsFile(own, "mf");
        Files.createDirectories(f.getParent());
        io.mic.core.io.ItemNeighborsFile.write(f, lists);
        Path mf = own.resolve("manifest.textproto");
        RunManifest.Builder m = RunManifest.newBuilder();
        TextFormat.merge(Files.readString(mf), m);
        Files.writeString(mf, TextFormat.printer().printToString(m.addFile(AtomicFiles.entry(own, f)).build()));

        SparkIndexMain.main(new String[] {"build", "--run", own.toString(), "--m1", "5", "--m3", "5", "--threads", "2",
            "--master", "local[2]", "--partitions", "3"});
        Path single = root.resolve("single-own");
        SparkIndexMain.main(new String[] {"build", "--run", own.toString(), "--m1", "5", "--m3", "5", "--threads", "2",
            "--target", single.toString(), "--single-jvm"});
        ServingArtifacts sp = ServingArtifacts.open(own.resolve("serving").resolve("mf"), true);
        ServingArtifacts one = ServingArtifacts.open(single, true);
        assertThat(sp.manifest().getItemNeighbors()).isEqualTo(ServingArtifacts.ITEM_NEIGHBORS_MODEL);
        assertThat(one.manifest().getItemNeighbors()).isEqualTo(ServingArtifacts.ITEM_NEIGHBORS_MODEL);
        NeighborTables a = TableFiles.open(one.tablesDir(), Long.MAX_VALUE, true);
        NeighborTables b = TableFiles.open(sp.tablesDir(), Long.MAX_VALUE, true);
        for (TableKind k : TableKind.values()) {
            SparkIndexJobTest.assertSameTable(k, a.table(k), b.table(k));
        }
        SparkIndexJobTest.assertModelTable(b.itemItem(), lists, 5);
    }

    @Test
    void aDamagedRunFileIsRefusedByName() throws IOException {
        Path copy = copyRun("damaged");
        Files.writeString(copy.resolve("config.textproto"), "# edited\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> RunInputs.load(copy, null, null, PluginRegistry.discover()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config.textproto");
        assertThatThrownBy(() -> RunInputs.load(run, "nope", null, PluginRegistry.discover()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no vectors for model 'nope'");
        assertThatThrownBy(() -> SparkIndexMain.main(new String[] {"build", "--run", run.toString(), "--vectors", "x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--vectors and --run");
    }
}
