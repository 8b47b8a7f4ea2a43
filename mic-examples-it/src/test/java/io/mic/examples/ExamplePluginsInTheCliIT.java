package io.mic.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar examples/ builds (by the invoker run just before this test) is a working third-party
 * plugin: dropped into {@code ./plugins} or a {@code --plugin-path} directory, the {@code mic} CLI
 * lists its plugins and a run config can name them. Each case runs the CLI in a fresh JVM, as
 * {@code ./mic} does, with the CLI's own class path (which does not hold the example).
 */
class ExamplePluginsInTheCliIT {
    private static Path exampleJar;
    private static String cliClassPath;

    @BeforeAll
    static void locate() throws IOException {
        Path target = Path.of(System.getProperty("examples.target"));
        try (Stream<Path> files = Files.list(target)) {
            exampleJar = files.filter(p -> p.getFileName().toString().matches("mic-example-plugins-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("the examples build left no jar in " + target));
        }
        cliClassPath = Files.readString(Path.of(System.getProperty("cli.classpath.file"))).trim();
        assertThat(cliClassPath).as("the CLI's class path").contains("mic-cli").doesNotContain("mic-example-plugins");
    }

    /** Exit code and output of one CLI run. */
    record Run(int code, String out, String err) {
    }

    private static Run mic(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(cliClassPath);
        command.add("io.mic.cli.Main");
        command.addAll(List.of(args));
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mic " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path pluginsDir(Path parent) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("plugins"));
        Files.copy(exampleJar, dir.resolve(exampleJar.getFileName()));
        return dir;
    }

    @Test
    void pluginsListsTheExampleFromThePluginsDirectory(@TempDir Path work) throws Exception {
        pluginsDir(work);
        Run r = mic(work, "plugins");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("(?s)augmenter \\(AugmenterFactory\\):.*\\n  example-id-dropout +v1 +replaces ids by MISSING")
                .containsPattern("(?s)reranker \\(RerankerFactory\\):.*\\n  example-channel-boost +v1 +score \\+ boost")
                .contains("field-mask");
    }

    @Test
    void pluginPathOptionLoadsTheJarAndOriginNamesIt(@TempDir Path work) throws Exception {
        Path dir = pluginsDir(work.resolve("elsewhere"));
        Run r = mic(work, "plugins", "--origin", "--plugin-path", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("example-channel-boost .*\\[" + exampleJar.getFileName() + "\\]");
    }

    @Test
    void withoutTheJarTheCliDoesNotKnowThem(@TempDir Path work) throws Exception {
        Path cfg = runConfig(work, "p", "0.2");
        Run eval = mic(work, "eval", "--quiet", "-c", cfg.toString());
        assertThat(eval.code()).isEqualTo(2);
        assertThat(eval.err()).contains("unknown augmenter plugin 'example-id-dropout'");
    }

    @Test
    void aRunCreatesTheExampleAugmenterAndValidatesItsParameters(@TempDir Path work) throws Exception {
        pluginsDir(work);
        // a misspelt parameter of the example plugin: its own PluginConfig getters make the host reject it, with file:line
        Path typo = runConfig(work, "pp", "0.2");
        Run bad = mic(work, "eval", "--quiet", "-c", typo.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains(typo + ":7").contains("'pp'").contains("example-id-dropout").contains("did you mean 'p'?");
        // a valid one: the run creates the augmenter from the jar and hands it to the model, and the
        // popularity baseline (which trains nothing) refuses it by name rather than ignoring it
        Path ok = runConfig(work, "p", "0.2");
        Run run = mic(work, "eval", "--quiet", "-c", ok.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("model 'pop' trains nothing").doesNotContain("unknown augmenter");
    }

    private static Path runConfig(Path dir, String key, String value) throws IOException {
        Path cfg = dir.resolve("run-" + key + ".textproto");
        Files.writeString(cfg, String.join("\n",
                "dataset { format: SYNTHETIC synthetic { users: 200 items: 100 } }",
                "protocol: LEAVE_ONE_OUT",
                "model {",
                "  plugin: \"pop\"",
                "  augmenter {",
                "    name: \"example-id-dropout\"",
                "    params { key: \"" + key + "\" value: \"" + value + "\" }",
                "  }",
                "}",
                ""));
        return cfg;
    }
}
