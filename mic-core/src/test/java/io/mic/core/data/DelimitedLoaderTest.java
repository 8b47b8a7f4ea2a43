package io.mic.core.data;

import static io.mic.core.data.TestFiles.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelimitedLoaderTest {
    @TempDir
    Path dir;

    @Test
    void multiCharSeparatorWithoutHeaderByIndex() {
        Path f = TestFiles.write(dir, "r.dat", lines("1::10::5::100", "2::10::3::90", "1::07::4::95"));
        Dataset d = DelimitedLoader.load(f, new DelimitedSpec("::", false, "0", "1", "2", "3"));
        assertThat(d.name()).isEqualTo("r");
        assertThat(d.users().externals()).containsExactly("1", "2");
        assertThat(d.items().externals()).containsExactly("10", "07"); // "07" is not "7": ids are text
        assertThat(d.ratings()).containsExactly(5f, 3f, 4f);
        assertThat(d.timestamps()).containsExactly(100L, 90L, 95L);
    }

    @Test
    void csvWithHeaderByNameTrimsSpacesAndReadsGzip() {
        Path f = TestFiles.writeGz(dir, "ratings.csv", lines("userId, movieId, rating, timestamp", "a12, m1, 4.5, 1112486027", "b7 ,m2,3,1112484676"),
                StandardCharsets.UTF_8);
        Dataset d = DelimitedLoader.load(f, new DelimitedSpec(",", true, "userId", "movieId", "rating", null));
        assertThat(d.name()).isEqualTo("ratings");
        assertThat(d.users().externals()).containsExactly("a12", "b7");
        assertThat(d.items().externals()).containsExactly("m1", "m2");
        assertThat(d.ratings()).containsExactly(4.5f, 3f);
        assertThat(d.timestamps()).isNull();
    }

    @Test
    void implicitTsvUsesIndexesEvenWithHeader() {
        Path f = TestFiles.write(dir, "clicks.tsv", lines("u\ti", "x\ty", "x\tz"));
        Dataset d = DelimitedLoader.load(f, new DelimitedSpec("\t", true, "0", "i", null, null));
        assertThat(d.ratings()).isNull();
        assertThat(d.numInteractions()).isEqualTo(2);
    }

    @Test
    void unknownColumnListsTheHeader() {
        Path f = TestFiles.write(dir, "r.csv", lines("user,item", "1,2"));
        assertThatThrownBy(() -> DelimitedLoader.load(f, new DelimitedSpec(",", true, "user", "movie", null, null)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("r.csv:1: item column 'movie' is neither a header name nor an index below 2 (header: [user, item])");
    }

    @Test
    void namedColumnWithoutHeaderIsRejected() {
        Path f = TestFiles.write(dir, "r.csv", lines("1,2"));
        assertThatThrownBy(() -> DelimitedLoader.load(f, new DelimitedSpec(",", false, "user", "1", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a 0-based index");
    }

    @Test
    void shortRowAndBadTimestampNameTheLine() {
        Path f = TestFiles.write(dir, "r.csv", lines("user,item,ts", "1,2,3", "1"));
        assertThatThrownBy(() -> DelimitedLoader.load(f, new DelimitedSpec(",", true, "user", "item", null, "ts")))
                .hasMessageContaining("r.csv:3: expected at least 3 fields separated by ',', got 1");
        Path g = TestFiles.write(dir, "s.csv", lines("1,2,yesterday"));
        assertThatThrownBy(() -> DelimitedLoader.load(g, new DelimitedSpec(",", false, "0", "1", null, "2")))
                .hasMessageContaining("s.csv:1: column 'field 2': expected a number, got 'yesterday'");
    }

    @Test
    void specRejectsEmptySeparator() {
        assertThatThrownBy(() -> new DelimitedSpec("", false, "0", "1", null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
