package io.mic.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.spi.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureFileTest {
    @TempDir
    Path dir;

    static ItemFeatures sample() {
        return new ItemFeatures(new String[] {"1", "item two", "ü-3"}, new float[] {0.1f, -2.5f, 1e-7f, 3.4028235e38f, 0f, -0f, 1.5f, 2f, -1f}, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"f.tsv", "f.micf"})
    void roundTripIsExactInBothForms(String name) throws IOException {
        Path f = dir.resolve(name);
        FeatureFile.write(f, sample());
        assertThat(FeatureFile.manifestOf(f)).exists();
        assertThat(Files.readString(FeatureFile.manifestOf(f))).endsWith("  " + name + "\n");
        ItemFeatures back = FeatureFile.read(f, true);
        assertThat(back.ids()).containsExactly(sample().ids());
        assertThat(back.values()).containsExactly(sample().values());
        assertThat(back.dim()).isEqualTo(3);
        assertThat(Files.readAllBytes(f)).startsWith(name.endsWith(".tsv") ? "1\t".getBytes(StandardCharsets.UTF_8) : FeatureFile.MAGIC);
    }

    @Test
    void textErrorsNameFileAndLine() throws IOException {
        Path f = dir.resolve("bad.tsv");
        Files.writeString(f, "# comment\na\t1 2 3\nb\t1 2\n");
        assertThatThrownBy(() -> FeatureFile.read(f, false)).hasMessageContaining("bad.tsv:3").hasMessageContaining("has 2 values, expected 3");
        Files.writeString(f, "a\t1 2 3\n\nb\t1 NaN 3\n");
        assertThatThrownBy(() -> FeatureFile.read(f, false)).hasMessageContaining("bad.tsv:3").hasMessageContaining("value 2 is NaN");
        Files.writeString(f, "a\t1 2 3\na\t1 2 3\n");
        assertThatThrownBy(() -> FeatureFile.read(f, false)).hasMessageContaining("bad.tsv:2").hasMessageContaining("already defined at line 1");
        Files.writeString(f, "a\t1 x 3\n");
        assertThatThrownBy(() -> FeatureFile.read(f, false)).hasMessageContaining("bad.tsv:1").hasMessageContaining("'x'");
    }

    @Test
    void manifestIsRequiredAndChecked() throws IOException {
        Path f = dir.resolve("m.tsv");
        Files.writeString(f, "a\t1 2\n");
        assertThatThrownBy(() -> FeatureFile.read(f, true)).hasMessageContaining("no checksum manifest m.tsv.sha256");
        assertThat(FeatureFile.read(f, false).rows()).isEqualTo(1);
        FeatureFile.write(f, FeatureFile.read(f, false));
        Files.writeString(f, "a\t1 3\n"); // edited after the manifest was written
        assertThatThrownBy(() -> FeatureFile.read(f, true)).hasMessageContaining("does not match m.tsv.sha256");
    }

    @Test
    void binaryNanAndTruncationAreErrors() throws IOException {
        Path f = dir.resolve("b.micf");
        FeatureFile.write(f, new ItemFeatures(new String[] {"x", "y"}, new float[] {1, 2, Float.NaN, 4}, 2));
        assertThatThrownBy(() -> FeatureFile.read(f, true)).hasMessageContaining("row 1 (id 'y') value 1 is NaN");
        FeatureFile.write(f, sample());
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 3));
        Files.delete(FeatureFile.manifestOf(f));
        assertThatThrownBy(() -> FeatureFile.read(f, false)).hasMessageContaining("truncated");
    }

    @Test
    void fileSourceReturnsRowsInRequestOrderAndRejectsUnknownIds() throws IOException {
        Path f = dir.resolve("s.tsv");
        FeatureFile.write(f, sample());
        FeatureFileSource src = new FeatureFileSource(f, FeatureFile.read(f, true));
        assertThat(src.features(new String[] {"ü-3", "1"}, null, Progress.NOOP).values()).containsExactly(1.5f, 2f, -1f, 0.1f, -2.5f, 1e-7f);
        assertThatThrownBy(() -> src.features(new String[] {"1", "42"}, null, Progress.NOOP))
                .hasMessageContaining("s.tsv").hasMessageContaining("no features for item '42'");
    }
}
