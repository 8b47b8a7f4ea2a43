package io.mic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mic.core.data.DelimitedLoader;
import io.mic.core.data.DelimitedSpec;
import io.mic.core.data.MovieLensLoader;
import io.mic.core.data.RecBoleAtomicLoader;
import io.mic.core.registry.PluginRegistry;
import io.mic.retrieval.serve.RecommendHttpServer;
import io.mic.retrieval.serve.Recommender;
import io.mic.retrieval.serve.RecommenderSettings;
import io.mic.retrieval.serve.Recommenders;
import io.mic.spi.MetricsSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: a corpus of generated malformed inputs across the data loaders, run configs, command
 * line arguments, run and serving artifacts and HTTP requests. Each case must end in exit code 2
 * with one line naming the file (and line) or key, or for HTTP in a 4xx answer whose body is one
 * JSON object; never a stack trace, never a hang (each case has its own time limit). The counts
 * per family are written to target/malformed-corpus.txt (the table in docs/reliability.md).
 */
class MalformedInputCorpusTest {
    static final Duration LIMIT = Duration.ofSeconds(60);
    static final Map<String, int[]> COUNTS = new ConcurrentHashMap<>();

    @TempDir
    static Path tmp;

    @AfterAll
    static void writeTable() throws IOException {
        StringBuilder b = new StringBuilder("| family | cases | passed |\n|---|---|---|\n");
        int cases = 0;
        int passed = 0;
        for (Map.Entry<String, int[]> e : new TreeMap<>(COUNTS).entrySet()) {
            b.append("| ").append(e.getKey()).append(" | ").append(e.getValue()[0]).append(" | ").append(e.getValue()[1]).append(" |\n");
            cases += e.getValue()[0];
            passed += e.getValue()[1];
        }
        b.append("| all | ").append(cases).append(" | ").append(passed).append(" |\n");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "malformed-corpus.txt"), b.toString());
    }

    /** Runs {@code body} under the time limit and counts it in {@code family}. */
    static DynamicTest kase(String family, String name, ThrowingRunnable body) {
        return DynamicTest.dynamicTest(family + ": " + name, () -> {
            COUNTS.computeIfAbsent(family, k -> new int[2]);
            synchronized (COUNTS) {
                COUNTS.get(family)[0]++;
            }
            assertTimeoutPreemptively(LIMIT, body::run, "hang: " + name);
            synchronized (COUNTS) {
                COUNTS.get(family)[1]++;
            }
        });
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Throwable;
    }

    /** {@code load} must fail with a bad-input error of one line containing {@code mention}. */
    static void refused(ThrowingRunnable load, String mention) {
        Throwable thrown = null;
        try {
            load.run();
        } catch (Throwable t) {
            thrown = t;
        }
        assertThat(thrown).as("accepted, expected an error mentioning " + mention).isNotNull();
        String line = ErrorHandler.badInput(thrown);
        assertThat(line).as("not classified as bad input: " + thrown).isNotNull();
        assertThat(line).doesNotContain("\n").contains(mention);
    }

    // ---------------------------------------------------------------- loaders

    static final String GOOD_RATING = "1::1::5::978300760";

    /** Bad ratings.dat lines of ml-1m, each placed on line 3 of an otherwise valid file. */
    static final List<String> BAD_ML1M_LINES = List.of("1::1::5", "1::1::5::978300760::9", "1:1:5:978300760", "x::1::5::978300760",
            "1::x::5::978300760", "99::1::5::978300760", "1::99::5::978300760", "1::1::0::978300760", "1::1::6::978300760",
            "1::1::3.5::978300760", "1::1::-3::978300760", "1::1::9::978300760", "1::1::x::978300760", "1::1::::978300760",
            "1::1::5::abc", "1::1::5::", "::1::5::978300760", "1::1::NaN::978300760", "1::1::1e9::978300760", "1::1::5::1.5e99",
            "1,1,5,978300760", "1\t1\t5\t978300760", "1::1::5::978300760::", " ::::::", "1::1::Infinity::978300760",
            "-1::1::5::978300760", "1::-1::5::978300760", "2147483648::1::5::978300760", "1::1::5::99999999999999999999",
            "1::1::5.0.0::978300760");

    @TestFactory
    Stream<DynamicTest> movieLens1mRatings() {
        List<DynamicTest> out = new ArrayList<>();
        for (int i = 0; i < BAD_ML1M_LINES.size(); i++) {
            String bad = BAD_ML1M_LINES.get(i);
            int n = i;
            out.add(kase("loader ml-1m ratings.dat", "line '" + bad + "'", () -> {
                Path d = ml1m("ml1m-" + n, GOOD_RATING + "\n2::2::4::978300761\n" + bad + "\n3::3::3::978300762\n");
                refused(() -> MovieLensLoader.load1m(d), "ratings.dat:3");
            }));
        }
        return out.stream();
    }

    @TestFactory
    Stream<DynamicTest> movieLens1mFiles() throws IOException {
        List<DynamicTest> out = new ArrayList<>();
        String good = BadInputTest.ratings(4, 5);
        for (String empty : new String[] {"", "\n\n\n"}) {
            out.add(kase("loader ml-1m files", empty.isEmpty() ? "empty ratings.dat" : "blank lines only", () -> {
                Path d = ml1m("f-empty-" + empty.length(), empty);
                refused(() -> MovieLensLoader.load1m(d), "ratings.dat");
            }));
        }
        out.add(kase("loader ml-1m files", "ratings.dat is a directory", () -> {
            Path d = ml1m("f-dir", null);
            Files.createDirectories(d.resolve("ratings.dat"));
            refused(() -> MovieLensLoader.load1m(d), "is a directory");
        }));
        out.add(kase("loader ml-1m files", "users.dat is a directory", () -> {
            Path d = ml1m("f-udir", good);
            Files.delete(d.resolve("users.dat"));
            Files.createDirectories(d.resolve("users.dat"));
            refused(() -> MovieLensLoader.load1m(d), "users.dat");
        }));
        out.add(kase("loader ml-1m files", "no ratings file", () -> {
            Path d = ml1m("f-none", null);
            refused(() -> MovieLensLoader.load1m(d), "ratings.dat");
        }));
        out.add(kase("loader ml-1m files", "no users.dat", () -> {
            Path d = ml1m("f-nousers", good);
            Files.delete(d.resolve("users.dat"));
            refused(() -> MovieLensLoader.load1m(d), "users.dat");
        }));
        out.add(kase("loader ml-1m files", "binary ratings.dat", () -> {
            Path d = ml1m("f-bin", null);
            Files.write(d.resolve("ratings.dat"), new byte[] {0, 1, 2, 3, (byte) 0xff, 10, 0x7f, 0x20, 10});
            refused(() -> MovieLensLoader.load1m(d), "ratings.dat:1");
        }));
        byte[] gz = gzip(good.repeat(40));
        for (int cut : new int[] {1, 5, 10, 20, gz.length / 4, gz.length / 2, gz.length - 9, gz.length - 1}) {
            out.add(kase("loader ml-1m files", "ratings.dat.gz cut at " + cut + " of " + gz.length + " bytes", () -> {
                Path d = ml1m("gz-cut-" + cut, null);
                Files.write(d.resolve("ratings.dat.gz"), java.util.Arrays.copyOf(gz, cut));
                refused(() -> MovieLensLoader.load1m(d), "ratings.dat.gz");
            }));
        }
        for (int at : new int[] {12, gz.length / 3, gz.length / 2, gz.length - 6}) {
            out.add(kase("loader ml-1m files", "ratings.dat.gz corrupt at byte " + at, () -> {
                Path d = ml1m("gz-flip-" + at, null);
                byte[] c = gz.clone();
                c[at] ^= (byte) 0xa5;
                c[at + 1] ^= (byte) 0x5a;
                Files.write(d.resolve("ratings.dat.gz"), c);
                refused(() -> MovieLensLoader.load1m(d), "ratings.dat.gz");
            }));
        }
        List<String> badUsers = List.of("1::F::1::10", "x::F::1::10::48067", "1::F::x::10::48067", "1::F::1::x::48067",
                "1::F::1::10::48067\n1::M::1::10::48067");
        for (int i = 0; i < badUsers.size(); i++) {
            String u = badUsers.get(i);
            int n = i;
            out.add(kase("loader ml-1m files", "users.dat '" + u.replace("\n", "\\n") + "'", () -> {
                Path d = ml1m("users-" + n, good);
                Files.writeString(d.resolve("users.dat"), u + "\n" + BadInputTest.USERS.substring(BadInputTest.USERS.indexOf('\n') + 1));
                refused(() -> MovieLensLoader.load1m(d), "users.dat:");
            }));
        }
        List<String> badMovies = List.of("1::Toy Story (1995)", "x::Toy Story::Comedy", "1::Toy Story::Comedy||Drama",
                "1::Toy Story::|Comedy", "1::A::Comedy\n1::B::Drama");
        for (int i = 0; i < badMovies.size(); i++) {
            String m = badMovies.get(i);
            int n = i;
            out.add(kase("loader ml-1m files", "movies.dat '" + m.replace("\n", "\\n") + "'", () -> {
                Path d = ml1m("movies-" + n, good);
                Files.writeString(d.resolve("movies.dat"), m + "\n" + BadInputTest.MOVIES.substring(BadInputTest.MOVIES.indexOf('\n') + 1));
                refused(() -> MovieLensLoader.load1m(d), "movies.dat:");
            }));
        }
        return out.stream();
    }

    @TestFactory
    Stream<DynamicTest> delimitedCsv() {
        List<DynamicTest> out = new ArrayList<>();
        List<String> bad = List.of("u1", "u1,", ",i1,5,100", "u1,,5,100", "u1,i1,x,100", "u1,i1,5,x", "u1,i1,5", "u1;i1;5;100",
                "u1,i1,,100", "u1,i1,5,");
        for (int i = 0; i < bad.size(); i++) {
            String line = bad.get(i);
            int n = i;
            out.add(kase("loader delimited csv", "line '" + line + "'", () -> {
                Path f = Files.createDirectories(tmp.resolve("csv-" + n)).resolve("r.csv");
                Files.writeString(f, "user,item,rating,time\nu0,i0,4,99\n" + line + "\n");
                refused(() -> DelimitedLoader.load(f, new DelimitedSpec(",", true, "user", "item", "rating", "time")), "r.csv:3");
            }));
        }
        out.add(kase("loader delimited csv", "header only", () -> {
            Path f = Files.createDirectories(tmp.resolve("csv-h")).resolve("r.csv");
            Files.writeString(f, "user,item,rating,time\n");
            refused(() -> DelimitedLoader.load(f, new DelimitedSpec(",", true, "user", "item", "rating", "time")), "r.csv");
        }));
        out.add(kase("loader delimited csv", "empty file", () -> {
            Path f = Files.createDirectories(tmp.resolve("csv-e")).resolve("r.csv");
            Files.writeString(f, "");
            refused(() -> DelimitedLoader.load(f, new DelimitedSpec(",", true, "user", "item", "rating", "time")), "r.csv");
        }));
        out.add(kase("loader delimited csv", "unknown column", () -> {
            Path f = Files.createDirectories(tmp.resolve("csv-c")).resolve("r.csv");
            Files.writeString(f, "user,item\nu,i\n");
            refused(() -> DelimitedLoader.load(f, new DelimitedSpec(",", true, "user", "item", "stars", null)), "stars");
        }));
        out.add(kase("loader delimited csv", "file is a directory", () -> {
            Path f = Files.createDirectories(tmp.resolve("csv-d").resolve("r.csv"));
            refused(() -> DelimitedLoader.load(f, new DelimitedSpec(",", true, "user", "item", null, null)), "is a directory");
        }));
        return out.stream();
    }

    @TestFactory
    Stream<DynamicTest> recboleAtomic() {
        List<DynamicTest> out = new ArrayList<>();
        String header = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n";
        List<String> bad = List.of("u1\ti1\t5", "u1\ti1\tx\t100", "u1\ti1\t5\tx", "\ti1\t5\t100", "u1\t\t5\t100", "u1 i1 5 100",
                "u1\ti1\t5\t100\textra");
        for (int i = 0; i < bad.size(); i++) {
            String line = bad.get(i);
            int n = i;
            out.add(kase("loader recbole atomic", "line '" + line.replace("\t", "\\t") + "'", () -> {
                Path d = Files.createDirectories(tmp.resolve("rb-" + n));
                Files.writeString(d.resolve("x.inter"), header + "u0\ti0\t4\t99\n" + line + "\n");
                refused(() -> RecBoleAtomicLoader.load(d, "x"), "x.inter:3");
            }));
        }
        List<String> badHeaders = List.of("user_id\titem_id\n", "user_id:blob\titem_id:token\n", "item_id:token\n", "");
        for (int i = 0; i < badHeaders.size(); i++) {
            String h = badHeaders.get(i);
            int n = i;
            out.add(kase("loader recbole atomic", "header '" + h.replace("\t", "\\t").replace("\n", "") + "'", () -> {
                Path d = Files.createDirectories(tmp.resolve("rbh-" + n));
                Files.writeString(d.resolve("x.inter"), h + (h.isEmpty() ? "" : "u0\ti0\n"));
                refused(() -> RecBoleAtomicLoader.load(d, "x"), "x.inter");
            }));
        }
        return out.stream();
    }

    // ---------------------------------------------------------------- configs

    static final String GOOD_CONFIG = "seed: 1\ndataset { format: SYNTHETIC synthetic { users: 100 items: 60 } }\n"
            + "protocol: LEAVE_ONE_OUT\nmodel { plugin: \"pop\" }\n";

    static final List<String[]> BAD_CONFIGS = List.of(
            new String[] {"unknown top-level key", GOOD_CONFIG + "sede: 1\n", "sede"},
            new String[] {"unknown nested key", GOOD_CONFIG + "evaluation { kk: 10 }\n", "kk"},
            new String[] {"string for a number", GOOD_CONFIG.replace("seed: 1", "seed: \"one\""), "c.textproto:1:"},
            new String[] {"unknown enum value", GOOD_CONFIG.replace("LEAVE_ONE_OUT", "LEAVE_TWO_OUT"), "LEAVE_TWO_OUT"},
            new String[] {"unknown dataset format", GOOD_CONFIG.replace("SYNTHETIC synthetic", "PARQUET synthetic"), "PARQUET"},
            new String[] {"unterminated string", GOOD_CONFIG.replace("\"pop\"", "\"pop"), ":"},
            new String[] {"unbalanced brace", GOOD_CONFIG.replace("model {", "model {{"), ":"},
            new String[] {"missing brace", GOOD_CONFIG.replace("\"pop\" }", "\"pop\""), ":"},
            new String[] {"unknown model plugin", GOOD_CONFIG.replace("\"pop\"", "\"popp\""), "popp"},
            new String[] {"unknown plugin parameter", GOOD_CONFIG.replace("plugin: \"pop\"", "plugin: \"item-knn\" params { key: \"nn\" value: \"5\" }"), "nn"},
            new String[] {"non-numeric plugin parameter", GOOD_CONFIG.replace("plugin: \"pop\"", "plugin: \"item-knn\" params { key: \"neighbors\" value: \"many\" }"), "neighbors"},
            new String[] {"negative synthetic users", GOOD_CONFIG.replace("users: 100", "users: -5"), "users"},
            new String[] {"zero synthetic items", GOOD_CONFIG.replace("items: 60", "items: 0"), "items"},
            new String[] {"no model", "seed: 1\ndataset { format: SYNTHETIC }\nprotocol: LEAVE_ONE_OUT\n", "model"},
            new String[] {"no dataset format", "seed: 1\ndataset { }\nprotocol: LEAVE_ONE_OUT\nmodel { plugin: \"pop\" }\n", "format"},
            new String[] {"duplicate singular field", GOOD_CONFIG + "seed: 2\n", "seed"},
            new String[] {"missing dataset path", "dataset { format: MOVIELENS_1M path: \"nowhere\" }\nprotocol: LEAVE_ONE_OUT\nmodel { plugin: \"pop\" }\n", "nowhere"},
            new String[] {"binary bytes", "\u0000\u0001\u0002", "c.textproto"},
            new String[] {"evaluation k zero", GOOD_CONFIG + "evaluation { k: 0 }\n", "k"},
            new String[] {"duplicate labels", GOOD_CONFIG + "model { plugin: \"pop\" }\n", "pop"},
            new String[] {"unknown encoder", GOOD_CONFIG.replace("plugin: \"pop\"", "plugin: \"two-tower\" encoder { name: \"mf-bprr\" }"), "mf-bprr"},
            new String[] {"unknown augmenter", GOOD_CONFIG.replace("plugin: \"pop\"", "plugin: \"pop\" augmenter { name: \"nope\" }"), "nope"},
            new String[] {"a list for a scalar", GOOD_CONFIG.replace("seed: 1", "seed: [1, 2]"), "c.textproto:1:"},
            new String[] {"garbage text", "this is not a config at all", "c.textproto"},
            new String[] {"json instead of textproto", "{\"seed\": 1}", "c.textproto"});

    @TestFactory
    Stream<DynamicTest> configs() {
        List<DynamicTest> out = new ArrayList<>();
        for (int i = 0; i < BAD_CONFIGS.size(); i++) {
            String[] c = BAD_CONFIGS.get(i);
            int n = i;
            // inspect-data reads the dataset section only: model-section mistakes are train's (and eval's) to refuse
            boolean modelSection = c[0].contains("plugin") || c[0].contains("encoder") || c[0].contains("augmenter");
            for (String command : modelSection ? new String[] {"train", "eval"} : new String[] {"train", "inspect-data"}) {
                out.add(kase("config", command + ": " + c[0], () -> {
                    Path d = Files.createDirectories(tmp.resolve("cfg-" + command + "-" + n));
                    Path f = d.resolve("c.textproto");
                    Files.writeString(f, c[1]);
                    CliTest.Run r = command.equals("train")
                            ? CliTest.run("train", "--quiet", "-c", f.toString(), "--output", d.resolve("runs").toString())
                            : CliTest.run(command, "--quiet", "-c", f.toString());
                    exit2(r, "c.textproto", c[2]);
                    assertThat(d.resolve("runs")).doesNotExist();
                }));
            }
        }
        return out.stream();
    }

    /** Exit 2, one line on stderr, no stack trace, naming every {@code parts}. */
    static void exit2(CliTest.Run r, String... parts) {
        assertThat(r.code()).as("exit code; stderr:\n" + r.err()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err).as("one line").doesNotContain("\n").doesNotContain("\tat ").doesNotContain("internal error").startsWith("error:");
        for (String p : parts) {
            assertThat(err).contains(p);
        }
    }

    // ---------------------------------------------------------------- CLI arguments

    @TestFactory
    Stream<DynamicTest> arguments() throws Exception {
        Path run = TrainedRun.get().toAbsolutePath();
        String r = run.toString();
        Path notARun = Files.createDirectories(tmp.resolve("not-a-run"));
        Path aFile = Files.writeString(tmp.resolve("a-file.txt"), "x");
        Files.createDirectories(tmp.resolve("cfgs").resolve("ml"));
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {"--no-such-option", "train", "-c", writeConfig("good", GOOD_CONFIG).toString(), "--no-such-option"},
                new String[] {"-c", "train"},
                new String[] {"-c", "train", "-c"},
                new String[] {"missing.textproto", "train", "-c", tmp.resolve("missing.textproto").toString()},
                new String[] {"directory", "train", "-c", notARun.toString()},
                new String[] {"--run", "recommend", "--user", "1"},
                new String[] {"not-a-run", "recommend", "--run", notARun.toString(), "--user", "1"},
                new String[] {"a-file.txt", "recommend", "--run", aFile.toString(), "--user", "1"},
                new String[] {"-n", "recommend", "--run", r, "--user", "1", "-n", "0"},
                new String[] {"-n", "recommend", "--run", r, "--user", "1", "-n", "-4"},
                new String[] {"-n", "recommend", "--run", r, "--user", "1", "-n", "ten"},
                new String[] {"-n", "recommend", "--run", r, "--user", "1", "-n", "99999999999"},
                new String[] {"unknown user", "recommend", "--run", r, "--user", "nobody"},
                new String[] {"no vectors for model", "recommend", "--run", r, "--user", "1", "--model", "nope"},
                new String[] {"--store", "recommend", "--run", r, "--user", "1", "--store", "http://x:1"},
                new String[] {"--store", "recommend", "--run", r, "--user", "1", "--store", "redis://nohostport"},
                new String[] {"--timeout-ms", "recommend", "--run", r, "--user", "1", "--timeout-ms", "soon"},
                new String[] {"--reload-every", "serve", "--run", r, "--port", "0", "--reload-every", "-3"},
                new String[] {"--reload-every", "serve", "--run", r, "--port", "0", "--reload-every", "x"},
                new String[] {"--threads", "serve", "--run", r, "--port", "0", "--threads", "0"},
                new String[] {"--port", "serve", "--run", r, "--port", "70000"},
                new String[] {"--port", "serve", "--run", r, "--port", "-1"},
                new String[] {"not-a-run", "serve", "--run", notARun.toString(), "--port", "0"},
                new String[] {"existing", "export", "--run", r, "--out", aFile.toString()},
                new String[] {"already exists", "export", "--run", r, "--out", notARun.toString()},
                new String[] {"--out", "export", "--run", r},
                new String[] {"not-a-run", "export", "--run", notARun.toString(), "--out", tmp.resolve("x1").toString()},
                new String[] {"not-a-run", "index", "--run", notARun.toString()},
                new String[] {"--m1", "index", "--run", r, "--m1", "many"},
                new String[] {"not-a-run", "eval-channels", "--run", notARun.toString()},
                new String[] {"--plugin-path", "plugins", "--plugin-path", aFile.toString()},
                new String[] {"--plugin-path", "plugins", "--plugin-path", tmp.resolve("no-dir").toString()},
                new String[] {"no-such-command", "no-such-command"},
                new String[] {"no-data", "inspect-data", "-c", writeConfig("ml", "dataset { format: MOVIELENS_1M path: \"ml\" }\nprotocol: LEAVE_ONE_OUT\n"
                        + "model { plugin: \"pop\" }\n").toString(), "--data", tmp.resolve("no-data").toString()}));
        List<DynamicTest> out = new ArrayList<>();
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            out.add(kase("cli arguments", String.join(" ", args).replace(tmp.toString(), "TMP").replace(r, "RUN"), () -> {
                CliTest.Run res = CliTest.run(args);
                exit2(res, c[0]);
            }));
        }
        return out.stream();
    }

    static Path writeConfig(String name, String text) throws IOException {
        Path f = Files.createDirectories(tmp.resolve("cfgs")).resolve(name + ".textproto");
        Files.writeString(f, text);
        return f;
    }

    // ---------------------------------------------------------------- artifacts

    @TestFactory
    Stream<DynamicTest> artifacts() throws Exception {
        Path run = TrainedRun.get();
        List<Path> files;
        try (var s = Files.walk(run)) {
            files = s.filter(Files::isRegularFile).map(run::relativize).sorted().toList();
        }
        List<DynamicTest> out = new ArrayList<>();
        String[] damages = {"flip a byte", "truncate to half", "empty", "delete"};
        for (Path rel : files) {
            for (String damage : damages) {
                out.add(kase("artifacts", damage + " " + rel, () -> {
                    Path copy = TrainedRun.copy(tmp.resolve("art-" + rel.toString().replace('/', '_') + "-" + damage.replace(' ', '_')));
                    Path f = copy.resolve(rel.toString());
                    byte[] b = Files.readAllBytes(f);
                    switch (damage) {
                        case "flip a byte" -> {
                            b[b.length / 2] ^= 0x5a;
                            Files.write(f, b);
                        }
                        case "truncate to half" -> Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
                        case "empty" -> Files.write(f, new byte[0]);
                        default -> Files.delete(f);
                    }
                    String name = rel.getFileName().toString();
                    boolean serving = rel.startsWith("serving");
                    // the serving commands read every artifact: vectors and serving files, checked against their manifests
                    CliTest.Run res = CliTest.run("recommend", "--quiet", "--run", copy.toString(), "--user", "3");
                    exit2(res);
                    assertThat(res.err()).containsAnyOf(name, serving ? "serving.pb" : "manifest.textproto", copy.toString());
                    if (!serving) {
                        exit2(CliTest.run("export", "--quiet", "--run", copy.toString(), "--out", copy.resolveSibling(copy.getFileName()
                                + "-out").toString()));
                    }
                }));
            }
        }
        return out.stream();
    }

    // ---------------------------------------------------------------- HTTP

    static final List<String> BAD_REQUESTS = List.of(
            "GET /recommend HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user= HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=nobody HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=% HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=%E2%82 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3&n=0 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3&n=-1 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3&n=abc HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3&n= HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3&n=1e3 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3&n=99999999999 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3&n=100000 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?n=3 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?&&& HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend/extra?user=3 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /health/ HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /recommend?user=3 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
            "PUT /recommend?user=3 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
            "DELETE /health HTTP/1.1\r\nHost: x\r\n\r\n",
            "PATCH /health HTTP/1.1\r\nHost: x\r\n\r\n",
            "OPTIONS /recommend HTTP/1.1\r\nHost: x\r\n\r\n",
            "BREW /recommend HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3 HTTP/9.9\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3 junk\r\n\r\n",
            "GARBAGE\r\n\r\n",
            "\u0001\u0002\u0003\u0004\r\n\r\n",
            "GET /recommend?user=3 HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n",
            "GET /recommend?user=3 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
            "GET /recommend?user=" + "u".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3 HTTP/1.1\r\n\r\n",
            "GET /recommend?user=3 HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
            "GET /recommend?user=3 HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            "GET /recommend?user=3 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: bogus\r\n\r\n",
            "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /recommend?user=3%00 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /%2e%2e/health HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET http://other/nothing HTTP/1.1\r\nHost: x\r\n\r\n");

    @TestFactory
    Stream<DynamicTest> httpRequests() throws Exception {
        Path run = TrainedRun.get();
        List<DynamicTest> out = new ArrayList<>();
        for (int i = 0; i < BAD_REQUESTS.size(); i++) {
            String req = BAD_REQUESTS.get(i);
            String shown = req.length() > 70 ? req.substring(0, 70) + "..." : req;
            out.add(kase("http requests", shown.replace("\r\n", "\\r\\n"), () -> {
                String answer = send(server(run), req);
                // 4xx; an HTTP version the server does not speak is 505 (RFC 9110), also with a JSON body
                assertThat(answer).as(answer).matches("(?s)HTTP/1\\.1 (4\\d\\d|505) .*");
                int body = answer.indexOf("\r\n\r\n");
                String head = answer.substring(0, body);
                assertThat(head.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json");
                String json = answer.substring(body + 4).strip();
                assertThat(json).startsWith("{\"error\":").endsWith("}").doesNotContain("\n").doesNotContain("<html");
            }));
        }
        return out.stream();
    }

    static RecommendHttpServer httpServer;
    static Recommender httpRecommender;

    static synchronized RecommendHttpServer server(Path run) throws Exception {
        if (httpServer == null) {
            RunDirectory rd = RunDirectory.open(run);
            RecommenderSettings s = RecommenderSettings.fromConfig(rd.config(), rd.requireServing("mf"));
            httpRecommender = Recommenders.open(s, PluginRegistry.discover(), MetricsSink.NOOP);
            httpServer = RecommendHttpServer.start(httpRecommender, new InetSocketAddress("127.0.0.1", 0), 2, 10);
        }
        return httpServer;
    }

    @AfterAll
    static void stopServer() {
        if (httpServer != null) {
            httpServer.close();
            httpRecommender.close();
        }
    }

    static String send(RecommendHttpServer s, String request) throws IOException {
        try (Socket so = new Socket("127.0.0.1", s.address().getPort())) {
            so.setSoTimeout(10_000);
            so.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            so.getOutputStream().flush();
            so.shutdownOutput();
            return new String(so.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------- helpers

    static Path ml1m(String name, String ratings) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.writeString(d.resolve("users.dat"), BadInputTest.USERS);
        Files.writeString(d.resolve("movies.dat"), BadInputTest.MOVIES);
        if (ratings != null) {
            Files.writeString(d.resolve("ratings.dat"), ratings);
        }
        return d;
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b)) {
            o.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }
}
