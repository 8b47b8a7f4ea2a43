package io.mic.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mic.spi.Augmenter;
import io.mic.spi.AugmenterFactory;
import io.mic.spi.ConfigException;
import io.mic.testkit.AugmenterContractTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingDropoutAugmenterTest extends AugmenterContractTest {

    @Override
    protected AugmenterFactory factory() {
        return new EmbeddingDropoutAugmenterFactory();
    }

    @Override
    protected List<Map<String, String>> invalidParams() {
        return List.of(Map.of("p", "1"), Map.of("p", "NaN"));
    }

    @Test
    void isAnEmbeddingStage() {
        assertThat(create().stage()).isEqualTo(Augmenter.Stage.EMBEDDING);
    }

    @Test
    void maskIsInvertedDropoutWithRateP() {
        double p = 0.1;
        int rows = 2_000;
        int dim = 100;
        int n = rows * dim;
        float[] mask = new float[n];
        create(Map.of("p", Double.toString(p))).embeddingMask(mask, rows, dim, new SplittableRandom(4));
        float keep = (float) (1 / (1 - p));
        int zeros = 0;
        double sum = 0;
        for (float m : mask) {
            assertThat(m == 0f || m == keep).as("mask value %s", m).isTrue();
            zeros += m == 0f ? 1 : 0;
            sum += m;
        }
        // five standard errors of a Bernoulli(p) frequency over n = 200k elements: 0.0034;
        // the mean is (1 - zero fraction)/(1 - p), so its standard error is that over (1 - p)
        double tol = 5 * Math.sqrt(p * (1 - p) / n);
        assertThat((double) zeros / n).isCloseTo(p, within(tol));
        assertThat(sum / n).isCloseTo(1.0, within(tol / (1 - p)));
    }

    @Test
    void fillsOnlyRowsTimesDimOfALongerBuffer() {
        float[] mask = new float[20];
        Arrays.fill(mask, 7f);
        create(Map.of("p", "0")).embeddingMask(mask, 3, 4, new SplittableRandom(1));
        for (int i = 0; i < 12; i++) {
            assertThat(mask[i]).isEqualTo(1f);
        }
        for (int i = 12; i < 20; i++) {
            assertThat(mask[i]).isEqualTo(7f);
        }
        assertThatThrownBy(() -> create().embeddingMask(new float[11], 3, 4, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot hold");
    }

    @Test
    void pMustBeBelowOne() {
        assertThatThrownBy(() -> create(Map.of("p", "1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'p'").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> create(Map.of("p", "-0.5"))).isInstanceOf(ConfigException.class).hasMessageContaining("'p'");
    }
}
