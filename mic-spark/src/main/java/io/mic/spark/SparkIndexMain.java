package io.mic.spark;

import io.mic.core.data.IdMap;
import io.mic.core.data.InteractionMatrix;
import io.mic.core.io.EmbeddingExport;
import io.mic.core.registry.PluginKind;
import io.mic.core.registry.PluginRegistry;
import io.mic.core.registry.SeededPluginContext;
import io.mic.core.run.RunWriter;
import io.mic.retrieval.serve.PluginRef;
import io.mic.retrieval.serve.RunInputs;
import io.mic.retrieval.serve.ServingArtifacts;
import io.mic.spi.MetricsSink;
import io.mic.spi.Schema;
import io.mic.spi.VectorIndex;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Command line of the Spark job ({@code spark-submit --class io.mic.spark.SparkIndexMain}), and of
 * the scale test's synthetic input.
 *
 * <pre>
 *   build   --run DIR [--model LABEL] [--data PATH] [--target DIR]
 *               (a run directory, read as `mic index --run DIR` reads it: the model's vectors, the run's data
 *               re-split for the history, its categories, its index plugin and the model's own item neighbour
 *               lists when it stored them (neighbors/LABEL.txt: then no item kNN); target default DIR/serving/LABEL)
 *           | --vectors DIR --history FILE [--categories FILE] --target DIR [--model NAME] [--run-name NAME]
 *               (an embedding export and a history file, e.g. the synthetic input of `generate`)
 *           [--index exact|hnsw] [--param k=v]... [--m1 50] [--m3 50] [--partitions N] [--threads N] [--master URL]
 *           [--parts-dir DIR]    (where the tasks write the tables' part files; default inside the staged artifacts:
 *                                 on a cluster a directory the executors write and the driver reads)
 *           [--index-handoff auto|jvm|files]  (how the tasks get the item and user indexes: jvm = the driver's own
 *                                 objects, local masters only; files = the saved index, loaded once per executor from
 *                                 a path every executor reads (beside the part files); auto = jvm when local)
 *           [--single-jvm]       (the same artifacts without Spark: what `mic index` runs, for comparison)
 *           [--redis URI [--redis-prefix mic]]  (then load the tables into Redis from the partitions: SparkRedisLoad)
 *   generate --out DIR --users N --items N [--dim 64] [--per-user 20] [--seed 1]
 *           (synthetic clustered vectors as an embedding export, plus a history file)
 * </pre>
 *
 * <p>History file: one line {@code user<TAB>item} per interaction (internal ids), each user's lines
 * oldest first, users in any order. Categories file: one line per item, its category id or -1
 * ({@code categories.txt} of the artifacts). Prints one line per stage: seconds and peak heap.
 */
public final class SparkIndexMain {
    private SparkIndexMain() {
    }

