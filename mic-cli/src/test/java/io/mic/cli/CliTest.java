package io.mic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import io.mic.core.config.proto.RunManifest;
import io.mic.core.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of the command line, in process. */
class CliTest {

    /** Captured stdout, stderr and exit code of one command. */
    record Run(int code, String out, String err) {
    }

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void quickstartPrintsMetricsAndWritesAVerifiedRunDirectory(@TempDir Path tmp) throws Exception {
        Run r = run("quickstart", "--quiet", "--output", tmp.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("recall@10").contains("ndcg@20").contains("pop").contains("item-knn").contains("mic-dssm");
        double popRecall = metric(r.out(), "pop", 0);
        double knnRecall = metric(r.out(), "item-knn", 0);
        double micRecall = metric(r.out(), "mic-dssm", 0);
        // the synthetic data has planted groups: a neighbourhood model and a trained MIC(DSSM) must beat popularity clearly
        assertThat(knnRecall).isGreaterThan(popRecall * 1.2);
        assertThat(micRecall).isGreaterThan(popRecall * 1.2);

        List<Path> runs;
        try (var s = Files.list(tmp)) {
            runs = s.toList();
        }
        assertThat(runs).hasSize(1);
        Path dir = runs.get(0);
        assertThat(dir.getFileName().toString()).startsWith("quickstart-");
        RunManifest.Builder m = RunManifest.newBuilder();
        TextFormat.merge(Files.readString(dir.resolve("manifest.textproto")), m);
        assertThat(m.getPluginList()).containsExactly("pop/1", "item-knn/1", "mic/1");
        // the MIC model's components, in config order, with their versions
        assertThat(m.getComponentList()).containsExactly("mic-dssm: encoder dssm/1", "mic-dssm: augmenter field-mask/1",
                "mic-dssm: sampler kmeans-negative/1", "mic-dssm: sampler popularity-negative/1");
        // config, metrics and the MIC model's vectors (users/items .vec + .ids + manifest), all checksummed
        assertThat(m.getVectorsList()).containsExactly("mic-dssm");
        assertThat(m.getFileList()).extracting(f -> f.getPath()).contains("config.textproto", "metrics.json",
                "vectors/mic-dssm/users.vec", "vectors/mic-dssm/items.vec", "vectors/mic-dssm/users.ids",
                "vectors/mic-dssm/manifest.textproto");
        assertThat(m.getFileCount()).isEqualTo(2 + 5);
        AtomicFiles.verify(dir, m.getFileList());
        assertThat(Files.readString(dir.resolve("metrics.json"))).contains("\"recall@10\"").contains("\"label\": \"item-knn\"");

        // quickstart built the serving path and printed three users' answers with provenance
        assertThat(dir.resolve("serving/mic-dssm/serving.pb")).isRegularFile();
        assertThat(Pattern.compile("top 5 for user \\S+ from mic-dssm \\(channels u2i, i2i, u2u\\):").matcher(r.out()).results().count())
                .isEqualTo(3);
        assertThat(r.out()).containsPattern("(?m)^  1\\. \\S+ +[-0-9.]+ +(u2i|i2i|u2u)=[-0-9.]+");
        servingCommandsOnTheQuickstartRun(dir);
    }

    /** index, recommend --run, eval-channels and serve over the run quickstart just wrote (no second training). */
    private static void servingCommandsOnTheQuickstartRun(Path dir) throws Exception {
        Run idx = run("index", "--quiet", "--run", dir.toString(), "--m1", "20", "--m3", "20", "--threads", "2");
        assertThat(idx.code()).as(idx.err()).isZero();
        assertThat(idx.out()).contains("serving artifacts of mic-dssm (mic/1)").contains("M1 20 similar users, M3 20 similar items")
                .contains("(train+valid, timestamp)");

        Run rec = run("recommend", "--quiet", "--run", dir.toString(), "--user", "7", "-n", "4");
        assertThat(rec.code()).as(rec.err()).isZero();
        assertThat(rec.out()).contains("top 4 for user 7 from mic-dssm (channels u2i, i2i, u2u):").contains("  4. ")
                .doesNotContain("DEGRADED");
        // --rerank replaces the run config's reranker; its parameters are checked strictly, so a bad one shows it is used
        Run mmr = run("recommend", "--quiet", "--run", dir.toString(), "--user", "7", "-n", "4", "--rerank", "mmr",
                "--rerank-param", "lambda=0.5");
        assertThat(mmr.code()).as(mmr.err()).isZero();
        assertThat(mmr.out()).contains("  4. ");
        Run badParam = run("recommend", "--quiet", "--run", dir.toString(), "--user", "7", "--rerank", "mmr", "--rerank-param", "lambda=2");
        assertThat(badParam.code()).isEqualTo(2);
        assertThat(badParam.err()).contains("lambda").contains("out of range");
        Run noRerank = run("recommend", "--quiet", "--run", dir.toString(), "--user", "7", "--rerank", "no-such-reranker");
        assertThat(noRerank.code()).isEqualTo(2);
        assertThat(noRerank.err()).contains("no-such-reranker").contains("--plugin-path");
        Run paramOnly = run("recommend", "--quiet", "--run", dir.toString(), "--user", "7", "--rerank-param", "lambda=0.5");
        assertThat(paramOnly.code()).isEqualTo(2);
        assertThat(paramOnly.err()).contains("needs --rerank NAME");
        Run unknown = run("recommend", "--quiet", "--run", dir.toString(), "--user", "nobody");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown user 'nobody'");
        Run both = run("recommend", "--quiet", "--run", dir.toString(), "-c", "x.textproto", "--user", "1");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("exactly one of --run DIR");
        Run noModel = run("recommend", "--quiet", "--run", dir.toString(), "--model", "pop", "--user", "1");
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err()).contains("no vectors for model 'pop'").contains("[mic-dssm]");

        Path exported = dir.resolveSibling("exported");
        Run ex = run("export", "--quiet", "--run", dir.toString(), "--out", exported.toString());
        assertThat(ex.code()).as(ex.err()).isZero();
        io.mic.core.io.EmbeddingExport e = io.mic.core.io.EmbeddingExport.open(exported, true);
        assertThat(e.names()).containsExactly("users", "items");
        assertThat(e.vectors("items").values()).containsExactly(
                io.mic.core.io.EmbeddingExport.open(dir.resolve("vectors/mic-dssm"), true).vectors("items").values());
        assertThat(run("export", "--quiet", "--run", dir.toString(), "--out", exported.toString()).code()).isNotZero();

        Run ev = run("eval-channels", "--quiet", "--run", dir.toString(), "--threads", "2");
        assertThat(ev.code()).as(ev.err()).isZero();
        assertThat(ev.out()).contains("| U2I alone |").contains("| I2I alone |").contains("| U2U alone |")
                .contains("| merged + mmr (lambda 0.7) |").contains("| model's full ranking (metrics.json, all items) | 0.");
        // U2I alone over the model's own vectors recalls a good share of what the full ranking finds
        Matcher u2i = Pattern.compile("\\| U2I alone \\| ([0-9.]+) ").matcher(ev.out());
        assertThat(u2i.find()).isTrue();
        assertThat(Double.parseDouble(u2i.group(1))).isGreaterThan(0.1);
    }

