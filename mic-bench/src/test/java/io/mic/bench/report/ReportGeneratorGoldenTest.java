package io.mic.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders {@code docs/performance.md} from fixed raw inputs under {@code src/test/resources/report/CASE/raw}
 * and compares it byte for byte with the committed {@code report/CASE/expected.md}:
 * <ul>
 *   <li>{@code full}: every input of a full run (the 2026-12-02 report's raw files, JMH results cut down to the
 *       fields the report reads, the recommend histogram to a few bins), plus a transformer-step result and a LightGCN propagation result (fixture values); its
 *       HNSW sweeps are in the earlier two-JVM layout (ann-mic.json and ann-mic-simd.json, two graphs);
 *   <li>{@code partial}: a quick run with pieces missing or unavailable (no 10M vocabulary, a NaN score error,
 *       faiss and Redis unavailable, hnswlib never reaching the recall target, no recommend/data results); its
 *       ann-mic.json in the one-graph layout of issue 22 (the SIMD sweep of the same graph in its "simd" object);
 *   <li>{@code empty}: no input at all (every section "not measured").
 * </ul>
 * The expected files were written by the generator before its refactoring to typed records, so this pins the
 * rendered text across it; since issue 22 the HNSW table's QPS at the target is interpolated between the
 * bracketing sweep points (AnnSweepAtRecallTest pins the rule itself). To regenerate after an intended change to the report's text, run with
 * {@code -Dmic.report.golden.update=true} and review the diff of the expected files.
 */
class ReportGeneratorGoldenTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "partial", "empty"})
    void rendersTheCommittedReport(String name) throws IOException, URISyntaxException {
        Path dir = Path.of(ReportGeneratorGoldenTest.class.getResource("/report/" + name + "/expected.md").toURI()).getParent();
        Path raw = dir.resolve("raw");
        if (!Files.isDirectory(raw)) {
            raw = Files.createDirectories(tmp.resolve("raw")); // git keeps no empty folder
        }
        Path md = tmp.resolve("docs/performance.md");
        Path plots = tmp.resolve("docs/perf");

        new ReportGenerator(raw, md, plots).write();

        byte[] actual = Files.readAllBytes(md);
        if (Boolean.getBoolean("mic.report.golden.update")) {
            Path source = Path.of("src/test/resources/report", name, "expected.md");
            Files.write(source, actual);
        }
        byte[] expected = Files.readAllBytes(dir.resolve("expected.md"));
        assertThat(new String(actual, StandardCharsets.UTF_8)).as(name).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).as(name + ", byte for byte").isEqualTo(expected);
        List<String> pngs = switch (name) {
            case "full" -> List.of("hnsw-qps-vs-recall.png", "recommend-latency.png", "step-time-vs-vocab.png");
            case "partial" -> List.of("hnsw-qps-vs-recall.png", "step-time-vs-vocab.png");
            default -> List.of();
        };
        try (var files = Files.list(plots)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).as(name + " plots").isEqualTo(pngs);
        }
        for (String png : pngs) {
            assertThat(Files.size(plots.resolve(png))).as(png).isPositive();
        }
    }

    @Test
    void appendsTheHandWrittenNotesAfterTheGeneratedPart() throws IOException {
        Path raw = Files.createDirectories(tmp.resolve("raw"));
        Path plots = Files.createDirectories(tmp.resolve("docs/perf"));
        Files.writeString(plots.resolve(ReportGenerator.NOTES), "## Notes\n\nhand-run figure 1.23\n");
        Path md = tmp.resolve("docs/performance.md");

        new ReportGenerator(raw, md, plots).write();

        String text = Files.readString(md);
        assertThat(text).startsWith("# MIC performance report").endsWith("\n\n## Notes\n\nhand-run figure 1.23\n");
        assertThat(text.indexOf("## Reproduce")).isLessThan(text.indexOf("## Notes"));
    }
}
