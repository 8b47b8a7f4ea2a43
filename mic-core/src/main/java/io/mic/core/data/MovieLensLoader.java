package io.mic.core.data;

import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the GroupLens MovieLens datasets from their original files (each file plain or {@code .gz}).
 *
 * <p>Users and items are the users of the user file and the movies of the movie file that have at
 * least one rating, numbered densely in file order (ML-1M movies.dat lists 3,883 movies, 3,706 of
 * them rated, so the dataset has 3,706 items). A rating that names a user or movie absent from the
 * side file is an error. Interactions keep file order; ratings are explicit (1..5).
 *
 * <p>Fields, identical in name and meaning for both sizes so configs carry over:
 * <ul>
 *   <li>user {@code gender} (CATEGORICAL M/F), {@code age} (CATEGORICAL, the ML-1M age buckets
 *       1, 18, 25, 35, 45, 50, 56; ML-100K's exact ages are bucketed the same way),
 *       {@code occupation} (CATEGORICAL: ML-1M's code 0..20, ML-100K's name), {@code zip}
 *       (CATEGORICAL: the first character of the zip code when it is a digit, i.e. the US ZIP
 *       national area 0..9, since full zip codes are nearly unique per user; {@code other} for
 *       non-US codes; MISSING when empty);</li>
 *   <li>item {@code genres} (MULTI_CATEGORICAL), {@code title} (TEXT, as in the file, year
 *       included), {@code year} (CATEGORICAL release year taken from the trailing {@code (1995)}
 *       of the title; ML-100K falls back to the release date; MISSING when neither has one).</li>
 * </ul>
 * Vocabulary ids of categorical fields are assigned in order of first appearance in the side file.
 *
 * <p>Every malformed line raises {@link DataFormatException} naming file, line and column.
 * Missing files raise {@link UncheckedIOException} listing the names looked for.
 */
public final class MovieLensLoader {
    private static final Logger LOG = LoggerFactory.getLogger(MovieLensLoader.class);
    private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;
    private static final byte[] COLONS = LineScanner.separator("::");

    private MovieLensLoader() {
    }

    /**
     * Loads ML-1M from {@code dir}: {@code users.dat}, {@code movies.dat} and {@code ratings.dat}
     * ({@code UserID::MovieID::Rating::Timestamp}), or, when that is absent, {@code ratings_uir.dat}
     * ({@code UserID::MovieID::Rating}, no time: the dataset then has no timestamps and time-based
     * splits refuse it). Dataset name {@code ml-1m}.
     */
    public static Dataset load1m(Path dir) {
        long t0 = System.nanoTime();
        Side users = readUsers1m(DataFiles.resolve(dir, "users.dat"));
        Side movies = readMovies1m(DataFiles.resolve(dir, "movies.dat"));
        Optional<Path> withTime = DataFiles.find(dir, "ratings.dat");
        Path ratingsFile;
        boolean timed;
        if (withTime.isPresent()) {
            ratingsFile = withTime.get();
            timed = true;
        } else {
            ratingsFile = DataFiles.find(dir, "ratings_uir.dat").orElseThrow(() -> new UncheckedIOException(
                    "none of ratings.dat, ratings.dat.gz, ratings_uir.dat, ratings_uir.dat.gz found in " + dir,
                    new NoSuchFileException(dir.resolve("ratings.dat").toString())));
            timed = false;
        }
        InteractionBuffer buf = new InteractionBuffer(1 << 20, true, timed);
        try (LineScanner in = LineScanner.open(ratingsFile, LATIN1)) {
            int expected = timed ? 4 : 3;
            String layout = timed ? "UserID::MovieID::Rating::Timestamp" : "UserID::MovieID::Rating";
            while (in.next()) {
                if (in.split(COLONS) != expected) {
                    in.requireFields(expected, layout);
                }
                int u = lookup(in, 0, "UserID", users, "users.dat");
                int m = lookup(in, 1, "MovieID", movies, "movies.dat");
                float r = rating(in, 2, "Rating");
                long t = timed ? in.parseLong(3, "Timestamp") : 0L;
                buf.add(u, m, r, t);
            }
        }
        buf.requireAny(ratingsFile);
        Dataset d = assemble("ml-1m", users, movies, buf);
        LOG.debug("loaded {} from {} in {} ms", d, dir, (System.nanoTime() - t0) / 1_000_000);
        return d;
    }

    /**
     * Loads ML-100K from {@code dir}: {@code u.data} (tab-separated user, item, rating, unix
     * seconds), {@code u.user}, {@code u.item} (Latin-1) and {@code u.genre}. Dataset name {@code ml-100k}.
     */
    public static Dataset load100k(Path dir) {
        long t0 = System.nanoTime();
        String[] genreNames = readGenres100k(DataFiles.resolve(dir, "u.genre"));
        Side users = readUsers100k(DataFiles.resolve(dir, "u.user"));
        Side movies = readMovies100k(DataFiles.resolve(dir, "u.item"), genreNames);
        InteractionBuffer buf = new InteractionBuffer(1 << 17, true, true);
        Path data = DataFiles.resolve(dir, "u.data");
        try (LineScanner in = LineScanner.open(data, LATIN1)) {
            while (in.next()) {
                if (in.split((byte) '\t') != 4) {
                    in.requireFields(4, "user id, item id, rating, timestamp separated by tabs");
                }
                int u = lookup(in, 0, "user id", users, "u.user");
                int m = lookup(in, 1, "item id", movies, "u.item");
                buf.add(u, m, rating(in, 2, "rating"), in.parseLong(3, "timestamp"));
            }
        }
        buf.requireAny(data);
        Dataset d = assemble("ml-100k", users, movies, buf);
        LOG.debug("loaded {} from {} in {} ms", d, dir, (System.nanoTime() - t0) / 1_000_000);
        return d;
    }

    /** MovieLens ratings are whole stars 1..5: anything else is an error naming file:line and the value. */
    private static float rating(LineScanner in, int field, String column) {
        float r = in.parseFloat(field, column);
        if (!(r >= 1 && r <= 5) || r != Math.rint(r)) {
            throw in.error(column, "expected a whole-star rating 1..5 (the MovieLens scale), got '" + in.string(field) + "'");
        }
        return r;
    }

    /** Ids and fields read from a side file; row = position in the file. */
    private record Side(IdInterner ids, List<FieldData> fields) {
    }

    private static int lookup(LineScanner in, int field, String column, Side side, String sideFile) {
        int row = side.ids().find(in.buffer(), in.start(field), in.end(field));
        if (row < 0) {
            in.parseLong(field, column); // a non-number gets the "expected an integer" message
            throw in.error(column, "unknown id '" + in.string(field) + "' (not in " + sideFile + ")");
        }
        return row;
    }

    private static Dataset assemble(String name, Side users, Side movies, InteractionBuffer buf) {
        int[] u = buf.users();
        int[] m = buf.items();
        boolean[] keepUser = Subset.used(u, users.ids().size());
        boolean[] keepItem = Subset.used(m, movies.ids().size());
        return Subset.of(name, users.ids().toIdMap(), movies.ids().toIdMap(), u, m, buf.ratings(), buf.times(), null, users.fields(),
                movies.fields(), null, Subset.all(keepUser) ? null : keepUser, Subset.all(keepItem) ? null : keepItem);
    }

    /** Registers the id in field 0 as the next row; duplicates are errors. */
    private static void addRow(LineScanner in, IdInterner ids, String column) {
        in.parseLong(0, column);
        int before = ids.size();
        if (ids.intern(in.buffer(), in.start(0), in.end(0)) != before) {
            throw in.error(column, "duplicate id '" + in.string(0) + "'");
        }
    }

    private static Side readUsers1m(Path file) {
        IdInterner ids = new IdInterner(LATIN1);
        FieldBuilders.Categorical gender = new FieldBuilders.Categorical("gender", 8192);
        FieldBuilders.Categorical age = new FieldBuilders.Categorical("age", 8192);
        FieldBuilders.Categorical occupation = new FieldBuilders.Categorical("occupation", 8192);
        FieldBuilders.Categorical zip = new FieldBuilders.Categorical("zip", 8192);
        try (LineScanner in = LineScanner.open(file, LATIN1)) {
            while (in.next()) {
                if (in.split(COLONS) != 5) {
                    in.requireFields(5, "UserID::Gender::Age::Occupation::Zip-code");
                }
                addRow(in, ids, "UserID");
                gender.add(in.string(1));
                in.parseInt(2, "Age");
                age.add(in.string(2));
                in.parseInt(3, "Occupation");
                occupation.add(in.string(3));
                zip.add(zipArea(in.string(4)));
            }
        }
        return new Side(ids, List.of(gender.build(), age.build(), occupation.build(), zip.build()));
    }

    private static Side readMovies1m(Path file) {
        IdInterner ids = new IdInterner(LATIN1);
        FieldBuilders.MultiCategorical genres = new FieldBuilders.MultiCategorical("genres", 4096);
        List<String> titles = new ArrayList<>(4096);
        FieldBuilders.Categorical year = new FieldBuilders.Categorical("year", 4096);
        try (LineScanner in = LineScanner.open(file, LATIN1)) {
            while (in.next()) {
                if (in.split(COLONS) != 3) {
                    in.requireFields(3, "MovieID::Title::Genres");
                }
                addRow(in, ids, "MovieID");
                String title = in.string(1);
                titles.add(title);
                year.add(yearOf(title));
                String g = in.string(2);
                // later MovieLens releases write "(no genres listed)" for an empty set
                if (!g.isEmpty() && !g.equals("(no genres listed)")) {
                    int from = 0;
                    for (int i = 0; i <= g.length(); i++) {
                        if (i == g.length() || g.charAt(i) == '|') {
                            if (i == from) {
                                throw in.error("Genres", "expected genres separated by '|', got '" + LineScanner.shorten(g) + "'");
                            }
                            genres.value(g.substring(from, i));
                            from = i + 1;
                        }
                    }
                }
                genres.endRow();
            }
        }
        return new Side(ids, List.of(genres.build(), new FieldData.Text("title", titles.toArray(new String[0])), year.build()));
    }

    private static String[] readGenres100k(Path file) {
        List<String> names = new ArrayList<>();
        try (LineScanner in = LineScanner.open(file, LATIN1)) {
            while (in.next()) {
                if (in.split((byte) '|') != 2) {
                    in.requireFields(2, "genre|index");
                }
                int index = in.parseInt(1, "index");
                if (index != names.size()) {
                    throw in.error("index", "expected " + names.size() + " (genres listed in index order), got '" + in.string(1) + "'");
                }
                names.add(in.string(0));
            }
        }
        if (names.isEmpty()) {
            throw new DataFormatException(file, 0, "expected at least one genre, got an empty file");
        }
        return names.toArray(new String[0]);
    }

    private static Side readUsers100k(Path file) {
        IdInterner ids = new IdInterner(LATIN1);
        FieldBuilders.Categorical gender = new FieldBuilders.Categorical("gender", 1024);
        FieldBuilders.Categorical age = new FieldBuilders.Categorical("age", 1024);
        FieldBuilders.Categorical occupation = new FieldBuilders.Categorical("occupation", 1024);
        FieldBuilders.Categorical zip = new FieldBuilders.Categorical("zip", 1024);
        try (LineScanner in = LineScanner.open(file, LATIN1)) {
            while (in.next()) {
                if (in.split((byte) '|') != 5) {
                    in.requireFields(5, "user id|age|gender|occupation|zip code");
                }
                addRow(in, ids, "user id");
                int a = in.parseInt(1, "age");
                if (a < 0) {
                    throw in.error("age", "expected an age >= 0, got '" + in.string(1) + "'");
                }
                age.add(ageBucket(a));
                gender.add(in.string(2));
                occupation.add(in.string(3));
                zip.add(zipArea(in.string(4)));
            }
        }
        return new Side(ids, List.of(gender.build(), age.build(), occupation.build(), zip.build()));
    }

    private static Side readMovies100k(Path file, String[] genreNames) {
        IdInterner ids = new IdInterner(LATIN1);
        FieldBuilders.MultiCategorical genres = new FieldBuilders.MultiCategorical("genres", 2048);
        List<String> titles = new ArrayList<>(2048);
        FieldBuilders.Categorical year = new FieldBuilders.Categorical("year", 2048);
        int fields = 5 + genreNames.length;
        try (LineScanner in = LineScanner.open(file, LATIN1)) {
            while (in.next()) {
                if (in.split((byte) '|') != fields) {
                    in.requireFields(fields, "movie id|title|release date|video release date|IMDb URL|" + genreNames.length + " genre flags");
                }
                addRow(in, ids, "movie id");
                String title = in.string(1);
                titles.add(title);
                String y = yearOf(title);
                if (y == null) {
                    y = yearOfDate(in.string(2));
                }
                year.add(y);
                for (int g = 0; g < genreNames.length; g++) {
                    int f = 5 + g;
                    byte b = in.end(f) - in.start(f) == 1 ? in.buffer()[in.start(f)] : 0;
                    if (b != '0' && b != '1') {
                        throw in.error(genreNames[g], "expected a genre flag 0 or 1, got '" + in.string(f) + "'");
                    }
                    if (b == '1') {
                        genres.value(genreNames[g]);
                    }
                }
                genres.endRow();
            }
        }
        return new Side(ids, List.of(genres.build(), new FieldData.Text("title", titles.toArray(new String[0])), year.build()));
    }

    /** The ML-1M age bucket an exact age falls into. */
    static String ageBucket(int age) {
        if (age < 18) {
            return "1";
        } else if (age < 25) {
            return "18";
        } else if (age < 35) {
            return "25";
        } else if (age < 45) {
            return "35";
        } else if (age < 50) {
            return "45";
        } else if (age < 56) {
            return "50";
        }
        return "56";
    }

    /** US ZIP national area (first digit), {@code other} for non-US codes, null when empty. */
    static String zipArea(String zip) {
        String z = zip.trim();
        if (z.isEmpty()) {
            return null;
        }
        char c = z.charAt(0);
        return c >= '0' && c <= '9' ? String.valueOf(c) : "other";
    }

    /** The year in a trailing {@code (1995)} of a title, or null. */
    static String yearOf(String title) {
        int e = title.length();
        while (e > 0 && title.charAt(e - 1) == ' ') {
            e--;
        }
        if (e < 6 || title.charAt(e - 1) != ')' || title.charAt(e - 6) != '(') {
            return null;
        }
        for (int i = e - 5; i < e - 1; i++) {
            char c = title.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return title.substring(e - 5, e - 1);
    }

    /** The year of an ML-100K release date such as {@code 01-Jan-1995}, or null. */
    static String yearOfDate(String date) {
        int n = date.length();
        if (n < 4) {
            return null;
        }
        for (int i = n - 4; i < n; i++) {
            char c = date.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return date.substring(n - 4);
    }
}