    @Test
    void servingCommandsRefuseRunsWithoutVectors(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("b.textproto");
        Files.writeString(cfg, "seed: 3\ndataset { format: SYNTHETIC synthetic { users: 300 items: 200 } }\nprotocol: LEAVE_ONE_OUT\n"
                + "model { plugin: \"item-knn\" }\n");
        Run t = run("train", "--quiet", "-c", cfg.toString(), "--output", tmp.resolve("runs").toString());
        assertThat(t.code()).as(t.err()).isZero();
        Path dir;
        try (var s = Files.list(tmp.resolve("runs"))) {
            dir = s.findFirst().orElseThrow();
        }
        Run idx = run("index", "--quiet", "--run", dir.toString());
        assertThat(idx.code()).isEqualTo(2);
        assertThat(idx.err()).contains("no model of this run left vectors");
        Run none = run("index", "--quiet", "--run", tmp.resolve("missing").toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("is not a run directory");
    }

    @Test
    void aMultiInterestRe4RunIsIndexedAndServedWithKInterests(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("r.textproto");
        Files.writeString(cfg, "seed: 3\ndataset { format: SYNTHETIC synthetic { users: 300 items: 200 } }\nprotocol: LEAVE_ONE_OUT\n"
                + "model { label: \"re4\" plugin: \"re4\" params { key: \"interests\" value: \"3\" } params { key: \"dim\" value: \"16\" }\n"
                + "  trainer { epochs: 1 batch_size: 256 } }\n");
        Run t = run("train", "--quiet", "-c", cfg.toString(), "--output", tmp.resolve("runs").toString());
        assertThat(t.code()).as(t.err()).isZero();
        Path dir;
        try (var s = Files.list(tmp.resolve("runs"))) {
            dir = s.findFirst().orElseThrow();
        }
        assertThat(Files.readString(dir.resolve("vectors/re4/manifest.textproto"))).contains("interests: 3");
        Run idx = run("index", "--quiet", "--run", dir.toString(), "--m1", "10", "--m3", "10");
        assertThat(idx.code()).as(idx.err()).isZero();
        Run rec = run("recommend", "--quiet", "--run", dir.toString(), "--user", "7", "-n", "4");
        assertThat(rec.code()).as(rec.err()).isZero();
        assertThat(rec.out()).contains("top 4 for user 7 from re4 (channels u2i, i2i, u2u):").contains("  4. ");
    }

    @Test
    void trainExportsASavedModelPerTowerModel(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("s.textproto");
        Files.writeString(cfg, "seed: 3\ndataset { format: SYNTHETIC synthetic { users: 300 items: 200 } }\nprotocol: LEAVE_ONE_OUT\n"
                + "model { plugin: \"pop\" }\n"
                + "model { label: \"mf\" plugin: \"two-tower\" encoder { name: \"mf-bpr\" params { key: \"dim\" value: \"8\" } }\n"
                + "  trainer { epochs: 1 batch_size: 256 } }\n");
        Path sm = tmp.resolve("savedmodels");
        Run t = run("train", "--quiet", "-c", cfg.toString(), "--output", tmp.resolve("runs").toString(), "--saved-model", sm.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(sm.resolve("mf/1/saved_model.pb")).isRegularFile();
        assertThat(sm.resolve("mf/1/manifest.textproto")).content().contains("serving_user").contains("serving_item");
        assertThat(sm.resolve("pop")).doesNotExist();
        Run e = run("export", "--quiet", "--run", tmp.resolve("runs").toString(), "--saved-model", "--out", tmp.resolve("x").toString());
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err()).contains("mic train -c CONFIG --saved-model DIR");
    }

    @Test
    void misspelledConfigKeyFailsNamingKeyAndLine(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("bad.textproto");
        Files.writeString(cfg, String.join("\n",
                "name: \"bad\"",
                "dataset { format: SYNTHETIC }",
                "protocol: LEAVE_ONE_OUT",
                "model { plugin: \"pop\" }",
                "evaluation { kk: 10 }",
                ""));
        Run r = run("train", "--quiet", "-c", cfg.toString(), "--output", tmp.resolve("runs").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(cfg + ":5:").contains("unknown field 'kk'").contains("did you mean 'k'?");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void unknownPluginListsTheAvailableOnes(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("bad.textproto");
        Files.writeString(cfg, "dataset { format: SYNTHETIC }\nprotocol: LEAVE_ONE_OUT\nmodel { plugin: \"itemknn\" }\n");
        Run r = run("eval", "--quiet", "-c", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(cfg + ":3").contains("unknown model plugin 'itemknn'").contains("item-knn").contains("pop");
    }

    @Test
    void unknownPluginParameterIsRejected(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("bad.textproto");
        Files.writeString(cfg, "dataset { format: SYNTHETIC synthetic { users: 200 items: 100 } }\nprotocol: LEAVE_ONE_OUT\n"
                + "model {\n  plugin: \"item-knn\"\n  params { key: \"neighbours\" value: \"5\" }\n}\n");
        Run r = run("eval", "--quiet", "-c", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(cfg + ":5").contains("'neighbours'").contains("known parameters:");
    }

    @Test
    void componentPluginsAreValidatedWithTheirLines(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("bad.textproto");
        String head = "dataset { format: SYNTHETIC synthetic { users: 200 items: 100 } }\nprotocol: LEAVE_ONE_OUT\n";
        Files.writeString(cfg, head + "model {\n  plugin: \"pop\"\n  augmenter {\n    name: \"field-mask\"\n"
                + "    params { key: \"pp\" value: \"0.1\" }\n  }\n}\n");
        Run r = run("eval", "--quiet", "-c", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(cfg + ":7").contains("'pp'").contains("did you mean 'p'?");

        Files.writeString(cfg, head + "model {\n  plugin: \"pop\"\n  augmenter { name: \"field-maks\" }\n}\n");
        r = run("eval", "--quiet", "-c", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(cfg + ":5").contains("unknown augmenter plugin 'field-maks'").contains("field-mask");

        Files.writeString(cfg, head + "model {\n  plugin: \"pop\"\n  augmenter { name: \"field-mask\" }\n}\n");
        r = run("eval", "--quiet", "-c", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("model 'pop' trains nothing");
    }

    @Test
    void pluginsListsTheBuiltIns() {
        Run r = run("plugins");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("model (ModelFactory):").contains("pop").contains("item-knn").contains("two-tower").contains("mic")
                .contains("dssm").contains("youtube-dnn").contains("mf-bpr");
    }

    @Test
    void recommendPrintsTopNForAUser(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("r.textproto");
        Files.writeString(cfg, "seed: 3\ndataset { format: SYNTHETIC synthetic { users: 300 items: 200 } }\nprotocol: LEAVE_ONE_OUT\n"
                + "model { plugin: \"item-knn\" }\n");
        Run r = run("recommend", "--quiet", "-c", cfg.toString(), "--user", "7", "-n", "5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("top 5 for user 7").contains("  1. ").contains("  5. ");
        Run bad = run("recommend", "--quiet", "-c", cfg.toString(), "--user", "no-such-user");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown user id 'no-such-user'");
    }

    /** The value of column {@code col} (0 = the first metric column) in {@code label}'s table row. */
    private static double metric(String table, String label, int col) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s+(.*)$").matcher(table);
        assertThat(m.find()).as("row " + label + " in\n" + table).isTrue();
        String[] cells = m.group(1).trim().split("\\s+");
        return Double.parseDouble(cells[col]);
    }
}
