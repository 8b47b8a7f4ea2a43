package io.mic.retrieval.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.core.data.InteractionMatrix;
import io.mic.retrieval.index.ExactIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.spi.Vectors;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NeighborTableBuilderTest {

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return out;
    }

    /** Brute force: the m best other rows by inner product, ties to the smaller id. */
    static int[] bruteNeighbours(float[] v, int rows, int dim, int row, int m) {
        double[] s = new double[rows];
        for (int r = 0; r < rows; r++) {
            double d = 0;
            for (int i = 0; i < dim; i++) {
                d += (double) v[r * dim + i] * v[row * dim + i];
            }
            s[r] = d;
        }
        return IntStream.range(0, rows).filter(r -> r != row).boxed()
                .sorted(Comparator.<Integer>comparingDouble(r -> -s[r]).thenComparingInt(r -> r)).limit(m)
                .mapToInt(Integer::intValue).toArray();
    }

    static InteractionMatrix interactions() {
        // user 0: items 5, 3, 5, 7 in time order -> recent (most recent first, distinct) 7, 5, 3
        // user 1: nothing; user 2: item 1 only
        int[] users = {0, 0, 2, 0, 0};
        int[] items = {5, 3, 1, 5, 7};
        long[] time = {10, 20, 5, 30, 40};
        return InteractionMatrix.fromColumns(3, 8, users, items, null, time, null);
    }

    @Test
    void neighbourTablesMatchBruteForceAndExcludeSelf() {
        int users = 3;
        int items = 8;
        int dim = 5;
        float[] uv = random(users * dim, 1);
        float[] iv = random(items * dim, 2);
        NeighborTables t = NeighborTableBuilder.build(Vectors.of(uv, dim), Vectors.of(iv, dim), interactions(),
                () -> new ExactIndex(Similarity.INNER_PRODUCT, 1, 16), "exact/1", 42, new NeighborTableBuilder.Params(5, 4, 3, 2));
        assertThat(t.version()).isEqualTo(42);
        assertThat(t.userUser().width()).isEqualTo(5);
        for (int u = 0; u < users; u++) {
            HeapTable uu = (HeapTable) t.userUser();
            assertThat(uu.idsOf(u)).containsExactly(bruteNeighbours(uv, users, dim, u, 5)); // only 2 others exist
            assertThat(uu.idsOf(u)).doesNotContain(u);
        }
        for (int i = 0; i < items; i++) {
            HeapTable ii = (HeapTable) t.itemItem();
            assertThat(ii.idsOf(i)).containsExactly(bruteNeighbours(iv, items, dim, i, 4));
            float[] sc = ii.scoresOf(i);
            for (int j = 1; j < sc.length; j++) {
                assertThat(sc[j]).isLessThanOrEqualTo(sc[j - 1]);
            }
        }
        HeapTable recent = (HeapTable) t.recent();
        assertThat(recent.idsOf(0)).containsExactly(7, 5, 3);
        assertThat(recent.idsOf(1)).isEmpty();
        assertThat(recent.idsOf(2)).containsExactly(1);
        assertThat(recent.scored()).isFalse();
    }

    @Test
    void parallelBuildEqualsSerialBuild() {
        int n = 3000;
        int dim = 8;
        float[] v = random(n * dim, 3);
        ExactIndex idx = new ExactIndex(Similarity.COSINE, 1, 64);
        idx.build(Vectors.of(v, dim));
        HeapTable serial = NeighborTableBuilder.similar(Vectors.of(v, dim), idx, 7, 1);
        HeapTable parallel = NeighborTableBuilder.similar(Vectors.of(v, dim), idx, 7, 3);
        for (int r = 0; r < n; r += 97) {
            assertThat(parallel.idsOf(r)).containsExactly(serial.idsOf(r));
            assertThat(parallel.scoresOf(r)).containsExactly(serial.scoresOf(r));
        }
    }

    @Test
    void multiInterestUsersAreMeanPooled() {
        // two users, two interests each, dim 2
        Vectors v = new Vectors(new float[] {1, 0, 0, 1, 2, 2, 0, 0}, 4, 2, 2);
        Vectors pooled = NeighborTableBuilder.meanPool(v);
        assertThat(pooled.values()).containsExactly(0.5f, 0.5f, 1f, 1f);
        assertThat(pooled.rows()).isEqualTo(2);
    }

    @Test
    void mismatchedShapesAreRejected() {
        float[] iv = random(8 * 4, 2);
        assertThatThrownBy(() -> NeighborTableBuilder.build(Vectors.of(random(4 * 4, 1), 4), Vectors.of(iv, 4), interactions(),
                () -> new ExactIndex(Similarity.INNER_PRODUCT, 1, 16), "exact/1", 1, new NeighborTableBuilder.Params(2, 2, 2, 1)))
                .hasMessageContaining("do not match");
    }
}
