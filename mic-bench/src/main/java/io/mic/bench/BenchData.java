package io.mic.bench;

import io.mic.retrieval.index.VectorMath;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Seeded data shared by the benchmarks and the peer scripts: clustered unit vectors (what a trained
 * two-tower model's embeddings look like) and the raw file format the Python peers read.
 *
 * <p>File format ({@code .f32} / {@code .i32}): int32 rows, int32 cols, then rows x cols
 * little-endian values, row-major; {@code numpy.fromfile(f, '<i4', 2)} reads the header.
 */
public final class BenchData {
    private BenchData() {
    }

    /**
     * {@code n x dim} unit vectors: {@code clusters} random unit centres, each point a centre plus
     * Gaussian noise of standard deviation {@code spread / sqrt(dim)} per coordinate, normalised.
     */
    public static float[] clustered(int n, int dim, int clusters, double spread, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        // the centres come from their own stream so the data and the query sets share them
        SplittableRandom centreRnd = new SplittableRandom(0x5EEDL ^ clusters);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) gaussian(centreRnd);
        }
        float[] c = VectorMath.normalizedRows(centres, clusters, dim);
        float[] out = new float[Math.multiplyExact(n, dim)];
        double sd = spread / Math.sqrt(dim);
        for (int r = 0; r < n; r++) {
            int k = rnd.nextInt(clusters);
            for (int j = 0; j < dim; j++) {
                out[r * dim + j] = (float) (c[k * dim + j] + sd * gaussian(rnd));
            }
            VectorMath.normalizeInto(out, r * dim, out, r * dim, dim);
        }
        return out;
    }

    static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Writes a {@code rows x cols} float32 matrix in the peers' format. */
    public static void writeF32(Path file, float[] values, int rows, int cols) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(rows).putInt(cols);
            for (float v : values) {
                if (!b.hasRemaining()) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                }
                b.putFloat(v);
            }
            out.write(b.array(), 0, b.position());
        }
    }

    /** Writes a {@code rows x cols} int32 matrix in the peers' format. */
    public static void writeI32(Path file, int[] values, int rows, int cols) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(rows).putInt(cols);
            for (int v : values) {
                if (!b.hasRemaining()) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                }
                b.putInt(v);
            }
            out.write(b.array(), 0, b.position());
        }
    }

    /**
     * Where benchmarks write side results (recall, peak memory) that JMH's JSON cannot carry: the
     * directory in {@code MIC_BENCH_OUT}, or null (then they are only printed).
     */
    public static Path sideDir() {
        String d = System.getenv("MIC_BENCH_OUT");
        return d == null || d.isBlank() ? null : Path.of(d);
    }

    /** Writes {@code json} to {@code name} under {@link #sideDir()} when set. */
    public static void writeSide(String name, String json) {
        Path dir = sideDir();
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Peak resident set size of this process in kB (VmHWM), or -1 when unknown. */
    public static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
