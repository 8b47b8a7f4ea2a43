package io.mic.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mic.bench.report.RawRun.AnnSweep;
import io.mic.bench.report.RawRun.AtTarget;
import io.mic.bench.report.RawRun.Point;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QPS at a recall target: interpolated between the two sweep points that bracket it (linear in recall on
 * log QPS), not the fastest point reaching it (the step function of the ef grid the report used before);
 * and the reading of the SIMD sweep that {@code AnnSweep} writes inside {@code ann-mic.json}.
 */
class AnnSweepAtRecallTest {
    private static AnnSweep sweep(Point... points) {
        return new AnnSweep("test", false, "null", 1000, 64, 100, 1, "p", 1, 1, 1, List.of(points), null);
    }

    @Test
    void bracketingPointsGiveTheLogLinearInterpolationNotTheFastestPointReachingTheTarget() {
        AnnSweep s = sweep(new Point(10, 0.90, 20_000), new Point(20, 0.94, 16_000), new Point(40, 0.96, 10_000),
                new Point(80, 0.99, 5_000));
        AtTarget at = s.atRecall(0.95).orElseThrow();
        assertThat(at.lo().ef()).isEqualTo(20);
        assertThat(at.hi().ef()).isEqualTo(40);
        // t = (0.95 - 0.94) / (0.96 - 0.94) = 0.5: the geometric mean of 16,000 and 10,000
        assertThat(at.qps()).isCloseTo(Math.sqrt(16_000.0 * 10_000.0), within(1e-6));
        // the old rule answered 10,000 (ef 40); at t = 0.25 the interpolation is 16,000^0.75 * 10,000^0.25
        assertThat(s.atRecall(0.945).orElseThrow().qps()).isCloseTo(Math.pow(16_000.0, 0.75) * Math.pow(10_000.0, 0.25), within(1e-6));
    }

    @Test
    void aPointExactlyAtTheTargetGivesItsOwnQps() {
        AnnSweep s = sweep(new Point(10, 0.90, 20_000), new Point(20, 0.95, 16_000), new Point(40, 0.97, 10_000));
        AtTarget at = s.atRecall(0.95).orElseThrow();
        assertThat(at.hi().ef()).isEqualTo(20);
        assertThat(at.lo().ef()).isEqualTo(10);
        assertThat(at.qps()).isCloseTo(16_000, within(1e-6));
    }

    @Test
    void withoutALowerBracketTheFirstPointReachingTheTargetIsTheAnswer() {
        AtTarget at = sweep(new Point(10, 0.96, 20_000), new Point(20, 0.99, 12_000)).atRecall(0.95).orElseThrow();
        assertThat(at.lo()).isNull();
        assertThat(at.hi().ef()).isEqualTo(10);
        assertThat(at.qps()).isEqualTo(20_000);
    }

    @Test
    void noPointReachingTheTargetIsEmpty() {
        assertThat(sweep(new Point(10, 0.80, 20_000), new Point(20, 0.9499, 12_000)).atRecall(0.95)).isEmpty();
        assertThat(sweep().atRecall(0.95)).isEmpty();
    }

    @Test
    void dominatedPointsOfANoisySweepAreNotBrackets() {
        // ef 48 has both less recall and less QPS than ef 40 (timing noise, a recall dip): it is off the
        // Pareto front; so is ef 28 (slower than ef 20 at lower recall)
        AnnSweep s = sweep(new Point(10, 0.90, 20_000), new Point(20, 0.94, 16_000), new Point(28, 0.93, 15_000),
                new Point(40, 0.96, 10_000), new Point(48, 0.955, 9_000), new Point(64, 0.98, 11_000));
        AtTarget at = s.atRecall(0.95).orElseThrow();
        // ef 64 dominates ef 40 (more recall and more QPS): the front's first point reaching the target is ef 64
        assertThat(at.lo().ef()).isEqualTo(20);
        assertThat(at.hi().ef()).isEqualTo(64);
        double t = (0.95 - 0.94) / (0.98 - 0.94);
        assertThat(at.qps()).isCloseTo(Math.exp(Math.log(16_000) + t * (Math.log(11_000) - Math.log(16_000))), within(1e-6));
    }

    @Test
    void theSimdSweepInsideAnnMicJsonSharesTheGraphAndALegacyFileStandsAlone(@TempDir Path raw) throws IOException {
        String one = "{\"library\": \"mic hnsw (mic graph, Java 17, scalar)\", \"inner_product\": \"scalar\", \"n\": 1000, \"dim\": 8, "
                + "\"queries\": 10, \"params\": \"M 16\", \"build_threads\": 1, \"build_seconds\": 2.5, \"build_cpu_seconds\": 2.4, "
                + "\"memory_mb\": 3, \"exact_qps\": 99.0, \"points\": [{\"ef\": 10, \"recall\": 0.9, \"qps\": 900.0}], "
                + "\"simd\": {\"library\": \"mic hnsw (mic graph, Java 17, simd-256)\", \"inner_product\": \"simd-256\", \"same_graph\": true, "
                + "\"points\": [{\"ef\": 10, \"recall\": 0.91, \"qps\": 1500.0}, {\"ef\": 20, \"recall\": 0.97, \"qps\": 1000.0}]}}";
        Files.writeString(raw.resolve("ann-mic.json"), one);
        RawRun run = RawRun.read(raw);
        assertThat(run.sweeps().keySet()).containsExactly("mic", "mic-simd");
        AnnSweep simd = run.sweeps().get("mic-simd");
        assertThat(simd.sameGraphAs()).isEqualTo("mic");
        assertThat(simd.library()).isEqualTo("mic hnsw (mic graph, Java 17, simd-256)");
        assertThat(simd.buildSeconds()).isEqualTo(2.5);
        assertThat(simd.n()).isEqualTo(1000);
        assertThat(simd.points()).extracting(Point::qps).containsExactly(1500.0, 1000.0);
        assertThat(run.sweeps().get("mic").sameGraphAs()).isNull();
        assertThat(run.sweeps().get("mic").points()).hasSize(1);
        Optional<AtTarget> at = simd.atRecall(0.95);
        assertThat(at).isPresent();
        assertThat(at.get().qps()).isCloseTo(1500 * Math.pow(1000.0 / 1500.0, (0.95 - 0.91) / (0.97 - 0.91)), within(1e-9));

        Files.writeString(raw.resolve("ann-mic.json"), one.substring(0, one.indexOf(", \"simd\"")) + "}");
        Files.writeString(raw.resolve("ann-mic-simd.json"), "{\"library\": \"old simd\", \"build_seconds\": 7.0, \"points\": []}");
        RawRun legacy = RawRun.read(raw);
        assertThat(legacy.sweeps().get("mic-simd").sameGraphAs()).isNull();
        assertThat(legacy.sweeps().get("mic-simd").buildSeconds()).isEqualTo(7.0);
    }
}
