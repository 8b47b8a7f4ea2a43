package io.mic.core.data;

import static io.mic.core.data.TestFiles.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mic.spi.Column;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensLoaderTest {
    private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;
    private static final String USERS = lines("1::F::1::10::48067", "2::M::56::16::70072", "3::M::25::15::T8H1N", "4::F::45::7::");
    private static final String MOVIES = lines("1::Toy Story (1995)::Animation|Children's|Comedy", "2::Café Society::Drama",
            "3::Unrated (1990)::Horror", "4::Heat (1995)::Action|Crime|Thriller");
    private static final String RATINGS = lines("1::1::5::978300760", "1::4::3::978300761", "2::2::4::978300000", "3::1::1::978300001",
            "2::4::2::978300002");

    @TempDir
    Path dir;

    private void write1m(String ratingsName, String ratings) {
        TestFiles.write(dir, "users.dat", USERS, LATIN1);
        TestFiles.write(dir, "movies.dat", MOVIES, LATIN1);
        TestFiles.write(dir, ratingsName, ratings, LATIN1);
    }

    @Test
    void load1mKeepsRatedUsersAndMoviesInFileOrderWithFields() {
        write1m("ratings.dat", RATINGS);
        Dataset d = MovieLensLoader.load1m(dir);

        assertThat(d.name()).isEqualTo("ml-1m");
        assertThat(d.users().externals()).containsExactly("1", "2", "3"); // user 4 has no rating
        assertThat(d.items().externals()).containsExactly("1", "2", "4"); // movie 3 has no rating
        assertThat(d.userColumn()).containsExactly(0, 0, 1, 2, 1);
        assertThat(d.itemColumn()).containsExactly(0, 2, 1, 0, 2);
        assertThat(d.ratings()).containsExactly(5f, 3f, 4f, 1f, 2f);
        assertThat(d.timestamps()).containsExactly(978300760L, 978300761L, 978300000L, 978300001L, 978300002L);
        assertThat(d.splitTags()).isNull();

        FieldData.Categorical zip = (FieldData.Categorical) d.userField("zip").orElseThrow();
        assertThat(zip.vocab().external(zip.values()[0])).isEqualTo("4");
        assertThat(zip.vocab().external(zip.values()[2])).isEqualTo("other");
        FieldData.Categorical gender = (FieldData.Categorical) d.userField("gender").orElseThrow();
        assertThat(gender.values()).containsExactly(0, 1, 1);
        assertThat(d.userFields()).extracting(FieldData::name).containsExactly("gender", "age", "occupation", "zip");

        FieldData.Text title = (FieldData.Text) d.itemField("title").orElseThrow();
        assertThat(title.values()).containsExactly("Toy Story (1995)", "Café Society", "Heat (1995)");
        FieldData.Categorical year = (FieldData.Categorical) d.itemField("year").orElseThrow();
        assertThat(year.vocab().external(year.values()[0])).isEqualTo("1995");
        assertThat(year.values()[1]).isEqualTo(Column.MISSING);
        FieldData.MultiCategorical genres = (FieldData.MultiCategorical) d.itemField("genres").orElseThrow();
        assertThat(genres.offsets()).containsExactly(0, 3, 4, 7);
        assertThat(genres.vocab().external(genres.values()[3])).isEqualTo("Drama");
    }

    @Test
    void latin1TitleRoundTripsFromGzip() {
        TestFiles.writeGz(dir, "users.dat", USERS, LATIN1);
        TestFiles.writeGz(dir, "movies.dat", MOVIES, LATIN1);
        TestFiles.writeGz(dir, "ratings.dat", RATINGS, LATIN1);
        Dataset d = MovieLensLoader.load1m(dir);
        assertThat(d.numInteractions()).isEqualTo(5);
        assertThat(((FieldData.Text) d.itemField("title").orElseThrow()).values()[1]).isEqualTo("Café Society");
    }

    @Test
    void withoutRatingsDatFallsBackToRatingsUirWithoutTimestamps() {
        write1m("ratings_uir.dat", lines("1::1::5", "2::2::4", "3::4::3"));
        Dataset d = MovieLensLoader.load1m(dir);
        assertThat(d.hasTimestamps()).isFalse();
        assertThat(d.timestamps()).isNull();
        assertThat(d.ratings()).containsExactly(5f, 4f, 3f);
        assertThat(d.items().externals()).containsExactly("1", "2", "4");
    }

    @Test
    void ratingsDatWinsOverRatingsUir() {
        write1m("ratings.dat", RATINGS);
        TestFiles.write(dir, "ratings_uir.dat", lines("1::1::5"), LATIN1);
        assertThat(MovieLensLoader.load1m(dir).numInteractions()).isEqualTo(5);
    }

    @Test
    void missingRatingsNamesEveryFileLookedFor() {
        TestFiles.write(dir, "users.dat", USERS, LATIN1);
        TestFiles.write(dir, "movies.dat", MOVIES, LATIN1);
        assertThatThrownBy(() -> MovieLensLoader.load1m(dir)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("ratings.dat.gz").hasMessageContaining("ratings_uir.dat");
    }

    @Test
    void missingUsersFileNamesBothNames() {
        assertThatThrownBy(() -> MovieLensLoader.load1m(dir)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("users.dat nor users.dat.gz");
    }

    @Test
    void wrongFieldCountNamesFileAndLine() {
        write1m("ratings.dat", lines("1::1::5::978300760", "1::4::3"));
        assertThatThrownBy(() -> MovieLensLoader.load1m(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("ratings.dat:2: expected 4 fields (UserID::MovieID::Rating::Timestamp), got 3");
    }

    @Test
    void nonNumericRatingNamesColumn() {
        write1m("ratings.dat", lines("1::1::5::978300760", "", "1::4::x::978300761"));
        assertThatThrownBy(() -> MovieLensLoader.load1m(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("ratings.dat:3: column 'Rating': expected a number, got 'x'");
    }

    @Test
    void unknownMovieIsAnErrorAtItsLine() {
        write1m("ratings.dat", lines("1::1::5::978300760", "1::99::3::978300761"));
        assertThatThrownBy(() -> MovieLensLoader.load1m(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("ratings.dat:2: column 'MovieID': unknown id '99' (not in movies.dat)");
    }

    @Test
    void nonNumericUserIdIsAFormatErrorNotAnUnknownId() {
        write1m("ratings.dat", lines("u1::1::5::978300760"));
        assertThatThrownBy(() -> MovieLensLoader.load1m(dir)).hasMessageContaining("ratings.dat:1: column 'UserID': expected an integer, got 'u1'");
    }

    @Test
    void duplicateMovieIdIsAnError() {
        TestFiles.write(dir, "users.dat", USERS, LATIN1);
        TestFiles.write(dir, "movies.dat", MOVIES + "4::Heat again (1995)::Action\n", LATIN1);
        TestFiles.write(dir, "ratings.dat", RATINGS, LATIN1);
        assertThatThrownBy(() -> MovieLensLoader.load1m(dir)).hasMessageContaining("movies.dat:5: column 'MovieID': duplicate id '4'");
    }

    private void write100k(String flagsOfItem2) {
        TestFiles.write(dir, "u.genre", lines("unknown|0", "Action|1", "Comedy|2", ""), LATIN1);
        TestFiles.writeGz(dir, "u.user", lines("1|24|M|technician|85711", "2|53|F|other|94043", "3|17|M|student|V3N4P"), LATIN1);
        TestFiles.writeGz(dir, "u.item", lines("1|Toy Story (1995)|01-Jan-1995||http://x|0|0|1", "2|Café Noir|01-Jan-1997||http://y|" + flagsOfItem2,
                "3|unknown||||1|0|0"), LATIN1);
        TestFiles.write(dir, "u.data", lines("1\t1\t5\t881250949", "2\t2\t3\t891717742", "3\t3\t4\t878887116", "1\t2\t4\t881250950"), LATIN1);
    }

    @Test
    void load100kReadsAllFilesAndBucketsAges() {
        write100k("0|1|1");
        Dataset d = MovieLensLoader.load100k(dir);
        assertThat(d.name()).isEqualTo("ml-100k");
        assertThat(d.numUsers()).isEqualTo(3);
        assertThat(d.numItems()).isEqualTo(3);
        assertThat(d.timestamps()).containsExactly(881250949L, 891717742L, 878887116L, 881250950L);
        FieldData.Categorical age = (FieldData.Categorical) d.userField("age").orElseThrow();
        assertThat(new String[] {age.vocab().external(age.values()[0]), age.vocab().external(age.values()[1]),
            age.vocab().external(age.values()[2])}).containsExactly("18", "50", "1");
        FieldData.MultiCategorical genres = (FieldData.MultiCategorical) d.itemField("genres").orElseThrow();
        assertThat(genres.offsets()).containsExactly(0, 1, 3, 4);
        assertThat(genres.vocab().externals()).containsExactly("Comedy", "Action", "unknown");
        FieldData.Categorical year = (FieldData.Categorical) d.itemField("year").orElseThrow();
        assertThat(year.vocab().external(year.values()[1])).isEqualTo("1997"); // from the release date
        assertThat(year.values()[2]).isEqualTo(Column.MISSING);
        assertThat(((FieldData.Text) d.itemField("title").orElseThrow()).values()[1]).isEqualTo("Café Noir");
    }

    @Test
    void badGenreFlagNamesTheGenre() {
        write100k("0|2|1");
        assertThatThrownBy(() -> MovieLensLoader.load100k(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("u.item.gz:2: column 'Action': expected a genre flag 0 or 1, got '2'");
    }

    @Test
    void helpersParseYearsZipAreasAndAges() {
        assertThat(MovieLensLoader.yearOf("Shawshank Redemption, The (1994) ")).isEqualTo("1994");
        assertThat(MovieLensLoader.yearOf("City of Lost Children, The (Cité des enfants perdus, La)")).isNull();
        assertThat(MovieLensLoader.yearOf("(1999)")).isEqualTo("1999");
        assertThat(MovieLensLoader.zipArea("98107-2117")).isEqualTo("9");
        assertThat(MovieLensLoader.zipArea("")).isNull();
        assertThat(MovieLensLoader.ageBucket(18)).isEqualTo("18");
        assertThat(MovieLensLoader.ageBucket(56)).isEqualTo("56");
        assertThat(MovieLensLoader.ageBucket(49)).isEqualTo("45");
    }
}
