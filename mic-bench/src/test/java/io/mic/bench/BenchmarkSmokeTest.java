package io.mic.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark once, in process, for one short iteration at its smallest sizes, so a
 * benchmark that no longer compiles against the code, throws in setup or in its body fails the
 * normal build instead of rotting until the next performance report. Numbers here mean nothing.
 */
class BenchmarkSmokeTest {
    /** Small parameter values so each benchmark's setup takes seconds, not minutes. */
    private static final Map<String, String[]> SMALL = Map.ofEntries(
            Map.entry("ids", new String[] {"10000"}),
            Map.entry("source", new String[] {"generated:20000"}),
            Map.entry("users", new String[] {"300"}),
            Map.entry("items", new String[] {"200"}),
            Map.entry("rows", new String[] {"2000"}),
            Map.entry("k", new String[] {"10"}),
            Map.entry("threads", new String[] {"2"}),
            Map.entry("perChannel", new String[] {"100"}),
            Map.entry("candidates", new String[] {"100"}));

    @Test
    void everyBenchmarkRunsOneShortIteration() throws RunnerException, IOException {
        Collection<String> classes = benchmarkClasses();
        assertThat(classes).as("benchmarks found in META-INF/BenchmarkList").isNotEmpty();
        for (String cls : classes) {
            ChainedOptionsBuilder opts = new OptionsBuilder()
                    .include("^" + java.util.regex.Pattern.quote(cls) + "\\.")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100))
                    .shouldFailOnError(true);
            SMALL.forEach(opts::param);
            Collection<RunResult> results = new Runner(opts.build()).run();
            assertThat(results).as(cls).isNotEmpty();
        }
    }

    /** Benchmark classes listed by the JMH annotation processor. */
    private static Collection<String> benchmarkClasses() throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (InputStream in = BenchmarkSmokeTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertThat(in).as("JMH BenchmarkList on the test class path").isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null;) {
                // each line is JMH's serialized BenchmarkListEntry: "JMH S <length> <user class> ..."
                String[] tokens = line.split(" ", 5);
                assertThat(tokens.length > 3 && tokens[0].equals("JMH") && tokens[1].equals("S")).as(line).isTrue();
                String first = tokens[3];
                out.add(first);
            }
        }
        return out;
    }
}
