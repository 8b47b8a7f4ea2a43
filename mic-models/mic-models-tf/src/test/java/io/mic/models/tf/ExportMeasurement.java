package io.mic.models.tf;

import io.mic.models.tf.export.ExportSignature;
import io.mic.models.tf.export.ExportedModel;
import io.mic.models.tf.export.SavedModelExporter;
import io.mic.models.tf.ops.Layers;
import io.mic.models.tf.tables.EmbeddingTable;
import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.data.IdMap;
import io.mic.core.io.EmbeddingExport;
import io.mic.core.io.MappedVectors;
import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export time, size and memory for a large table: not a unit test (it takes a while and needs
 * memory), so it runs only when asked:
 *
 * <pre>
 * ./mvnw -B -q -pl mic-models/mic-models-tf -am test -Dtest=ExportMeasurement -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dmic.export.measure=true -Dmic.export.rows=1000000 \
 *     -Dsurefire.argLine="-Xmx4g -Dorg.bytedeco.javacpp.maxPhysicalBytes=0"
 * </pre>
 *
 * Results are logged (target/surefire-reports/*ExportMeasurement-output.txt) and recorded in
 * docs/export.md.
 */
@EnabledIfSystemProperty(named = "mic.export.measure", matches = "true")
class ExportMeasurement {
    private static final Logger LOG = LoggerFactory.getLogger(ExportMeasurement.class);
    static final int D = 64;

    @Test
    void measure(@TempDir Path dir) throws IOException {
        int rows = Integer.getInteger("mic.export.rows", 1_000_000);
        long t = System.nanoTime();
        try (org.tensorflow.Graph g = new org.tensorflow.Graph(); org.tensorflow.Session s = new org.tensorflow.Session(g)) {
            LOG.info("TensorFlow {} native start-up: {} ms (not counted below)", org.tensorflow.TensorFlow.version(), ms(t));
        }
        t = System.nanoTime();
        EmbeddingTable users = EmbeddingTable.create("users", rows, D, Optimizer.adagrad(), Initializer.embedding(D), 1);
        LOG.info("table {} x {} ({} MB) created in {} ms; peak RSS {} MB", rows, D, rows * (long) D * 4 >> 20, ms(t), peakRssMb());

        Path saved = dir.resolve("saved");
        t = System.nanoTime();
        SavedModelExporter.create("measure", "1").export(saved, List.of(ExportSignature.of("serving_user", "user_vector",
                gb -> Layers.l2Normalize(gb.tf(), gb.table(users).lookup("user_id").values(), 1e-6))));
        LOG.info("SavedModel export: {} ms, {} MB on disk; peak RSS {} MB", ms(t), size(saved) >> 20, peakRssMb());

        t = System.nanoTime();
        ExportedModel.verify(saved, true);
        LOG.info("SavedModel manifest verify with SHA-256: {} ms", ms(t));
        t = System.nanoTime();
        try (ExportedModel m = ExportedModel.load(saved, false)) {
            LOG.info("SavedModel load (sizes checked, no hashing): {} ms; peak RSS {} MB", ms(t), peakRssMb());
            int b = 1024;
            int[] ids = new int[b];
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < b; i++) {
                ids[i] = i == 0 ? rows - 1 : r.nextInt(rows);
            }
            t = System.nanoTime();
            Vectors v = null;
            for (int i = 0; i < 20; i++) {
                v = m.call("serving_user").ints("user_id", ids, b).vectors("user_vector");
            }
            LOG.info("serving_user, batch {}: {} us per call (mean of 20, after load)", b, (System.nanoTime() - t) / 20_000);
            float[] row = new float[D];
            users.read(ids[0], row, 0);
            double n = 0;
            for (float x : row) {
                n += x * x;
            }
            assertThat(v.values()[0]).isCloseTo((float) (row[0] / Math.sqrt(n)), org.assertj.core.data.Offset.offset(1e-5f));
        }

        Path emb = dir.resolve("emb");
        t = System.nanoTime();
        IdMap ids = IdMap.of(new AbstractList<String>() {
            @Override
            public String get(int i) {
                return "u" + i;
            }

            @Override
            public int size() {
                return rows;
            }
        });
        LOG.info("id map of {} externals: {} ms", rows, ms(t));
        t = System.nanoTime();
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(emb, "measure", "1")) {
            try (EmbeddingExport.SetWriter s = w.begin("users", ids, D, 1)) {
                int chunk = 65536;
                int[] idx = new int[chunk];
                float[] buf = new float[chunk * D];
                for (int from = 0; from < rows; from += chunk) {
                    int k = Math.min(chunk, rows - from);
                    for (int i = 0; i < k; i++) {
                        idx[i] = from + i;
                    }
                    users.gather(idx, 0, k, buf, 0);
                    s.append(buf, 0, k);
                }
            }
            long written = System.nanoTime();
            w.commit();
            LOG.info("embedding export: rows written in {} ms, commit (SHA-256 + fsync + rename) {} ms, {} MB on disk",
                    (written - t) / 1_000_000, ms(written), size(emb) >> 20);
        }
        t = System.nanoTime();
        EmbeddingExport e = EmbeddingExport.open(emb, true);
        LOG.info("embedding open with SHA-256: {} ms", ms(t));
        t = System.nanoTime();
        e = EmbeddingExport.open(emb, false);
        LOG.info("embedding open without hashing: {} ms", ms(t));
        t = System.nanoTime();
        double sum = 0;
        try (MappedVectors mv = e.map("users")) {
            float[] q = new float[D];
            q[0] = 1f;
            for (long r = 0; r < mv.rows(); r++) {
                sum += mv.dot(r, q, 0);
            }
        }
        LOG.info("mapped full scan (dot with a query over every row): {} ms (sum {})", ms(t), sum);
        LOG.info("peak RSS at the end {} MB", peakRssMb());
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }
}
