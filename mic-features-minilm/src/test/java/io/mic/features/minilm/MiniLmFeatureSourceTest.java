package io.mic.features.minilm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real model on three titles: shape, norm, and that related titles are closer than unrelated ones. */
class MiniLmFeatureSourceTest {
    private static final Logger LOG = LoggerFactory.getLogger(MiniLmFeatureSourceTest.class);

    static double dot(Vectors v, int a, int b) {
        double s = 0;
        for (int k = 0; k < v.dim(); k++) {
            s += v.values()[a * v.dim() + k] * v.values()[b * v.dim() + k];
        }
        return s;
    }

    @Test
    void encodesTitlesTo384dUnitVectorsWithMeaningfulSimilarity() {
        String[] ids = {"1", "588", "6", "x"};
        String[] texts = {"Toy Story (1995). genres: Animation, Children's, Comedy", "Aladdin (1992). genres: Animation, Children's, Comedy, Musical",
            "Heat (1995). genres: Action, Crime, Thriller", " "};
        Vectors v = new MiniLmFeatureSource(2, 1).features(ids, texts, Progress.NOOP);
        assertThat(v.rows()).isEqualTo(4);
        assertThat(v.dim()).isEqualTo(384);
        for (int r = 0; r < 3; r++) {
            assertThat(Math.sqrt(dot(v, r, r))).as("norm of row %d (langchain4j normalises)", r).isCloseTo(1.0, within(1e-3));
        }
        assertThat(dot(v, 3, 3)).as("blank text").isZero();
        double similar = dot(v, 0, 1);
        double dissimilar = dot(v, 0, 2);
        LOG.info("cos(Toy Story, Aladdin) = {}, cos(Toy Story, Heat) = {}", similar, dissimilar);
        assertThat(similar).isGreaterThan(dissimilar + 0.1);
    }

    @Test
    void discoveredByName() {
        assertThat(PluginRegistry.discover().factory(PluginKind.ITEM_FEATURES, "minilm")).isInstanceOf(MiniLmFeatureSourceFactory.class);
    }
}
