package io.mic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.cli.CliTest.Run;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 #3-#8: bad input gets exit code 2 and one line naming the file (and line), never a
 * stack trace nor a run directory with NaN metrics.
 */
class BadInputTest {
    @TempDir
    static Path tmp;
    static Path trained;

    static final String USERS = "1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::15::55117\n4::M::45::7::02460\n";
    static final String MOVIES = "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure\n"
            + "3::Heat (1995)::Action\n4::Casino (1995)::Drama\n5::Babe (1995)::Comedy\n";

    static String ratings(int users, int items) {
        StringBuilder b = new StringBuilder();
        long t = 978300000L;
        for (int u = 1; u <= users; u++) {
            for (int i = 1; i <= items; i++) {
                b.append(u).append("::").append(i).append("::").append(1 + (u + i) % 5).append("::").append(t++).append('\n');
            }
        }
        return b.toString();
    }

    /** An ml-1m directory with {@code ratingsText} as ratings.dat and a config over it. */
    static Path ml1m(String name, String ratingsText) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name).resolve("ml"));
        Files.writeString(d.resolve("users.dat"), USERS);
        Files.writeString(d.resolve("movies.dat"), MOVIES);
        if (ratingsText != null) {
            Files.writeString(d.resolve("ratings.dat"), ratingsText);
        }
        return config(d.getParent(), "dataset { format: MOVIELENS_1M path: \"ml\" }\n");
    }

    static Path config(Path dir, String dataset) throws Exception {
        Path cfg = dir.resolve("c.textproto");
        Files.writeString(cfg, "seed: 1\n" + dataset + "protocol: LEAVE_ONE_OUT\nmodel { plugin: \"pop\" }\n");
        return cfg;
    }

    @BeforeAll
    static void trainARunWithVectors() throws Exception {
        trained = TrainedRun.get();
    }

    /** A copy of the trained run to damage. */
    static Path copyOfRun(String name) throws Exception {
        return TrainedRun.copy(tmp.resolve(name));
    }

    /** Exit 2, one line on stderr containing every {@code parts}, no stack trace. */
    static void assertBadInput(Run r, String... parts) {
        assertThat(r.code()).as("exit code; stderr:\n" + r.err()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err).as("one line").doesNotContain("\n").doesNotContain("\tat ").doesNotContain("internal error");
        for (String p : parts) {
            assertThat(err).contains(p);
        }
    }

    static Run train(Path cfg) {
        return CliTest.run("train", "--quiet", "-c", cfg.toString(), "--output", cfg.resolveSibling("runs").toString());
    }

    @Test
    void emptyRatingsFileIsRefusedAndNoRunIsWritten() throws Exception {
        Path cfg = ml1m("empty", "");
        assertBadInput(train(cfg), "ratings.dat", "no interactions");
        assertThat(cfg.resolveSibling("runs")).doesNotExist();
    }

    @Test
    void emptyTestSplitIsRefused() throws Exception {
        // one rating per user: leave-one-out leaves nothing to train on
        Path cfg = ml1m("emptysplit", "1::1::5::978300760\n2::2::3::978300761\n");
        assertBadInput(train(cfg), "split");
        assertThat(cfg.resolveSibling("runs")).doesNotExist();
    }

    @Test
    void truncatedGzipNamesTheFile() throws Exception {
        Path cfg = ml1m("gz", null);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b)) {
            o.write(ratings(4, 5).repeat(50).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] all = b.toByteArray();
        Files.write(cfg.resolveSibling("ml").resolve("ratings.dat.gz"), java.util.Arrays.copyOf(all, all.length / 2));
        assertBadInput(train(cfg), "ratings.dat.gz", "truncated");
    }

    @Test
    void duplicateRowsAreDeduplicatedAndCounted() throws Exception {
        String dup = ratings(4, 5) + "1::1::2::999999999\n2::3::4::999999998\n";
        Path cfg = ml1m("dup", dup);
        Run r = CliTest.run("inspect-data", "-c", cfg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 duplicate (user, item) rows");
        assertThat(r.out()).containsPattern("\\b20 interactions");
        Path refuse = config(cfg.getParent(), "dataset { format: MOVIELENS_1M path: \"ml\" duplicates: REFUSE_DUPLICATES }\n");
        assertBadInput(train(refuse), "ratings.dat", "duplicate", "1", "1");
    }

    @Test
    void outOfRangeRatingsNameFileLineAndValue() throws Exception {
        Path cfg = ml1m("range9", ratings(4, 5) + "3::3::9::978300999\n");
        assertBadInput(train(cfg), "ratings.dat:21", "'9'", "1..5");
        cfg = ml1m("range35", "1::1::3.5::978300760\n" + ratings(4, 5));
        assertBadInput(train(cfg), "ratings.dat:1", "'3.5'");
        cfg = ml1m("rangeneg", ratings(4, 5) + "1::1::-3::978300760\n");
        assertBadInput(train(cfg), "ratings.dat:21", "'-3'");
    }

    @Test
    void directoryWhereRatingsShouldBeIsNamed() throws Exception {
        Path cfg = ml1m("dir", null);
        Files.createDirectories(cfg.resolveSibling("ml").resolve("ratings.dat"));
        assertBadInput(train(cfg), "ratings.dat", "is a directory");
    }

    @Test
    void binaryConfigIsOneLine() throws Exception {
        Path cfg = tmp.resolve("binary.textproto");
        Files.write(cfg, new byte[] {0x1f, (byte) 0x8b, 8, 0, (byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80, (byte) 0xc3});
        assertBadInput(train(cfg), "binary.textproto");
    }

    @Test
    void pluginJarsThatAreNotJarsOrNameMissingClassesAreRefused() throws Exception {
        Path garbage = Files.createDirectories(tmp.resolve("plugins-garbage"));
        Files.writeString(garbage.resolve("broken.jar"), "this is not a zip file");
        assertBadInput(CliTest.run("plugins", "--plugin-path", garbage.toString()), "broken.jar");

        Path missing = Files.createDirectories(tmp.resolve("plugins-missing"));
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(missing.resolve("ghost.jar")))) {
            z.putNextEntry(new ZipEntry("META-INF/services/io.mic.spi.ModelFactory"));
            z.write("com.example.NoSuchFactory\n".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("META-INF/mic-plugin.properties"));
            z.write(("name=ghost\nversion=1\nspi-version=" + io.mic.spi.PluginContext.SPI_VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        assertBadInput(CliTest.run("plugins", "--plugin-path", missing.toString()), "com.example.NoSuchFactory");

        // the plugin descriptor is checked at load, naming the jar and the field
        Path noSpi = Files.createDirectories(tmp.resolve("plugins-no-spi-version"));
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(noSpi.resolve("old.jar")))) {
            z.putNextEntry(new ZipEntry("META-INF/mic-plugin.properties"));
            z.write("name=old\nversion=1\n".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        assertBadInput(CliTest.run("plugins", "--plugin-path", noSpi.toString()), "old.jar");
        assertThat(CliTest.run("plugins", "--plugin-path", noSpi.toString()).err()).contains("'spi-version'");
    }

    @Test
    void exportOntoAnExistingFileIsOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("existing.txt"), "x");
        assertBadInput(CliTest.run("export", "--quiet", "--run", trained.toString(), "--out", file.toString()), "existing.txt");
        assertThat(file).hasContent("x");
    }

    @Test
    void corruptVectorsAreExit2ForIndexRecommendAndExport() throws Exception {
        Path run = copyOfRun("corrupt");
        Path vec = run.resolve("vectors/mf/items.vec");
        byte[] b = Files.readAllBytes(vec);
        b[b.length - 3] ^= 0x55;
        Files.write(vec, b);
        assertBadInput(CliTest.run("index", "--quiet", "--run", run.toString()), "items.vec");
        assertBadInput(CliTest.run("recommend", "--quiet", "--run", run.toString(), "--user", "3"), "items.vec");
        assertBadInput(CliTest.run("export", "--quiet", "--run", run.toString(), "--out", tmp.resolve("ex-corrupt").toString()),
                "items.vec");
    }

    @Test
    void recommendAndExportVerifyTheRunManifest() throws Exception {
        Path run = copyOfRun("tampered");
        Files.writeString(run.resolve("metrics.json"), "{}", java.nio.file.StandardOpenOption.APPEND);
        assertBadInput(CliTest.run("recommend", "--quiet", "--run", run.toString(), "--user", "3"), "metrics.json");
        assertBadInput(CliTest.run("export", "--quiet", "--run", run.toString(), "--out", tmp.resolve("ex-tampered").toString()),
                "metrics.json");
    }

    @Test
    void negativeReloadPeriodIsRejected() {
        assertBadInput(CliTest.run("serve", "--quiet", "--run", trained.toString(), "--port", "0", "--reload-every", "-3"),
                "--reload-every");
    }

    @Test
    void staleTempDirsOfAKilledIndexAreCleanedOthersKept() throws Exception {
        Path run = copyOfRun("stale");
        Path serving = run.resolve("serving");
        // a killed index of an older version (no pid in the name), untouched for two days
        Path old = Files.createDirectories(serving.resolve(".mf.tmp-12345"));
        java.nio.file.attribute.FileTime twoDaysAgo = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 172_800_000L);
        Files.setLastModifiedTime(Files.writeString(old.resolve("half.bin"), "x"), twoDaysAgo);
        Files.setLastModifiedTime(old, twoDaysAgo);
        // a killed index whose process is gone (no pid is that large), fresh
        Path dead = Files.createDirectories(serving.resolve(".mf.tmp-999999999-42"));
        // a staging of a live process (this JVM), and a directory that is not ours: both kept
        Path live = Files.createDirectories(serving.resolve(".mf.tmp-" + ProcessHandle.current().pid() + "-7"));
        Path notOurs = Files.createDirectories(serving.resolve(".other.tmp-999999999-1"));
        Run idx = CliTest.run("index", "--quiet", "--run", run.toString(), "--m1", "5", "--m3", "5");
        assertThat(idx.code()).as(idx.err()).isZero();
        assertThat(old).doesNotExist();
        assertThat(dead).doesNotExist();
        assertThat(live).exists();
        assertThat(notOurs).exists();
        assertThat(serving.resolve("mf/serving.pb")).isRegularFile();
    }
}
