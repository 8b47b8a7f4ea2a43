package io.mic.augment;

import static io.mic.augment.TestVectors.USER_VECTORS;
import static io.mic.augment.TestVectors.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.spi.Column;
import io.mic.spi.ConfigException;
import io.mic.spi.Sampler;
import io.mic.spi.SamplerFactory;
import io.mic.spi.Samples;
import io.mic.spi.Vectors;
import io.mic.testkit.SamplerContractTest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KnnPositiveSamplerTest extends SamplerContractTest {

    @Override
    protected SamplerFactory factory() {
        return new KnnPositiveSamplerFactory();
    }

    @Override
    protected Expected expected() {
        return new Expected(3, Samples.Target.ITEM, true, true);
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("per_row", "0"), Map.of("target", "items"));
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("per_row", "3", "k", "10");
    }

    private KnnPositiveSampler knn(Map<String, String> params, Vectors users, Vectors items) {
        KnnPositiveSampler s = (KnnPositiveSampler) create(params);
        s.refresh(users, items, new SplittableRandom(1));
        return s;
    }

    @Test
    void sampleBeforeRefreshIsAnError() {
        Sampler s = create(Map.of());
        assertThatThrownBy(() -> s.sample(new int[] {1}, new int[] {2}, new SplittableRandom(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("knn-positive")
                .hasMessageContaining("refresh() was never called");
    }

    @Test
    void handWorkedInnerProductNeighbours() {
        // inner product, not cosine: the long vector e5 is everybody's best match but e4's
        Vectors items = Vectors.of(new float[] {1, 0, 0.75f, 0.25f, 0, 1, 0.25f, 0.75f, -1, 0, 3, 3}, 2);
        KnnPositiveSampler s = knn(Map.of("k", "3"), USER_VECTORS, items);
        assertThat(s.neighborsOf(0)).containsExactly(5, 1, 3);
        assertThat(s.neighborsOf(2)).containsExactly(5, 3, 1);
        assertThat(s.neighborsOf(4)).containsExactly(2, 3, 1);
        // e0..e3 all score exactly 3 against e5: ties go to the lower id
        assertThat(s.neighborsOf(5)).containsExactly(0, 1, 2);
    }

    @Test
    void matchesBruteForceOnRandomEmbeddingsForAnyThreadCount() {
        // 300 entities span several query blocks (64) and candidate blocks (256)
        int n = 300;
        int dim = 16;
        int k = 10;
        Vectors items = gaussian(n, dim, 77);
        KnnPositiveSampler one = knn(Map.of("k", "10", "threads", "1"), USER_VECTORS, items);
        KnnPositiveSampler four = knn(Map.of("k", "10", "threads", "4"), USER_VECTORS, items);
        float[] x = items.values();
        for (int q = 0; q < n; q++) {
            double[] score = new double[n];
            Integer[] order = new Integer[n];
            for (int c = 0; c < n; c++) {
                order[c] = c;
                for (int d = 0; d < dim; d++) {
                    score[c] += (double) x[q * dim + d] * x[c * dim + d];
                }
            }
            int self = q;
            Arrays.sort(order, (a, b) -> a == self ? 1 : b == self ? -1 : score[a] != score[b] ? Double.compare(score[b], score[a]) : a - b);
            int[] expected = new int[k];
            for (int i = 0; i < k; i++) {
                expected[i] = order[i];
            }
            assertThat(one.neighborsOf(q)).as("entity %d", q).containsExactly(expected);
            assertThat(four.neighborsOf(q)).as("entity %d, 4 threads", q).containsExactly(expected);
        }
    }

    @Test
    void samplesAreDistinctNeighboursChosenUniformly() {
        Vectors items = gaussian(200, 8, 5);
        KnnPositiveSampler s = knn(Map.of("k", "10", "per_row", "3"), USER_VECTORS, items);
        Set<Integer> neighbours = new HashSet<>();
        for (int v : s.neighborsOf(42)) {
            neighbours.add(v);
        }
        int rows = 10_000;
        int[] items42 = new int[rows];
        Arrays.fill(items42, 42);
        Samples out = s.sample(new int[rows], items42, new SplittableRandom(3));
        Map<Integer, Integer> hits = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            Set<Integer> row = new HashSet<>();
            for (int j = 0; j < 3; j++) {
                int id = out.ids()[r * 3 + j];
                assertThat(neighbours).contains(id);
                assertThat(row.add(id)).as("row %d repeats %d", r, id).isTrue();
                hits.merge(id, 1, Integer::sum);
            }
        }
        // each neighbour is in a row with probability 3/10; five standard errors over 10k rows: 0.023
        double tol = 5 * Math.sqrt(0.3 * 0.7 / rows);
        assertThat(hits).hasSize(10);
        hits.values().forEach(h -> assertThat((double) h / rows).isCloseTo(0.3, within(tol)));
    }

    @Test
    void fewerEntitiesThanKPadTheRows() {
        Vectors items = gaussian(4, 3, 9);
        KnnPositiveSampler s = knn(Map.of("k", "10", "per_row", "5"), USER_VECTORS, items);
        assertThat(s.neighborsOf(0)).hasSize(3).doesNotContain(0);
        Samples out = s.sample(new int[] {0, 0}, new int[] {0, Column.MISSING}, new SplittableRandom(1));
        int[] row0 = Arrays.copyOfRange(out.ids(), 0, 5);
        assertThat(Arrays.copyOfRange(row0, 3, 5)).containsOnly(Column.MISSING);
        assertThat(Arrays.copyOfRange(row0, 0, 3)).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(Arrays.copyOfRange(out.ids(), 5, 10)).as("a MISSING row id").containsOnly(Column.MISSING);
    }

    @Test
    void userTargetUsesUserEmbeddings() {
        Vectors users = Vectors.of(new float[] {1, 0, 0.9f, 0, 0, 1, 0, 0.8f}, 2);
        KnnPositiveSampler s = knn(Map.of("k", "1", "target", "user"), users, gaussian(3, 2, 1));
        Samples out = s.sample(new int[] {0, 2}, new int[] {0, 0}, new SplittableRandom(1));
        assertThat(out.target()).isEqualTo(Samples.Target.USER);
        assertThat(out.ids()).containsExactly(1, 3);
    }

    @Test
    void refreshReplacesTheNeighbourTable() {
        KnnPositiveSampler s = knn(Map.of("k", "1"), USER_VECTORS, Vectors.of(new float[] {1, 0, 1, 0, 0, 1}, 2));
        assertThat(s.neighborsOf(0)).containsExactly(1);
        s.refresh(USER_VECTORS, Vectors.of(new float[] {1, 0, 0, 1, 1, 0}, 2), new SplittableRandom(1));
        assertThat(s.neighborsOf(0)).containsExactly(2);
    }

    @Test
    void badEmbeddingsAndIdsAreErrors() {
        Sampler s = create(Map.of());
        assertThatThrownBy(() -> s.refresh(USER_VECTORS, new Vectors(new float[8], 4, 2, 2), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 interests");
        assertThatThrownBy(() -> s.refresh(USER_VECTORS, Vectors.of(new float[] {1, Float.NaN}, 1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item embedding 1").hasMessageContaining("NaN");
        s.refresh(USER_VECTORS, gaussian(5, 2, 1), new SplittableRandom(1));
        assertThatThrownBy(() -> s.sample(new int[] {0}, new int[] {5}, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item id 5").hasMessageContaining("5 refreshed");
        assertThatThrownBy(() -> create(Map.of("k", "0"))).isInstanceOf(ConfigException.class).hasMessageContaining("'k'");
        assertThatThrownBy(() -> create(Map.of("refresh_every", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'refresh_every'");
    }

    @Test
    void refreshEveryIsConfigurable() {
        assertThat(create(Map.of()).refreshEvery()).isEqualTo(100);
        assertThat(create(Map.of("refresh_every", "7")).refreshEvery()).isEqualTo(7);
    }
}
