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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansNegativeSamplerTest extends SamplerContractTest {
    private static final int PLANTED = 8;
    private static final int PER_CLUSTER = 100;
    private static final int DIM = 16;

    @Override
    protected SamplerFactory factory() {
        return new KMeansNegativeSamplerFactory();
    }

    @Override
    protected Expected expected() {
        return new Expected(4, Samples.Target.ITEM, false, true);
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("per_row", "0"), Map.of("target", "items"));
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("clusters", "8", "per_row", "4");
    }

    /**
     * Eight Gaussian clusters, centre c at 50·e_c, noise σ = 0.1, points interleaved (point i is in
     * cluster i % 8). Squared distance between centres is 5000, within a cluster about 0.32, so a
     * D² seed lands in an already covered cluster with probability below 700·0.32/(100·5000) ≈ 5e-4
     * per pick: the planted clusters are found for essentially every seed.
     */
    private static Vectors planted(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[PLANTED * PER_CLUSTER * DIM];
        for (int i = 0; i < PLANTED * PER_CLUSTER; i++) {
            for (int d = 0; d < DIM; d++) {
                v[i * DIM + d] = (float) ((d == i % PLANTED ? 50 : 0) + 0.1 * rnd.nextGaussian());
            }
        }
        return Vectors.of(v, DIM);
    }

    private KMeansNegativeSampler refreshed(Map<String, String> params, Vectors items, long seed) {
        KMeansNegativeSampler s = (KMeansNegativeSampler) create(params);
        s.refresh(USER_VECTORS, items, new SplittableRandom(seed));
        return s;
    }

    /** Σ over found clusters of the largest planted share, over n: 1 when every cluster is pure. */
    private static double purity(int[] assignment, int clusters) {
        int[][] table = new int[clusters][PLANTED];
        for (int i = 0; i < assignment.length; i++) {
            table[assignment[i]][i % PLANTED]++;
        }
        int sum = 0;
        for (int[] row : table) {
            int max = 0;
            for (int c : row) {
                max = Math.max(max, c);
            }
            sum += max;
        }
        return (double) sum / assignment.length;
    }

    @Test
    void sampleBeforeRefreshIsAnError() {
        Sampler s = create(Map.of());
        assertThatThrownBy(() -> s.sample(new int[] {1}, new int[] {2}, new SplittableRandom(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kmeans-negative")
                .hasMessageContaining("refresh() was never called");
    }

    @Test
    void recoversPlantedClusters() {
        Vectors items = planted(3);
        for (long seed = 1; seed <= 5; seed++) {
            int[] a = refreshed(Map.of("clusters", "8"), items, seed).assignment();
            assertThat(purity(a, 8)).as("refresh seed %d", seed).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void negativesNeverComeFromTheRowsOwnCluster() {
        KMeansNegativeSampler s = refreshed(Map.of("clusters", "8", "per_row", "4"), planted(4), 2);
        int[] a = s.assignment();
        int rows = 4_000;
        int[] items = new int[rows];
        SplittableRandom rnd = new SplittableRandom(6);
        for (int r = 0; r < rows; r++) {
            items[r] = rnd.nextInt(a.length);
        }
        Samples out = s.sample(new int[rows], items, new SplittableRandom(7));
        Set<Integer> clustersHitFromCluster0 = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 4; j++) {
                int neg = out.ids()[r * 4 + j];
                assertThat(a[neg]).as("row %d negative %d", r, neg).isNotEqualTo(a[items[r]]);
                if (a[items[r]] == a[0]) {
                    clustersHitFromCluster0.add(a[neg]);
                }
            }
        }
        assertThat(clustersHitFromCluster0).as("every other cluster serves negatives").hasSize(7);
    }

    @Test
    void lloydEndsWithCentresAtTheMeansAndPointsAtTheirNearestCentre() {
        // loose blobs, so the iterations have work to do; checked against means and distances computed here
        Vectors v = gaussian(600, 5, 12);
        float[] x = v.values();
        try (Parallel parallel = new Parallel(3, "test")) {
            KMeansPlusPlus.Result r = KMeansPlusPlus.fit(x, 600, 5, 6, 200, new SplittableRandom(3), parallel);
            assertThat(r.iterations()).as("converged before the cap").isLessThan(200);
            double[][] mean = new double[6][5];
            int[] count = new int[6];
            for (int i = 0; i < 600; i++) {
                count[r.assignment()[i]]++;
                for (int d = 0; d < 5; d++) {
                    mean[r.assignment()[i]][d] += x[i * 5 + d];
                }
            }
            for (int c = 0; c < 6; c++) {
                assertThat(count[c]).isPositive();
                for (int d = 0; d < 5; d++) {
                    assertThat((double) r.centroids()[c * 5 + d]).isCloseTo(mean[c][d] / count[c], within(1e-5));
                }
            }
            for (int i = 0; i < 600; i++) {
                double own = KMeansPlusPlus.distance2(x, i * 5, r.centroids(), r.assignment()[i] * 5, 5);
                for (int c = 0; c < 6; c++) {
                    assertThat(own).isLessThanOrEqualTo(KMeansPlusPlus.distance2(x, i * 5, r.centroids(), c * 5, 5));
                }
            }
        }
    }

    @Test
    void d2SeedingNeverPicksACoincidingPointWhileAnotherIsLeft() {
        // three points at 0, one at 10, two centres, no Lloyd iteration: uniform seeding would put
        // both centres at 0 half the time; D² seeding always separates 10 from the zeros
        float[] x = {0, 0, 0, 10};
        try (Parallel parallel = new Parallel(1, "test")) {
            for (long seed = 0; seed < 50; seed++) {
                int[] a = KMeansPlusPlus.fit(x, 4, 1, 2, 0, new SplittableRandom(seed), parallel).assignment();
                assertThat(a[0]).isEqualTo(a[1]).isEqualTo(a[2]).isNotEqualTo(a[3]);
            }
        }
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        Vectors items = gaussian(3000, 8, 4);
        int[] one = refreshed(Map.of("clusters", "16", "threads", "1"), items, 9).assignment();
        int[] four = refreshed(Map.of("clusters", "16", "threads", "4"), items, 9).assignment();
        assertThat(four).containsExactly(one);
    }

    @Test
    void fewerEntitiesThanClustersGiveOneClusterEach() {
        KMeansNegativeSampler s = refreshed(Map.of("clusters", "16", "per_row", "6"), gaussian(3, 4, 2), 1);
        assertThat(new HashSet<>(java.util.Arrays.asList(java.util.Arrays.stream(s.assignment()).boxed().toArray(Integer[]::new))))
                .hasSize(3);
        Samples out = s.sample(new int[] {0}, new int[] {1}, new SplittableRandom(1));
        assertThat(out.ids()).containsAnyOf(0, 2).doesNotContain(1, Column.MISSING);
    }

    @Test
    void identicalEmbeddingsLeaveNoOtherClusterSoSlotsArePadded() {
        KMeansNegativeSampler s = refreshed(Map.of("clusters", "4"), Vectors.of(new float[20], 2), 1);
        assertThat(s.assignment()).containsOnly(0);
        assertThat(s.sample(new int[] {0, 1}, new int[] {3, Column.MISSING}, new SplittableRandom(1)).ids())
                .containsOnly(Column.MISSING);
    }

    @Test
    void userTargetClustersUsers() {
        Vectors users = Vectors.of(new float[] {0, 0, 0, 0.1f, 10, 10, 10, 10.1f}, 2);
        KMeansNegativeSampler s = (KMeansNegativeSampler) create(Map.of("clusters", "2", "target", "user", "per_row", "2"));
        s.refresh(users, gaussian(3, 2, 1), new SplittableRandom(1));
        Samples out = s.sample(new int[] {0, 3}, new int[] {0, 0}, new SplittableRandom(1));
        assertThat(out.target()).isEqualTo(Samples.Target.USER);
        assertThat(java.util.Arrays.copyOfRange(out.ids(), 0, 2)).containsAnyOf(2, 3).doesNotContain(0, 1);
        assertThat(java.util.Arrays.copyOfRange(out.ids(), 2, 4)).containsAnyOf(0, 1).doesNotContain(2, 3);
    }

    @Test
    void badParametersAreErrors() {
        assertThatThrownBy(() -> create(Map.of("clusters", "1"))).isInstanceOf(ConfigException.class).hasMessageContaining("'clusters'");
        assertThatThrownBy(() -> create(Map.of("iterations", "-1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'iterations'");
    }
}
