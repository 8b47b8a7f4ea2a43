package io.mic.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Checks the loaders against the published statistics of the real datasets in the workspace's
 * {@code shared/data} (never copied into the repository). Surefire runs in the module directory,
 * so the data lies two levels up; the tests are skipped where it is absent.
 */
class SharedDataTest {
    private static final Path DATA = Path.of("../../shared/data");

    private static Path dataset(String name) {
        Path p = DATA.resolve(name);
        assumeTrue(Files.isDirectory(p), "shared data not present: " + p.toAbsolutePath());
        return p;
    }

    @Test
    void ml100kHasThePublishedCounts() {
        Dataset d = MovieLensLoader.load100k(dataset("ml-100k"));
        assertThat(d.numInteractions()).isEqualTo(100_000);
        assertThat(d.numUsers()).isEqualTo(943);
        assertThat(d.numItems()).isEqualTo(1_682);
        assertThat(d.hasTimestamps()).isTrue();
        assertThat(ratingHistogram(d)).containsExactly(6_110, 11_370, 27_145, 34_174, 21_201);
        assertThat(d.itemField("genres").orElseThrow().spec().cardinality()).isEqualTo(19);
        assertThat(d.userField("age").orElseThrow().spec().cardinality()).isEqualTo(7);
    }

    @Test
    void ml1mHasThePublishedCountsAndNoTime() {
        Dataset d = MovieLensLoader.load1m(dataset("ml-1m"));
        assertThat(d.numInteractions()).isEqualTo(1_000_209);
        assertThat(d.numUsers()).isEqualTo(6_040);
        assertThat(d.numItems()).isEqualTo(3_706);
        assertThat(ratingHistogram(d)).containsExactly(56_174, 107_557, 261_197, 348_971, 226_310);
        assertThat(d.itemField("genres").orElseThrow().spec().cardinality()).isEqualTo(18);
        assertThat(d.userField("occupation").orElseThrow().spec().cardinality()).isEqualTo(21);
        if (!Files.exists(DATA.resolve("ml-1m/ratings.dat")) && !Files.exists(DATA.resolve("ml-1m/ratings.dat.gz"))) {
            assertThat(d.hasTimestamps()).isFalse();
            assertThatThrownBy(() -> Splitter.leaveLastOut(d)).hasMessageContaining("dataset 'ml-1m' has no timestamps (ratings_uir.dat)");
            DataSplit s = Splitter.randomRatio(d, new double[] {0.8, 0.1, 0.1}, 2020);
            assertThat(s.train().nnz() + s.valid().nnz() + s.test().nnz()).isEqualTo(1_000_209);
        }
    }

    @Test
    void scientificHasThePublishedCounts() {
        Dataset d = UniSRecLoader.load(dataset("amazon-scientific-unisrec"), null);
        assertThat(d.name()).isEqualTo("Scientific");
        assertThat(d.numUsers()).isEqualTo(8_442);
        assertThat(d.numItems()).isEqualTo(4_385);
        // the UniSRec paper's count; the test rows alone (50-item windows) would give 59,384
        assertThat(d.numInteractions()).isEqualTo(59_427);
        DataSplit s = Splitter.given(d);
        assertThat(s.test().nnz()).isEqualTo(8_442);
        assertThat(s.valid().nnz()).isEqualTo(8_442);
        assertThat(s.test().activeUsers()).isEqualTo(8_442);
        assertThat(((FieldData.Text) d.itemField("text").orElseThrow()).values()[0]).isNotEmpty();
    }

    private static int[] ratingHistogram(Dataset d) {
        int[] h = new int[5];
        for (float r : d.ratings()) {
            h[(int) r - 1]++;
        }
        return h;
    }
}
