package io.mic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mic tune} end to end on generated data, and a LightGCN run served through {@code mic index} / {@code recommend}. */
class TuneCommandTest {
    private static final String DATA = "seed: 3\ndataset { format: SYNTHETIC synthetic { users: 300 items: 200 } }\nprotocol: LEAVE_ONE_OUT\n";

    @Test
    void tuneRunsTheGridWritesTablesAndABestConfigAndResumes(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("t.textproto");
        Files.writeString(cfg, "name: \"t\"\n" + DATA + "model { plugin: \"pop\" }\n"
                + "model { label: \"knn\" plugin: \"item-knn\" params { key: \"k\" value: \"100\" } }\n"
                + "tune { strategy: \"grid\" metric: \"recall@10\" param { target: \"knn.params.k\" values: \"1\" values: \"50\" } }\n"
                + "evaluation { k: 10 }\n");
        Path dir = tmp.resolve("tune");
        CliTest.Run r = CliTest.run("tune", "--quiet", "-c", cfg.toString(), "--output", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 trials (0 finished earlier, skipped)").contains("knn.params.k").contains("valid recall@10");
        List<String> tsv = Files.readAllLines(dir.resolve("trials.tsv"));
        assertThat(tsv).hasSize(3);
        assertThat(tsv.get(0)).isEqualTo("rank\ttrial\tknn.params.k\tvalid_recall@10\tfit_seconds");
        double first = Double.parseDouble(tsv.get(1).split("\t")[3]);
        double second = Double.parseDouble(tsv.get(2).split("\t")[3]);
        assertThat(first).isGreaterThanOrEqualTo(second);
        // one neighbour per item is a much weaker model than fifty on planted groups
        assertThat(tsv.get(1).split("\t")[2]).isEqualTo("50");
        assertThat(first).isGreaterThan(second);
        assertThat(dir.resolve("trials.md")).isRegularFile();
        assertThat(Files.readString(dir.resolve("trial-000/config.textproto"))).contains("value: \"1\"").doesNotContain("tune {").doesNotContain("pop");

        // the best config is the whole config with k = 50, and mic train accepts it
        String best = Files.readString(dir.resolve("best.textproto"));
        assertThat(best).contains("plugin: \"pop\"").contains("value: \"50\"").doesNotContain("tune {");
        CliTest.Run t = CliTest.run("train", "--quiet", "-c", dir.resolve("best.textproto").toString(), "--output", tmp.resolve("runs").toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("knn").contains("pop");

        // resume: finished trials are skipped (their files untouched), a missing one is rerun
        long before = Files.getLastModifiedTime(dir.resolve("trial-000/result.tsv")).toMillis();
        io.mic.core.io.AtomicFiles.deleteTree(dir.resolve("trial-001"));
        CliTest.Run again = CliTest.run("tune", "--quiet", "-c", cfg.toString(), "--output", dir.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("2 trials (1 finished earlier, skipped)");
        assertThat(Files.getLastModifiedTime(dir.resolve("trial-000/result.tsv")).toMillis()).isEqualTo(before);
        List<String> tsv2 = Files.readAllLines(dir.resolve("trials.tsv"));
        assertThat(tsv2).hasSize(3);
        assertThat(tsv2.get(1).split("\t")[3]).isEqualTo(tsv.get(1).split("\t")[3]);
        // the rerun trial gets the same value: trials are seeded
        assertThat(tsv2.get(2).split("\t")[3]).isEqualTo(tsv.get(2).split("\t")[3]);

        // a changed search refuses to reuse the directory
        Files.writeString(cfg, Files.readString(cfg).replace("values: \"1\"", "values: \"2\""));
        CliTest.Run changed = CliTest.run("tune", "--quiet", "-c", cfg.toString(), "--output", dir.toString());
        assertThat(changed.code()).isNotZero();
        assertThat(changed.err()).contains("trial-000").contains("another config");
    }

    @Test
    void aBadTuneTargetNamesTheLine(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("t.textproto");
        Files.writeString(cfg, DATA + "model { plugin: \"pop\" }\n"
                + "tune {\n  strategy: \"grid\"\n  param { target: \"knn.params.k\" values: \"1\" }\n}\n");
        CliTest.Run r = CliTest.run("tune", "--quiet", "-c", cfg.toString(), "--output", tmp.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("t.textproto:7").contains("no model labelled 'knn'");
    }

    @Test
    void aLightGcnRunIsIndexedAndServed(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("l.textproto");
        Files.writeString(cfg, DATA + "model { plugin: \"lightgcn\" params { key: \"dim\" value: \"8\" } "
                + "trainer { epochs: 2 batch_size: 512 learning_rate: 0.01 } }\nevaluation { k: 10 }\n");
        CliTest.Run t = CliTest.run("train", "--quiet", "-c", cfg.toString(), "--output", tmp.resolve("runs").toString());
        assertThat(t.code()).as(t.err()).isZero();
        Path dir;
        try (var s = Files.list(tmp.resolve("runs"))) {
            dir = s.toList().get(0);
        }
        assertThat(dir.resolve("vectors/lightgcn/items.vec")).isRegularFile();
        CliTest.Run idx = CliTest.run("index", "--quiet", "--run", dir.toString(), "--m1", "10", "--m3", "10");
        assertThat(idx.code()).as(idx.err()).isZero();
        CliTest.Run rec = CliTest.run("recommend", "--quiet", "--run", dir.toString(), "--user", "7", "-n", "4");
        assertThat(rec.code()).as(rec.err()).isZero();
        assertThat(rec.out()).contains("u2i");
    }
}
