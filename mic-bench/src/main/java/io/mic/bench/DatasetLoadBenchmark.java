package io.mic.bench;

import io.mic.core.data.Dataset;
import io.mic.core.data.MovieLensLoader;
import io.mic.core.data.SyntheticDataset;
import io.mic.core.data.SyntheticSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading MovieLens-1M (1,000,209 gzipped ratings + users + movies) into the columnar dataset:
 * gunzip, byte-level parsing, id interning, field vocabularies. {@code source} is a directory
 * (default: the shared copy beside the repository) or {@code generated:N}, which writes an
 * ML-1M-format copy of N synthetic ratings in setup (used by the smoke test and on machines
 * without the shared data).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class DatasetLoadBenchmark {

    @Param({"../shared/data/ml-1m"})
    public String source;

    private Path dir;
    private Path generated;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        if (source.startsWith("generated:")) {
            generated = Files.createTempDirectory("mic-bench-ml1m");
            writeMovieLens(generated, Integer.parseInt(source.substring("generated:".length())));
            dir = generated;
        } else {
            dir = Path.of(source);
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("no dataset at " + dir.toAbsolutePath() + "; pass -p source=generated:1000209");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (generated != null) {
            try (var files = Files.list(generated)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(generated);
        }
    }

    @Benchmark
    public Dataset loadMovieLens1m() {
        return MovieLensLoader.load1m(dir);
    }

    /** Writes users.dat, movies.dat and ratings_uir.dat.gz in ML-1M format from synthetic interactions. */
    static void writeMovieLens(Path dir, int ratings) throws IOException {
        int users = Math.max(10, ratings / 165);
        int items = Math.min(3706, Math.max(400, users));
        int perUser = Math.max(5, Math.min(ratings / users, items / 2));
        Dataset d = SyntheticDataset.generate(new SyntheticSpec(users, items, 8, perUser, 0.8, 0.8), 7);
        try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("users.dat")), false, StandardCharsets.ISO_8859_1)) {
            for (int u = 0; u < d.numUsers(); u++) {
                out.printf("%d::%s::%d::%d::%05d%n", u + 1, u % 2 == 0 ? "F" : "M", 25, u % 21, 10000 + u);
            }
        }
        try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("movies.dat")), false, StandardCharsets.ISO_8859_1)) {
            for (int i = 0; i < d.numItems(); i++) {
                out.printf("%d::Movie %d (1995)::Comedy|Drama%n", i + 1, i);
            }
        }
        int[] uc = d.userColumn();
        int[] ic = d.itemColumn();
        float[] r = d.ratings();
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("ratings_uir.dat.gz")), 1 << 16);
                PrintStream out = new PrintStream(gz, false, StandardCharsets.ISO_8859_1)) {
            for (int k = 0; k < uc.length; k++) {
                out.print(uc[k] + 1);
                out.print("::");
                out.print(ic[k] + 1);
                out.print("::");
                out.println((int) r[k]);
            }
        }
    }
}
