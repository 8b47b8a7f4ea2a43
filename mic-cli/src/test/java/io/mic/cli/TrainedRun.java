package io.mic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** One small trained and indexed two-tower run, shared by the bad-input tests of this JVM (training it takes seconds). */
final class TrainedRun {
    private static Path run;

    private TrainedRun() {
    }

    static synchronized Path get() throws Exception {
        if (run == null) {
            Path root = Files.createTempDirectory("mic-trained-run");
            Path cfg = root.resolve("t.textproto");
            Files.writeString(cfg, "seed: 3\ndataset { format: SYNTHETIC synthetic { users: 200 items: 120 } }\n"
                    + "protocol: LEAVE_ONE_OUT\nmodel { label: \"mf\" plugin: \"two-tower\" encoder { name: \"mf-bpr\" "
                    + "params { key: \"dim\" value: \"8\" } }\n  trainer { epochs: 1 batch_size: 256 } }\n");
            CliTest.Run t = CliTest.run("train", "--quiet", "-c", cfg.toString(), "--output", root.resolve("runs").toString());
            assertThat(t.code()).as(t.err()).isZero();
            Path dir;
            try (var s = Files.list(root.resolve("runs"))) {
                dir = s.findFirst().orElseThrow();
            }
            CliTest.Run idx = CliTest.run("index", "--quiet", "--run", dir.toString(), "--m1", "5", "--m3", "5");
            assertThat(idx.code()).as(idx.err()).isZero();
            run = dir;
        }
        return run;
    }

    /** A copy of the run at {@code to}, to damage. */
    static Path copy(Path to) throws Exception {
        Path from = get();
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }
}
