package io.mic.testkit.builtin;

import io.mic.core.features.FeatureFile;
import io.mic.core.features.FeatureFileSourceFactory;
import io.mic.core.features.HashedNgramEncoderFactory;
import io.mic.core.features.ItemFeatures;
import io.mic.spi.ItemFeatureSourceFactory;
import io.mic.testkit.ItemFeatureSourceContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** mic-core's built-in item-feature sources run the kit (the minilm source is tested in its module: loading the model per check is too slow). */
class FeatureSourcesPassTheKitTest {

    @Nested
    class HashedNgram extends ItemFeatureSourceContractTest {
        @Override
        protected ItemFeatureSourceFactory factory() {
            return new HashedNgramEncoderFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("dim", "16", "buckets", "4096");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("dim", "0"), Map.of("min-n", "4", "max-n", "3"), Map.of("buckets", "many"));
        }
    }

    @Nested
    class File extends ItemFeatureSourceContractTest {
        private final Path file;

        File() {
            try {
                file = Files.createTempDirectory("mic-kit").resolve("f.tsv");
                String[] ids = ids();
                float[] v = new float[ids.length * 3];
                for (int i = 0; i < v.length; i++) {
                    v[i] = i * 0.5f - 2;
                }
                FeatureFile.write(file, new ItemFeatures(ids, v, 3));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        protected ItemFeatureSourceFactory factory() {
            return new FeatureFileSourceFactory();
        }

        @Override
        protected Map<String, String> params() {
            return Map.of("path", file.toString());
        }

        @Override
        protected java.util.Set<String> requiredKeys() {
            return java.util.Set.of("path");
        }

        @Override
        protected List<Map<String, String>> invalidParams() {
            return List.of(Map.of("path", file.toString(), "require-checksum", "maybe"));
        }
    }
}
