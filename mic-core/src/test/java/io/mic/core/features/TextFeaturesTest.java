package io.mic.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.spi.ItemFeatureSource;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFeaturesTest {
    static final String[] TITLES = {"Toy Story (1995). genres: Animation, Children's, Comedy", "Toy Story 2 (1999). genres: Animation, Children's, Comedy",
        "Heat (1995). genres: Action, Crime, Thriller", "Sabrina (1995). genres: Comedy, Romance", ""};
    static final String[] IDS = {"1", "3114", "6", "7", "99"};

    @TempDir
    Path dir;

    static double cos(Vectors v, int a, int b) {
        double s = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < v.dim(); k++) {
            float x = v.values()[a * v.dim() + k];
            float y = v.values()[b * v.dim() + k];
            s += x * y;
            na += x * x;
            nb += y * y;
        }
        return s / Math.sqrt(na * nb);
    }

    @Test
    void hashedEncoderIsDeterministicUnitNormAndSimilarTextsAreCloser() {
        Vectors a = new HashedNgramEncoder(64, 3, 5, 1 << 16, 7).features(IDS, TITLES, Progress.NOOP);
        Vectors b = new HashedNgramEncoder(64, 3, 5, 1 << 16, 7).features(IDS, TITLES, Progress.NOOP);
        Vectors other = new HashedNgramEncoder(64, 3, 5, 1 << 16, 8).features(IDS, TITLES, Progress.NOOP);
        assertThat(a.values()).containsExactly(b.values());
        assertThat(a.values()).isNotEqualTo(other.values());
        for (int r = 0; r < 4; r++) {
            double n = 0;
            for (int k = 0; k < 64; k++) {
                n += a.values()[r * 64 + k] * a.values()[r * 64 + k];
            }
            assertThat(n).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        // empty text: zero vector
        for (int k = 0; k < 64; k++) {
            assertThat(a.values()[4 * 64 + k]).isZero();
        }
        assertThat(cos(a, 0, 1)).isGreaterThan(cos(a, 0, 2) + 0.2);
    }

    /** Counts what reaches the encoder. */
    static final class Counting implements ItemFeatureSource {
        final ItemFeatureSource inner = new HashedNgramEncoder(16, 3, 4, 1 << 12, 1);
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public int dim() {
            return 16;
        }

        @Override
        public Vectors features(String[] ids, String[] t, Progress progress) {
            texts.addAndGet(t.length);
            return inner.features(ids, t, progress);
        }
    }

    @Test
    void cacheEncodesEachDistinctTextOnceAcrossRuns() {
        Path cache = dir.resolve("cache/hashed-16.micf");
        Counting enc = new Counting();
        String[] ids = {"a", "b", "c"};
        String[] texts = {"alpha", "beta", "alpha"};
        Vectors first = new CachedTextFeatures(enc, cache).features(ids, texts, Progress.NOOP);
        assertThat(enc.texts.get()).isEqualTo(2);
        assertThat(cache).exists();
        CachedTextFeatures second = new CachedTextFeatures(enc, cache);
        Vectors again = second.features(ids, texts, Progress.NOOP);
        assertThat(enc.texts.get()).as("second run encodes nothing").isEqualTo(2);
        assertThat(second.lastEncoded()).isZero();
        assertThat(again.values()).containsExactly(first.values());
        // a new text is encoded alone and appended; the old rows keep their values
        Vectors more = second.features(new String[] {"a", "d"}, new String[] {"alpha", "gamma"}, Progress.NOOP);
        assertThat(second.lastEncoded()).isEqualTo(1);
        assertThat(enc.texts.get()).isEqualTo(3);
        assertThat(java.util.Arrays.copyOf(more.values(), 16)).containsExactly(java.util.Arrays.copyOf(first.values(), 16));
    }

    @Test
    void builtInSourcesAreDiscoveredByName() {
        PluginRegistry r = PluginRegistry.discover();
        assertThat(r.names(PluginKind.ITEM_FEATURES)).contains("file", "hashed-ngram");
        assertThat(r.factory(PluginKind.ITEM_FEATURES, "hashed-ngram")).isInstanceOf(HashedNgramEncoderFactory.class);
    }
}