    // a command line tool: its report goes to stdout
    @SuppressWarnings("java:S106")
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: SparkIndexMain build|generate --option value ... (see the class javadoc)");
        }
        Map<String, String> o = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        boolean singleJvm = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--single-jvm")) {
                singleJvm = true;
            } else if (a.startsWith("--") && i + 1 < args.length) {
                String v = args[++i];
                if (a.equals("--param")) {
                    int eq = v.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--param " + v + ": expected key=value");
                    }
                    params.put(v.substring(0, eq), v.substring(eq + 1));
                } else {
                    o.put(a.substring(2), v);
                }
            } else {
                throw new IllegalArgumentException("argument " + (i + 1) + " '" + a + "': expected --option value");
            }
        }
        java.util.Set<String> known = switch (args[0]) {
            case "generate" -> java.util.Set.of("out", "users", "items", "dim", "per-user", "seed");
            default -> java.util.Set.of("run", "model", "data", "target", "vectors", "history", "categories", "run-name", "index", "m1",
                    "m3", "partitions", "threads", "master", "parts-dir", "index-handoff", "redis", "redis-prefix");
        };
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + " for " + args[0] + " (known: "
                        + known.stream().sorted().map(x -> "--" + x).collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        }
        switch (args[0]) {
            case "generate" -> generate(Path.of(req(o, "out")), Integer.parseInt(req(o, "users")), Integer.parseInt(req(o, "items")),
                    Integer.parseInt(o.getOrDefault("dim", "64")), Integer.parseInt(o.getOrDefault("per-user", "20")),
                    Long.parseLong(o.getOrDefault("seed", "1")));
            case "build" -> build(o, params, singleJvm);
            default -> throw new IllegalArgumentException("unknown command '" + args[0] + "' (build, generate)");
        }
    }

    private static String req(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    @SuppressWarnings("java:S106")
    private static void build(Map<String, String> o, Map<String, String> params, boolean singleJvm) throws IOException {
        long t0 = System.nanoTime();
        StageTimer timer = new StageTimer();
        int threads = Integer.parseInt(o.getOrDefault("threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
        int m1 = Integer.parseInt(o.getOrDefault("m1", "50"));
        int m3 = Integer.parseInt(o.getOrDefault("m3", "50"));
        Path vectors;
        InteractionMatrix history;
        int[] categories;
        PluginRef ref;
        ServingArtifacts.Spec spec;
        Path target;
        int[][] ownItemNeighbors = null;
        if (o.containsKey("run")) {
            for (String k : List.of("vectors", "history", "categories")) {
                if (o.containsKey(k)) {
                    throw new IllegalArgumentException("--" + k + " and --run exclude each other: a run directory has its vectors, data "
                            + "and categories");
                }
            }
            RunInputs in = timer.time("read run", () -> RunInputs.load(Path.of(o.get("run")), o.get("model"),
                    o.containsKey("data") ? Path.of(o.get("data")) : null, PluginRegistry.discover()));
            vectors = in.vectorsDir();
            history = in.history();
            categories = in.categories();
            ref = o.containsKey("index") ? PluginRef.of(o.get("index"), params) : in.index();
            spec = in.spec(m1, m3, threads);
            target = o.containsKey("target") ? Path.of(o.get("target")) : in.servingDir();
            ownItemNeighbors = in.itemNeighbors();
        } else {
            vectors = Path.of(req(o, "vectors"));
            EmbeddingExport e = EmbeddingExport.open(vectors, false);
            int users = (int) e.set("users").getEntities();
            int items = (int) e.set("items").getEntities();
            history = timer.time("read history", () -> readHistory(Path.of(req(o, "history")), users, items));
            categories = o.containsKey("categories") ? readCategories(Path.of(o.get("categories")), items) : filled(items, -1);
            ref = PluginRef.of(o.getOrDefault("index", "hnsw"), params);
            spec = new ServingArtifacts.Spec(o.getOrDefault("model", e.manifest().getModelName()), e.manifest().getModelName(),
                    o.getOrDefault("run-name", vectors.toAbsolutePath().getParent().getFileName().toString()), m1, m3, "source-order",
                    "history-file", threads);
            target = Path.of(req(o, "target"));
        }
        int users = history.numUsers();
        int items = history.numItems();
        long version = System.currentTimeMillis();
        int[][] own = ownItemNeighbors;
        System.out.println("similar items: " + (own != null ? "the model's own neighbour lists (" + RunWriter.NEIGHBORS + "/)"
                : "kNN over the item vectors"));
        if (singleJvm) {
            PluginRegistry reg = PluginRegistry.discover();
            SeededPluginContext ctx = SeededPluginContext.of(Schema.of(users, items), 0L, MetricsSink.NOOP);
            String id = PluginRegistry.idOf(reg.factory(PluginKind.VECTOR_INDEX, ref.name(), "--index")).toString();
            Supplier<VectorIndex> newIndex = SparkIndexJob.timed(timer,
                    () -> reg.create(PluginKind.VECTOR_INDEX, ref.config(), ctx, "--index"), "item index", "user index");
            timer.time("write (all)", () -> ServingArtifacts.write(target, vectors, history, categories, newIndex, id, spec, version,
                    in -> timer.time("tables", () -> ServingArtifacts.LOCAL_TABLES.build(in)), own));
            for (StageTimer.Stage s : timer.stages()) {
                System.out.println(StageTimer.format(s));
            }
            System.out.printf(Locale.ROOT, "single-jvm total %.2f s, %.2f CPU s, peak RSS %d MB%n", (System.nanoTime() - t0) / 1e9,
                    StageTimer.processCpuNanos() / 1e9, StageTimer.peakRssMb());
            return;
        }
        SparkConf conf = new SparkConf().setAppName("mic-index").set("spark.ui.enabled", "false");
        if (o.containsKey("master")) {
            conf.setMaster(o.get("master"));
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            int partitions = Integer.parseInt(o.getOrDefault("partitions", Integer.toString(4 * sc.defaultParallelism())));
            Path partsDir = o.containsKey("parts-dir") ? Path.of(o.get("parts-dir")) : null;
            BroadcastIndex.Handoff handoff = BroadcastIndex.Handoff.parse(o.getOrDefault("index-handoff", "auto"), "--index-handoff")
                    .resolve(sc.isLocal());
            if (handoff == BroadcastIndex.Handoff.JVM && !sc.isLocal()) {
                throw new IllegalArgumentException("--index-handoff jvm needs a local master (the tasks must run in the driver's JVM), got "
                        + sc.master());
            }
            System.out.println("index handoff: " + handoff.name().toLowerCase(Locale.ROOT));
            SparkIndexJob.Result r = SparkIndexJob.write(sc, target, vectors, history, categories,
                    new SparkIndexJob.Settings(ref, spec, partitions, version, partsDir, handoff == BroadcastIndex.Handoff.FILES), own);
            for (StageTimer.Stage s : timer.stages()) {
                System.out.println(StageTimer.format(s));
            }
            for (StageTimer.Stage s : r.stages()) {
                System.out.println(StageTimer.format(s));
            }
            if (o.containsKey("redis")) {
                boolean loaded = SparkRedisLoad.publishIfAbsent(sc, r.artifacts().tablesDir(),
                        SparkRedisLoad.Settings.of(java.net.URI.create(o.get("redis")), o.getOrDefault("redis-prefix", "mic"), partitions));
                System.out.println(loaded ? "loaded into " + o.get("redis") : "already live in " + o.get("redis"));
            }
            System.out.printf(Locale.ROOT, "spark total %.2f s, %.2f CPU s, peak RSS %d MB, artifacts %s%n", (System.nanoTime() - t0) / 1e9,
                    StageTimer.processCpuNanos() / 1e9, StageTimer.peakRssMb(), r.artifacts().dir());
        }
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    /** Reads {@code user<TAB>item} lines into per-user lists in file order. */
    static InteractionMatrix readHistory(Path file, int users, int items) throws IOException {
        int[] count = new int[users];
        int lines = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines++;
                count[parse(line, file, lines, users, items)[0]]++;
            }
        }
        int[] off = new int[users + 1];
        for (int u = 0; u < users; u++) {
            off[u + 1] = off[u] + count[u];
        }
        int[] at = Arrays.copyOf(off, users);
        int[] its = new int[lines];
        int ln = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int[] ui = parse(line, file, ++ln, users, items);
                its[at[ui[0]]++] = ui[1];
            }
        }
        return new InteractionMatrix(users, items, off, its, null, null);
    }

    private static int[] parse(String line, Path file, int ln, int users, int items) {
        int tab = line.indexOf('\t');
        try {
            if (tab < 0) {
                throw new NumberFormatException("no tab");
            }
            int u = Integer.parseInt(line.substring(0, tab).trim());
            int i = Integer.parseInt(line.substring(tab + 1).trim());
            if (u < 0 || u >= users || i < 0 || i >= items) {
                throw new IllegalArgumentException(file + ":" + ln + ": user " + u + " / item " + i + " outside the export's " + users
                        + " users / " + items + " items");
            }
            return new int[] {u, i};
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(file + ":" + ln + ": '" + line + "' is not user<TAB>item", ex);
        }
    }

    static int[] readCategories(Path file, int items) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() != items) {
            throw new IllegalArgumentException(file + ": " + lines.size() + " lines, the export has " + items + " items");
        }
        int[] c = new int[items];
        for (int i = 0; i < items; i++) {
            try {
                c[i] = Integer.parseInt(lines.get(i).trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": '" + lines.get(i) + "' is not a category id", ex);
            }
        }
        return c;
    }

    /**
     * Synthetic input: users and items as noisy points around 1000 shared random centres (dim
     * {@code dim}, unit length), written as an embedding export; {@code perUser} random items per user.
     */
    static void generate(Path out, int users, int items, int dim, int perUser, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        int clusters = 1000;
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextGaussian();
        }
        Path vec = out.resolve("vectors");
        try (EmbeddingExport.Writer w = EmbeddingExport.writer(vec, "synthetic/1", "seed-" + seed)) {
            writeSet(w, "users", users, dim, centres, rnd);
            writeSet(w, "items", items, dim, centres, rnd);
            w.commit();
        }
        try (BufferedWriter h = Files.newBufferedWriter(out.resolve("history.tsv"), StandardCharsets.UTF_8)) {
            for (int u = 0; u < users; u++) {
                for (int j = 0; j < perUser; j++) {
                    h.write(Integer.toString(u));
                    h.write('\t');
                    h.write(Integer.toString(rnd.nextInt(items)));
                    h.write('\n');
                }
            }
        }
    }

    private static void writeSet(EmbeddingExport.Writer w, String name, int n, int dim, float[] centres, SplittableRandom rnd)
            throws IOException {
        IdMap ids = IdMap.range(n);
        int block = 65536;
        float[] buf = new float[block * dim];
        int clusters = centres.length / dim;
        try (EmbeddingExport.SetWriter sw = w.begin(name, ids, dim, 1)) {
            for (int from = 0; from < n; from += block) {
                int rows = Math.min(block, n - from);
                for (int r = 0; r < rows; r++) {
                    int g = rnd.nextInt(clusters);
                    double norm = 0;
                    for (int d = 0; d < dim; d++) {
                        float x = centres[g * dim + d] + 0.5f * (float) rnd.nextGaussian();
                        buf[r * dim + d] = x;
                        norm += x * x;
                    }
                    float inv = (float) (1 / Math.sqrt(norm));
                    for (int d = 0; d < dim; d++) {
                        buf[r * dim + d] *= inv;
                    }
                }
                sw.append(buf, 0, rows);
            }
        }
    }
}
