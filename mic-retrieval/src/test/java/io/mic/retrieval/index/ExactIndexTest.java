package io.mic.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.spi.Vectors;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactIndexTest {

    @Test
    void matchesBruteForceForInnerProductAndCosine() {
        int rows = 1000;
        int dim = 13; // not a multiple of the 4-way unroll
        float[] data = BruteForce.randomGaussian(rows * dim, 1);
        float[] queries = BruteForce.randomGaussian(20 * dim, 2);
        for (Similarity metric : Similarity.values()) {
            boolean cosine = metric == Similarity.COSINE;
            ExactIndex idx = new ExactIndex(metric, 1, 64);
            idx.build(Vectors.of(data, dim));
            int[] ids = new int[25];
            float[] scores = new float[25];
            for (int q = 0; q < 20; q++) {
                int n = idx.search(queries, q * dim, 25, ids, scores);
                assertThat(n).isEqualTo(25);
                // float vs double accumulation could swap near-equal neighbours; random Gaussian
                // data has no such near ties at this size, so the order must match exactly
                assertThat(ids).containsExactly(BruteForce.topK(data, rows, dim, queries, q * dim, 25, cosine));
                for (int j = 0; j < n; j++) {
                    assertThat((double) scores[j]).isCloseTo(BruteForce.score(data, dim, ids[j], queries, q * dim, cosine),
                            within(1e-4));
                }
            }
        }
    }

    @Test
    void tiledScanSplitOverThreadsMatchesBruteForceWithAPartialLastTile(@TempDir Path dir) throws IOException {
        int rows = 40_000; // 156.25 tiles of 256 rows; two tasks of 16,384+ rows each
        int dim = 7;
        float[] data = BruteForce.randomGaussian(rows * dim, 3);
        float[] queries = BruteForce.randomGaussian(5 * dim, 4);
        ExactIndex one = new ExactIndex(Similarity.INNER_PRODUCT, 1, 256);
        one.build(Vectors.of(data, dim));
        ExactIndex two = new ExactIndex(Similarity.INNER_PRODUCT, 2, 256);
        two.build(Vectors.of(data, dim));
        one.save(dir);
        ExactIndex loaded = ExactIndex.load(dir, 1, 100); // another tile size than the saved index
        int[] a = new int[30];
        float[] as = new float[30];
        int[] b = new int[30];
        float[] bs = new float[30];
        int[] c = new int[30];
        float[] cs = new float[30];
        for (int q = 0; q < 5; q++) {
            one.search(queries, q * dim, 30, a, as);
            two.search(queries, q * dim, 30, b, bs);
            loaded.search(queries, q * dim, 30, c, cs);
            assertThat(a).containsExactly(BruteForce.topK(data, rows, dim, queries, q * dim, 30, false));
            assertThat(b).containsExactly(a);
            assertThat(bs).containsExactly(as);
            assertThat(c).containsExactly(a);
            assertThat(cs).containsExactly(as);
            for (int j = 0; j < 30; j++) {
                // the search's score and the single-row score and VectorMath.dot agree bit for bit
                assertThat(one.score(queries, q * dim, a[j])).isEqualTo(as[j]);
                assertThat(VectorMath.dot(data, a[j] * dim, queries, q * dim, dim)).isEqualTo(as[j]);
            }
        }
    }

    @Test
    void tiesRankSmallerIdFirstAndKBeyondSizeReturnsAll() {
        // rows 0..5: duplicates of two vectors, so scores tie in pairs and triples
        float[] data = {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0.5f, 0.5f};
        ExactIndex idx = new ExactIndex(Similarity.INNER_PRODUCT, 1, 4);
        idx.build(Vectors.of(data, 2));
        int[] ids = new int[10];
        float[] scores = new float[10];
        int n = idx.search(new float[] {1, 0}, 0, 10, ids, scores);
        assertThat(n).isEqualTo(6);
        assertThat(BruteForce.prefix(ids, n)).containsExactly(0, 2, 4, 5, 1, 3);
        assertThat(scores[0]).isEqualTo(1f);
        assertThat(scores[3]).isEqualTo(0.5f);
        assertThat(idx.search(new float[] {1, 0}, 0, 0, ids, scores)).isZero();
    }

    @Test
    void cosineOfZeroQueryIsZeroNotNaN() {
        ExactIndex idx = new ExactIndex(Similarity.COSINE, 1, 8);
        idx.build(Vectors.of(new float[] {3, 4, 0, 2}, 2));
        int[] ids = new int[2];
        float[] scores = new float[2];
        idx.search(new float[] {0, 0}, 0, 2, ids, scores);
        assertThat(scores).containsExactly(0f, 0f);
        idx.search(new float[] {0, 10}, 0, 2, ids, scores);
        assertThat(ids).containsExactly(1, 0);
        assertThat(scores[0]).isEqualTo(1f);
        assertThat(scores[1]).isCloseTo(0.8f, within(1e-6f));
    }

    @Test
    void multiThreadedSearchEqualsSingleThreaded() {
        int rows = 40_000; // enough rows for the split to kick in (16k per task)
        int dim = 8;
        float[] data = BruteForce.randomGaussian(rows * dim, 3);
        ExactIndex one = new ExactIndex(Similarity.INNER_PRODUCT, 1, 256);
        ExactIndex three = new ExactIndex(Similarity.INNER_PRODUCT, 3, 256);
        one.build(Vectors.of(data, dim));
        three.build(Vectors.of(data, dim));
        float[] q = BruteForce.randomGaussian(10 * dim, 4);
        int[] a = new int[50];
        int[] b = new int[50];
        float[] sa = new float[50];
        float[] sb = new float[50];
        for (int i = 0; i < 10; i++) {
            one.search(q, i * dim, 50, a, sa);
            three.search(q, i * dim, 50, b, sb);
            assertThat(b).containsExactly(a);
            assertThat(sb).containsExactly(sa);
        }
    }

    @Test
    void saveLoadRoundTripAndCorruptionNamesTheFile(@TempDir Path dir) throws IOException {
        int rows = 300;
        int dim = 6;
        float[] data = BruteForce.randomGaussian(rows * dim, 5);
        ExactIndex idx = new ExactIndex(Similarity.COSINE, 1, 32);
        idx.build(Vectors.of(data, dim));
        idx.save(dir);
        ExactIndex back = ExactIndex.load(dir, 1, 32);
        assertThat(back.size()).isEqualTo(rows);
        assertThat(back.dim()).isEqualTo(dim);
        assertThat(back.metric()).isEqualTo(Similarity.COSINE);
        float[] q = BruteForce.randomGaussian(dim, 6);
        assertThat(back.search(q, 10).ids()).containsExactly(idx.search(q, 10).ids());
        assertThat(back.search(q, 10).scores()).containsExactly(idx.search(q, 10).scores());

        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("vectors.f32").toFile(), "rw")) {
            f.seek(17);
            f.write(0x7f);
        }
        assertThatThrownBy(() -> ExactIndex.load(dir, 1, 32)).isInstanceOf(IOException.class)
                .hasMessageContaining("vectors.f32").hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> HnswIndex.load(dir, HnswIndexFactoryDefaults.params()))
                .hasMessageContaining("saved by plugin 'exact/1'");
    }

    @Test
    void singleThreadedSearchAllocatesNothing() {
        int dim = 16;
        ExactIndex idx = new ExactIndex(Similarity.COSINE, 1, 128);
        idx.build(Vectors.of(BruteForce.randomGaussian(5000 * dim, 8), dim));
        float[] q = BruteForce.randomGaussian(dim, 9);
        int[] ids = new int[100];
        float[] scores = new float[100];
        for (int i = 0; i < 300; i++) {
            idx.search(q, 0, 100, ids, scores); // warm up: JIT and thread-local scratch
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 200; i++) {
            idx.search(q, 0, 100, ids, scores);
        }
        long perSearch = (mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 200;
        assertThat(perSearch).as("bytes allocated per search").isLessThan(16);
    }

    @Test
    void searchBeforeBuildFails() {
        assertThatThrownBy(() -> new ExactIndex(Similarity.INNER_PRODUCT, 1, 8).search(new float[2], 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before build");
    }
}
