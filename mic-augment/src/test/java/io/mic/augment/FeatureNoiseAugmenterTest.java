package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.Column;
import io.mic.spi.ConfigException;
import io.mic.spi.FeatureBatch;
import io.mic.testkit.AugmenterContractTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureNoiseAugmenterTest extends AugmenterContractTest {

    @Override
    protected AugmenterFactory factory() {
        return new FeatureNoiseAugmenterFactory();
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("sigma", "-0.1"), Map.of("sigma", "loud"));
    }

    @Test
    void noiseHasMeanZeroAndStdSigma() {
        int rows = 10_000;
        FeatureBatch in = Batches.users(rows, 21);
        double sigma = 0.5;
        FeatureBatch out = create(Map.of("sigma", Double.toString(sigma))).augment(in, new SplittableRandom(2));
        float[] a = in.dense("title").values();
        float[] b = out.dense("title").values();
        int n = a.length;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) b[i] - a[i];
            sum += d;
            sq += d * d;
        }
        double mean = sum / n;
        double std = Math.sqrt(sq / n - mean * mean);
        // five standard errors: sigma/sqrt(n) for the mean, sigma/sqrt(2n) for the std of a Gaussian
        assertThat(mean).isCloseTo(0, within(5 * sigma / Math.sqrt(n)));
        assertThat(std).isCloseTo(sigma, within(5 * sigma / Math.sqrt(2.0 * n)));
        for (String other : new String[] {"id", "gender", "age", "history"}) {
            assertThat(out.column(other)).isSameAs(in.column(other));
        }
    }

    @Test
    void onlyListedDenseColumnsAreTouched() {
        Map<String, Column> cols = new LinkedHashMap<>();
        cols.put("text", new Column.Dense(new float[] {1, 2, 3, 4}, 2));
        cols.put("image", new Column.Dense(new float[] {5, 6, 7, 8}, 2));
        FeatureBatch in = FeatureBatch.of(2, cols);
        FeatureBatch out = create(Map.of("columns", "image", "sigma", "1")).augment(in, new SplittableRandom(1));
        assertThat(out.column("text")).isSameAs(in.column("text"));
        assertThat(out.dense("image").values()).isNotEqualTo(in.dense("image").values());
        FeatureBatch both = create(Map.of("sigma", "1")).augment(in, new SplittableRandom(1));
        assertThat(both.dense("text").values()).isNotEqualTo(in.dense("text").values());
        assertThat(both.dense("image").values()).isNotEqualTo(in.dense("image").values());
    }

    @Test
    void sigmaZeroReturnsTheBatch() {
        FeatureBatch in = Batches.users(10, 1);
        assertThat(create(Map.of("sigma", "0")).augment(in, new SplittableRandom(1))).isSameAs(in);
    }

    @Test
    void badParametersAndColumnsAreErrors() {
        assertThatThrownBy(() -> create(Map.of("sigma", "-0.1"))).isInstanceOf(ConfigException.class).hasMessageContaining("'sigma'");
        assertThatThrownBy(() -> create(Map.of("columns", ""))).isInstanceOf(ConfigException.class).hasMessageContaining("'columns'");
        Augmenter notDense = create(Map.of("columns", "gender"));
        assertThatThrownBy(() -> notDense.augment(Batches.users(3, 1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gender' is Ids, not Dense");
        Augmenter absent = create(Map.of("columns", "image"));
        assertThatThrownBy(() -> absent.augment(Batches.users(3, 1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'image'").hasMessageContaining("batch columns");
    }
}
