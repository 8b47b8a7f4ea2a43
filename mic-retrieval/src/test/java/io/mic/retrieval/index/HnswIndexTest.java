package io.mic.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.spi.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnswIndexTest {
    private static final int ROWS = 10_000;
    private static final int DIM = 32;
    private static final int QUERIES = 200;
    private static float[] data;
    private static float[] queries;
    private static HnswIndex index;
    private static ExactIndex exact;

    @BeforeAll
    static void build() {
        float[] all = ClusteredData.generate(ROWS + QUERIES, DIM, 40, 1.0, 11);
        data = java.util.Arrays.copyOf(all, ROWS * DIM);
        queries = java.util.Arrays.copyOfRange(all, ROWS * DIM, all.length);
        index = new HnswIndex(HnswIndexFactoryDefaults.params());
        index.build(Vectors.of(data, DIM));
        exact = new ExactIndex(Similarity.INNER_PRODUCT, 1, 256);
        exact.build(Vectors.of(data, DIM));
    }

    static double recallAt10(HnswIndex idx) {
        int[] truth = new int[10];
        int[] got = new int[10];
        float[] s = new float[10];
        long hits = 0;
        for (int q = 0; q < QUERIES; q++) {
            exact.search(queries, q * DIM, 10, truth, s);
            int n = idx.search(queries, q * DIM, 10, got, s);
            assertThat(n).isEqualTo(10);
            hits += AnnComparison.overlap(truth, got);
        }
        return hits / (double) (QUERIES * 10);
    }

    @Test
    void theIndexKeepsItsOwnCopyOfTheRows() {
        // the build reads the caller's rows in place (no defensive copy); the index must still own what it searches
        float[] mine = java.util.Arrays.copyOf(data, 2_000 * DIM);
        HnswIndex idx = new HnswIndex(HnswIndexFactoryDefaults.params());
        idx.build(Vectors.of(mine, DIM));
        int[] before = new int[10];
        float[] beforeScores = new float[10];
        idx.search(queries, 0, 10, before, beforeScores);
        java.util.Arrays.fill(mine, 0f);
        int[] after = new int[10];
        float[] afterScores = new float[10];
        idx.search(queries, 0, 10, after, afterScores);
        assertThat(after).isEqualTo(before);
        assertThat(afterScores).isEqualTo(beforeScores);
        assertThat(afterScores[0]).isNotZero();
    }

    @Test
    void recallAt10AtDefaultParametersIsAtLeast095() {
        // the acceptance bar of the issue; this data gives 0.998 (docs/ann-comparison.md has the 100k sweep)
        assertThat(recallAt10(index)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void scoresAreExactInnerProductsBestFirst() {
        int[] ids = new int[20];
        float[] scores = new float[20];
        int n = index.search(queries, 0, 20, ids, scores);
        for (int j = 0; j < n; j++) {
            assertThat(scores[j]).isEqualTo(exact.score(queries, 0, ids[j]));
            if (j > 0) {
                assertThat(scores[j]).isLessThanOrEqualTo(scores[j - 1]);
            }
        }
    }

    @Test
    void kLargerThanEfAndSizeAreHandled() {
        HnswIndex small = new HnswIndex(HnswIndexFactoryDefaults.params());
        small.build(Vectors.of(java.util.Arrays.copyOf(data, 50 * DIM), DIM));
        assertThat(small.search(queries, 100).size()).isEqualTo(50);
        assertThat(index.search(queries, 200).size()).isEqualTo(200);
    }

    @Test
    void cosineOnUnnormalisedVectorsMatchesExactCosine() {
        float[] scaled = data.clone();
        for (int r = 0; r < 2000; r++) {
            float f = 1 + (r % 7);
            for (int i = 0; i < DIM; i++) {
                scaled[r * DIM + i] *= f;
            }
        }
        Vectors v = Vectors.of(java.util.Arrays.copyOf(scaled, 2000 * DIM), DIM);
        HnswIndex h = new HnswIndex(HnswIndexFactoryDefaults.params(Similarity.COSINE));
        h.build(v);
        ExactIndex e = new ExactIndex(Similarity.COSINE, 1, 64);
        e.build(v);
        int[] a = new int[10];
        int[] b = new int[10];
        float[] s = new float[10];
        float[] t = new float[10];
        long hits = 0;
        for (int q = 0; q < 50; q++) {
            e.search(queries, q * DIM, 10, a, s);
            h.search(queries, q * DIM, 10, b, t);
            hits += AnnComparison.overlap(a, b);
            assertThat(t[0]).isLessThanOrEqualTo(1.0001f);
        }
        assertThat(hits / 500.0).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void saveLoadRoundTripGivesTheSameAnswers(@TempDir Path dir) throws IOException {
        index.save(dir);
        assertThat(dir.resolve("graph.bin")).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("graph.bin", "vectors.f32",
                    "index.pb");
        }
        HnswIndex back = HnswIndex.load(dir, HnswIndexFactoryDefaults.params());
        assertThat(back.size()).isEqualTo(ROWS);
        assertThat(back.dim()).isEqualTo(DIM);
        for (int q = 0; q < 20; q++) {
            float[] one = java.util.Arrays.copyOfRange(queries, q * DIM, (q + 1) * DIM);
            assertThat(back.search(one, 10).ids()).containsExactly(index.search(one, 10).ids());
        }
        assertThat(recallAt10(back)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void truncatedGraphFileIsReportedByName(@TempDir Path dir) throws IOException {
        HnswIndex small = new HnswIndex(HnswIndexFactoryDefaults.params());
        small.build(Vectors.of(java.util.Arrays.copyOf(data, 100 * DIM), DIM));
        small.save(dir);
        Path g = dir.resolve("graph.bin");
        byte[] bytes = Files.readAllBytes(g);
        Files.write(g, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> HnswIndex.load(dir, HnswIndexFactoryDefaults.params())).isInstanceOf(IOException.class)
                .hasMessageContaining("graph.bin");
    }

    @Test
    void eachInnerProductSearchesTheSameBuiltGraph() {
        // surefire resolves jdk.incubator.vector for this module (pom.xml): both kernels are available
        assertThat(HnswIndex.innerProducts()).hasSize(2).first().isEqualTo("scalar");
        assertThat(HnswIndex.innerProducts().get(1)).startsWith("simd-");
        assertThat(index.innerProductName()).isEqualTo(HnswIndex.innerProduct());
        double recall = recallAt10(index);
        for (String name : HnswIndex.innerProducts()) {
            HnswIndex view = index.withInnerProduct(name);
            assertThat(view.innerProductName()).isEqualTo(name);
            assertThat(view.withEf(17).innerProductName()).as("withEf keeps the kernel").isEqualTo(name);
            assertThat(view.withEf(17).params().ef()).isEqualTo(17);
            assertThat(view.size()).isEqualTo(ROWS);
            // same graph, same beam: only last-bit differences of the ranking arithmetic can change a walk
            assertThat(recallAt10(view)).as(name).isCloseTo(recall, org.assertj.core.api.Assertions.within(0.005));
            int[] ids = new int[10];
            float[] scores = new float[10];
            int n = view.search(queries, DIM, 10, ids, scores);
            for (int j = 0; j < n; j++) {
                assertThat(scores[j]).as("scores stay exact").isEqualTo(exact.score(queries, DIM, ids[j]));
            }
        }
        assertThat(index.innerProductName()).as("the original is unchanged").isEqualTo(HnswIndex.innerProduct());
        assertThatThrownBy(() -> index.withInnerProduct("avx-9000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("avx-9000").hasMessageContaining("scalar");
        assertThatThrownBy(() -> new HnswIndex(HnswIndexFactoryDefaults.params()).withInnerProduct("scalar"))
                .isInstanceOf(IllegalStateException.class);
    }
}
