package io.mic.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code docs/performance.md} and its PNG plots from one report run's raw files: JMH's
 * {@code jmh-*.json}, the benchmarks' side files (peak memory, recall), the ANN sweeps
 * ({@code ann-*.json}), the PyTorch step ({@code torch-*.json}), the Redis baseline and
 * {@code machine.json}. Every number in the document comes from those files; a missing input shows
 * as "not measured", never as a guess.
 *
 * <p>Usage: {@code ReportGenerator RAW_DIR OUT_MD PLOT_DIR}.
 */
public final class ReportGenerator {
    static final double HNSW_RECALL = 0.95;

    private final Path raw;
    private final Path plots;
    private final Path md;
    private final List<Map<String, Object>> jmh = new ArrayList<>();
    private final Map<String, Object> machine;
    private final StringBuilder out = new StringBuilder();
    private final List<String[]> goals = new ArrayList<>();

    ReportGenerator(Path raw, Path md, Path plots) throws IOException {
        this.raw = raw;
        this.md = md;
        this.plots = plots;
        try (Stream<Path> files = Files.list(raw)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("jmh-.*\\.json")).sorted().toList()) {
                String text = Files.readString(p).trim();
                if (!text.isEmpty()) {
                    for (Object o : Json.arr(Json.parse(text))) {
                        jmh.add(Json.obj(o));
                    }
                }
            }
        }
        Map<String, Object> m = read("machine.json");
        machine = m == null ? Map.of() : m;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ReportGenerator RAW_DIR OUT_MD PLOT_DIR");
        }
        System.setProperty("java.awt.headless", "true");
        new ReportGenerator(Path.of(args[0]), Path.of(args[1]), Path.of(args[2])).write();
    }

    private Map<String, Object> read(String name) throws IOException {
        Path p = raw.resolve(name);
        return Files.isRegularFile(p) ? Json.obj(Json.parse(Files.readString(p))) : null;
    }

    /** JMH results of {@code bench} (simple class name + "." + method) whose params include {@code params}. */
    private List<Map<String, Object>> results(String bench, Map<String, String> params) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (Map<String, Object> r : jmh) {
            String b = (String) r.get("benchmark");
            if (!b.endsWith("." + bench)) {
                continue;
            }
            Map<String, Object> ps = r.get("params") == null ? Map.of() : Json.obj(r.get("params"));
            boolean ok = true;
            for (var e : params.entrySet()) {
                ok &= e.getValue().equals(ps.get(e.getKey()));
            }
            if (ok) {
                l.add(r);
            }
        }
        return l;
    }

    private Map<String, Object> result(String bench, String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        List<Map<String, Object>> l = results(bench, p);
        return l.isEmpty() ? null : l.get(0);
    }

    private static double score(Map<String, Object> r) {
        return r == null ? Double.NaN : Json.num(Json.obj(r.get("primaryMetric")).get("score"));
    }

    private static double error(Map<String, Object> r) {
        return r == null ? Double.NaN : Json.num(Json.obj(r.get("primaryMetric")).get("scoreError"));
    }

    private static String unit(Map<String, Object> r) {
        return r == null ? "" : (String) Json.obj(r.get("primaryMetric")).get("scoreUnit");
    }

    private static String param(Map<String, Object> r, String name) {
        return (String) Json.obj(r.get("params")).get(name);
    }

    static String f(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e12) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        String fmt = a >= 1000 ? "%,.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : a >= 1 ? "%.3f" : "%.4f";
        return String.format(Locale.ROOT, fmt, v);
    }

    private static String pm(Map<String, Object> r) {
        if (r == null) {
            return "not measured";
        }
        double e = error(r);
        return f(score(r)) + (Double.isNaN(e) ? "" : " ± " + f(e));
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private void goal(String what, String measured, String target, Boolean met) {
        goals.add(new String[] {what, measured, target, met == null ? "not measured" : met ? "**met**" : "**not met**"});
    }

    void write() throws IOException {
        Files.createDirectories(plots);
        StringBuilder body = new StringBuilder();
        training();
        body.append(out);
        out.setLength(0);
        transformer();
        body.append(out);
        out.setLength(0);
        exact();
        body.append(out);
        out.setLength(0);
        hnsw();
        body.append(out);
        out.setLength(0);
        serving();
        body.append(out);
        out.setLength(0);
        recommend();
        body.append(out);
        out.setLength(0);
        data();
        body.append(out);
        out.setLength(0);

        header();
        line("## Goals");
        line("");
        line("| goal | measured | target | status |");
        line("|---|---|---|---|");
        for (String[] g : goals) {
            line("| " + String.join(" | ", g) + " |");
        }
        line("");
        out.append(body);
        reproduce();
        Files.createDirectories(md.toAbsolutePath().getParent());
        Files.writeString(md, out.toString());
    }

    private String m(String key) {
        Object v = machine.get(key);
        return v == null ? "n/a" : v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : v.toString();
    }

    private void header() {
        boolean quick = "quick".equals(machine.get("mode"));
        line("# MIC performance report");
        line("");
        line("<!-- generated by `./mic bench-report" + (quick ? " --quick" : "") + "` (io.mic.bench.report.ReportGenerator); do not edit by hand -->");
        line("");
        if (quick) {
            line("> **QUICK / NOISY RUN** (`./mic bench-report --quick`): short JMH iterations, small sizes, taken on a shared,");
            line("> busy machine. It proves the pipeline works end to end; its numbers are **not** the project's");
            line("> measurements. Run `./mic bench-report` on a quiet machine for those.");
            line("");
        }
        line("Every number below comes from one run of the report command, peers measured in the same run on the");
        line("same machine with the same thread count. Raw files: `docs/perf/raw/` (JMH `-rf json`, peers' JSON).");
        line("");
        line("| machine | |");
        line("|---|---|");
        line("| date (UTC) | " + m("date") + " |");
        line("| mode | " + m("mode") + " |");
        line("| commit | " + m("commit") + " |");
        line("| CPU | " + m("cpu") + " |");
        line("| cores visible / threads used (taskset, JMH, peers) | " + m("cores") + " / " + m("threads") + " |");
        line("| memory | " + m("memory") + " |");
        line("| JVM | " + m("jvm") + " |");
        line("| Python / PyTorch / BLAS | " + m("python") + " / " + m("torch") + " / " + m("blas") + " |");
        line("| peers | " + m("peers") + " |");
        line("");
    }

    // ---------------------------------------------------------------- transformer step
    private void transformer() throws IOException {
        List<Map<String, Object>> ours = results("TransformerStepBenchmark.step", Map.of());
        Map<String, Object> best = null;
        try (Stream<Path> files = Files.list(raw)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("torch-transformer-t\\d+\\.json")).toList()) {
                Map<String, Object> t = Json.obj(Json.parse(Files.readString(p)));
                if (best == null || Json.num(t.get("ms_per_step")) < Json.num(best.get("ms_per_step"))) {
                    best = t;
                }
            }
        }
        if (ours.isEmpty() && best == null) {
            return;
        }
        line("## Transformer training step (batch 256, length 50, dim 64, 2 pre-LN layers, 2 heads, Adam)");
        line("");
        line("Ours: `TransformerStepBenchmark` (io.mic.models.tf.layers, dense weights in Java, Adam in Java). Peer:");
        line("`peers/transformer_step.py`, PyTorch `nn.TransformerEncoderLayer(norm_first=True)` + `torch.optim.Adam`, same");
        line("shapes, masks (causal + padding), dropout, loss; its faster thread count. Ratio = PyTorch ms ÷ ours (> 1: we are faster).");
        line("");
        line("| ours ms/step | PyTorch ms/step | ours/PyTorch throughput |");
        line("|---:|---:|---:|");
        double o = ours.isEmpty() ? Double.NaN : score(ours.get(0));
        double tm = best == null ? Double.NaN : Json.num(best.get("ms_per_step"));
        line(String.format(Locale.ROOT, "| %s | %s | %s |", ours.isEmpty() ? "not measured" : pm(ours.get(0)),
                best == null ? "not measured" : f(tm) + " (" + f(Json.num(best.get("threads"))) + " thr)",
                Double.isNaN(o) || Double.isNaN(tm) ? "n/a" : f(tm / o) + "×"));
        line("");
    }

    // ---------------------------------------------------------------- training
    private void training() throws IOException {
        line("## Two-tower training step (batch 256, dim 64, in-batch InfoNCE, τ 0.1, logQ, Adagrad)");
        line("");
        line("Ours: `TwoTowerStepBenchmark` (TF Java 1.1.0 graph, tables in Java, row-wise Adagrad). Peer:");
        line("`peers/twotower_step.py`, PyTorch `nn.Embedding(sparse=True)` + `torch.optim.Adagrad` (same loss, same");
        line("shapes, ids uniform over the vocabulary, same thread count, `OPENBLAS_NUM_THREADS=1`). Throughput ratio =");
        line("PyTorch ms/step ÷ ours (> 1: we are faster).");
        line("");
        line("PyTorch runs with 1 and with all the threads ours uses; the table shows its faster run (threads in brackets).");
        line("");
        line("| ids | ours ms/step | ours peak RSS | PyTorch ms/step | PyTorch peak RSS | throughput ours/PyTorch |");
        line("|---:|---:|---:|---:|---:|---:|");
        List<Double> xs = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> xsT = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        TreeMap<Integer, Map<String, Object>> byIds = byIds(results("TwoTowerStepBenchmark.step", Map.of()));
        TreeMap<Integer, Map<String, Object>> torch = new TreeMap<>();
        try (Stream<Path> files = Files.list(raw)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("torch-\\d+(-t\\d+)?\\.json")).toList()) {
                Map<String, Object> t = Json.obj(Json.parse(Files.readString(p)));
                int ids = (int) Json.num(t.get("ids"));
                Map<String, Object> prev = torch.get(ids);
                // the peer's best thread count
                if (prev == null || Json.num(t.get("ms_per_step")) < Json.num(prev.get("ms_per_step"))) {
                    torch.put(ids, t);
                }
            }
        }
        java.util.TreeSet<Integer> all = new java.util.TreeSet<>(byIds.keySet());
        all.addAll(torch.keySet());
        Boolean throughputMet = null;
        StringBuilder ratios = new StringBuilder();
        for (int ids : all) {
            Map<String, Object> r = byIds.get(ids);
            Map<String, Object> t = torch.get(ids);
            Map<String, Object> side = read("twotower-" + ids + ".json");
            double o = score(r);
            double tm = t == null ? Double.NaN : Json.num(t.get("ms_per_step"));
            double ratio = tm / o;
            line(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s |", ids, pm(r),
                    side == null ? "n/a" : mb(Json.num(side.get("peak_rss_kb"))),
                    t == null ? "not measured" : f(tm) + " (" + f(Json.num(t.get("threads"))) + " thr)", t == null ? "n/a" : mb(Json.num(t.get("peak_rss_kb"))),
                    Double.isNaN(ratio) ? "n/a" : f(ratio) + "×"));
            if (!Double.isNaN(o)) {
                xs.add((double) ids);
                ours.add(o);
            }
            if (!Double.isNaN(tm)) {
                xsT.add((double) ids);
                theirs.add(tm);
            }
            if (!Double.isNaN(ratio)) {
                throughputMet = (throughputMet == null || throughputMet) && ratio >= 1.0;
                ratios.append(ratios.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d: %s×", ids, f(ratio)));
            }
        }
        line("");
        goal("training throughput vs PyTorch (per vocabulary)", ratios.length() == 0 ? "not measured" : ratios.toString(), "≥ 1.0× at every size",
                throughputMet);
        Map<String, Object> small = byIds.get(10_000);
        Map<String, Object> big = byIds.get(10_000_000);
        if (small != null && big != null) {
            double ratio = score(big) / score(small);
            goal("step time at 10M ids ÷ at 10k ids", f(ratio) + "× (" + f(score(big)) + " / " + f(score(small)) + " ms)", "≤ 1.2×",
                    ratio <= 1.2);
        } else {
            goal("step time at 10M ids ÷ at 10k ids", "not measured (10M not in this run)", "≤ 1.2×", null);
        }
        TreeMap<Integer, Map<String, Object>> gathers = byIds(results("EmbeddingTableBenchmark.gather", Map.of()));
        if (!gathers.isEmpty()) {
            line("Where a step sees the vocabulary: `EmbeddingTableBenchmark`, one Java table, the batch's 256 distinct");
            line("rows gathered and updated by row-wise Adagrad (a two-tower step does both for two tables).");
            line("");
            line("| ids | gather µs | apply Adagrad µs | both tables, per step µs |");
            line("|---:|---:|---:|---:|");
            for (var e : gathers.entrySet()) {
                Map<String, Object> apply = result("EmbeddingTableBenchmark.applyGradients", "ids", String.valueOf(e.getKey()));
                line(String.format(Locale.ROOT, "| %,d | %s | %s | %s |", e.getKey(), pm(e.getValue()), pm(apply),
                        f(2 * (score(e.getValue()) + score(apply)))));
            }
            line("");
        }
        if (!xs.isEmpty()) {
            XYChart c = new XYChartBuilder().width(700).height(420).title("Two-tower step time vs vocabulary")
                    .xAxisTitle("ids per table (log)").yAxisTitle("ms / step").build();
            c.getStyler().setXAxisLogarithmic(true);
            c.getStyler().setYAxisMin(0.0);
            c.addSeries("MIC (TF Java)", xs, ours).setMarker(SeriesMarkers.CIRCLE);
            if (!xsT.isEmpty()) {
                c.addSeries("PyTorch sparse", xsT, theirs).setMarker(SeriesMarkers.DIAMOND);
            }
            BitmapEncoder.saveBitmap(c, plots.resolve("step-time-vs-vocab.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            line("![step time vs vocabulary](" + rel("step-time-vs-vocab.png") + ")");
            line("");
        }
    }

    /** Results keyed (and ordered) by their {@code ids} parameter. */
    private static TreeMap<Integer, Map<String, Object>> byIds(List<Map<String, Object>> rs) {
        TreeMap<Integer, Map<String, Object>> m = new TreeMap<>();
        for (Map<String, Object> r : rs) {
            m.put(Integer.parseInt(param(r, "ids")), r);
        }
        return m;
    }

    private static String mb(double kb) {
        return Double.isNaN(kb) || kb < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MB", kb / 1024);
    }

    private String rel(String png) {
        Path base = md.toAbsolutePath().getParent();
        return base.relativize(plots.toAbsolutePath().resolve(png)).toString().replace('\\', '/');
    }

    // ---------------------------------------------------------------- exact
    private void exact() {
        line("## Exact top-K (inner product, dim 64) and the memory-bandwidth bound");
        line("");
        line("`ExactTopKBenchmark`: one query, `ExactIndex` over rows × 64 clustered unit vectors, split over");
        line("`threads`. `ScanBoundBenchmark`: a plain sum over every float of the same matrix with the same thread");
        line("split; no search can be faster than that. Ratio = search ÷ bound (1.0 = at the bound).");
        line("");
        line("| rows | k | threads | search µs | bound µs | ratio to bound | search GB/s |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        List<Map<String, Object>> rs = new ArrayList<>(results("ExactTopKBenchmark.search", Map.of()));
        rs.sort(Comparator.comparingInt((Map<String, Object> r) -> Integer.parseInt(param(r, "rows")))
                .thenComparingInt(r -> Integer.parseInt(param(r, "k"))).thenComparingInt(r -> Integer.parseInt(param(r, "threads"))));
        int goalRows = -1;
        for (Map<String, Object> r : rs) {
            goalRows = Math.max(goalRows, Integer.parseInt(param(r, "rows")));
        }
        for (Map<String, Object> r : rs) {
            Map<String, Object> b = result("ScanBoundBenchmark.sum", "rows", param(r, "rows"), "threads", param(r, "threads"), "dim",
                    param(r, "dim"));
            double ratio = score(r) / score(b);
            double gbs = Long.parseLong(param(r, "rows")) * Long.parseLong(param(r, "dim")) * 4 / (score(r) * 1e3);
            line(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s |", Integer.parseInt(param(r, "rows")), param(r, "k"),
                    param(r, "threads"), pm(r), pm(b), f(ratio) + "×", f(gbs)));
            if (Integer.parseInt(param(r, "rows")) == goalRows && param(r, "k").equals("100")) {
                String size = String.format(Locale.ROOT, "%,d × %s", goalRows, param(r, "dim"));
                goal("exact top-100 over " + size + ", " + param(r, "threads") + " thread(s) ÷ scan bound"
                        + (goalRows < 1_000_000 ? " (goal size 1M not in this run)" : ""),
                        f(ratio) + "× (" + f(score(r)) + " / " + f(score(b)) + " µs)", "≤ 1.25×", Double.isNaN(ratio) ? null : ratio <= 1.25);
            }
        }
        if (rs.isEmpty()) {
            line("| not measured | | | | | | |");
            goal("exact top-100 over 1M × 64 ÷ scan bound", "not measured", "≤ 1.25×", null);
        }
        line("");
    }

    // ---------------------------------------------------------------- hnsw
    private record Point(double ef, double recall, double qps) {
    }

    private static List<Point> points(Map<String, Object> sweep) {
        List<Point> l = new ArrayList<>();
        for (Object o : Json.arr(sweep.get("points"))) {
            Map<String, Object> p = Json.obj(o);
            l.add(new Point(Json.num(p.get("ef")), Json.num(p.get("recall")), Json.num(p.get("qps"))));
        }
        return l;
    }

    /** The fastest sweep point reaching the recall target, or null. */
    private static Point atRecall(List<Point> ps) {
        Point best = null;
        for (Point p : ps) {
            if (p.recall >= HNSW_RECALL && (best == null || p.qps > best.qps)) {
                best = p;
            }
        }
        return best;
    }

    private void hnsw() throws IOException {
        line("## HNSW: QPS at recall@10 ≥ " + HNSW_RECALL);
        line("");
        Map<String, Object> mic = read("ann-mic.json");
        List<Map<String, Object>> sweeps = new ArrayList<>();
        for (String name : new String[] {"ann-mic.json", "ann-mic-simd.json", "ann-hnswlib.json", "ann-faiss.json"}) {
            Map<String, Object> s = read(name);
            if (s != null) {
                sweeps.add(s);
            }
        }
        if (mic == null) {
            line("Not measured in this run.");
            line("");
            goal("HNSW QPS at recall@10 ≥ 0.95 vs hnswlib", "not measured", "≥ 1.0×", null);
            return;
        }
        line(String.format(Locale.ROOT, "`AnnSweep` (ours) and `peers/ann_peers.py` (hnswlib, faiss) on the same %,d × %d clustered unit",
                (long) Json.num(mic.get("n")), (long) Json.num(mic.get("dim"))));
        line(String.format(Locale.ROOT, "vectors and %,d queries (written by the Java side, seeded), inner product, exact ground truth",
                (long) Json.num(mic.get("queries"))));
        line("from `ExactIndex`. Same graph budget: 32 links per node on the base layer, construction beam 100. Build with");
        line(String.format(Locale.ROOT, "%d thread(s); search with one thread: ours one query per call, the peers one batch of all",
                (long) Json.num(mic.get("build_threads"))));
        line("queries per call (their best single-thread case). QPS at the target = the fastest ef whose recall reaches it.");
        line("Ours: the graph is built by `HnswBuilder` (hnswlib's algorithm on flat arrays, " + mic.get("params") + "), then searched by `HnswGraph` (flat arrays, breadth-first node order,");
        line("allocation-free beam search) on Java 17, twice: the default JVM (scalar inner product) and the same jar with");
        line("`--add-modules jdk.incubator.vector`, where the search's inner product uses the JDK's Vector API.");
        line("");
        line("| library | build s | memory MB | ef at target | recall@10 | QPS | ours ÷ this |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        Point ours = atRecall(points(mic));
        Double vsHnswlib = null;
        String simd = null;
        boolean simdMet = false;
        for (Map<String, Object> s : sweeps) {
            if (Boolean.FALSE.equals(s.get("available"))) {
                line("| " + s.get("library") + " | unavailable: " + s.get("reason") + " | | | | | |");
                continue;
            }
            Point p = atRecall(points(s));
            double ratio = ours == null || p == null ? Double.NaN : ours.qps / p.qps;
            line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |", s.get("library"), f(Json.num(s.get("build_seconds"))),
                    f(Json.num(s.get("memory_mb"))), p == null ? "not reached" : f(p.ef), p == null ? "" : f(p.recall),
                    p == null ? "" : f(p.qps), Double.isNaN(ratio) ? "n/a" : f(ratio) + "×"));
            if (String.valueOf(s.get("library")).startsWith("hnswlib") && !Double.isNaN(ratio)) {
                vsHnswlib = ratio;
                Map<String, Object> sj = read("ann-mic-simd.json");
                Point ps = sj == null ? null : atRecall(points(sj));
                if (ps != null) {
                    double rs = ps.qps / p.qps;
                    simd = f(rs) + "×";
                    simdMet = rs >= 1.0;
                }
            }
        }
        line("");
        String size = String.format(Locale.ROOT, "%,d × %d", (long) Json.num(mic.get("n")), (long) Json.num(mic.get("dim")));
        goal("HNSW QPS at recall@10 ≥ 0.95, ours ÷ hnswlib, on " + size + (Json.num(mic.get("n")) < 1e6 ? " (goal size 1M not in this run)" : ""),
                vsHnswlib == null ? "not measured" : f(vsHnswlib) + "×", "≥ 1.0×", vsHnswlib == null ? null : vsHnswlib >= 1.0);
        if (simd != null) {
            goal("  … the same with `--add-modules jdk.incubator.vector` (SIMD inner product in the search)", simd, "≥ 1.0×", simdMet);
        }
        line("Exact search on the same data (ground truth pass, " + f(Json.num(mic.get("build_threads"))) + " threads): "
                + f(Json.num(mic.get("exact_qps"))) + " QPS.");
        line("");
        XYChart c = new XYChartBuilder().width(700).height(420).title("HNSW: QPS vs recall@10 (" + size + ", 1 search thread)")
                .xAxisTitle("recall@10").yAxisTitle("queries / s (log)").build();
        c.getStyler().setYAxisLogarithmic(true);
        java.util.Set<String> usedSeries = new java.util.HashSet<>();
        line("<details><summary>full sweeps</summary>");
        line("");
        line("| library | ef | recall@10 | QPS |");
        line("|---|---:|---:|---:|");
        for (Map<String, Object> s : sweeps) {
            List<Point> ps = points(s);
            if (ps.isEmpty()) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Point p : ps) {
                x.add(p.recall);
                y.add(p.qps);
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s |", s.get("library"), f(p.ef), f(p.recall), f(p.qps)));
            }
            String series = String.valueOf(s.get("library"));
            while (!usedSeries.add(series)) {
                series += "'";
            }
            c.addSeries(series, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        line("");
        line("</details>");
        line("");
        BitmapEncoder.saveBitmap(c, plots.resolve("hnsw-qps-vs-recall.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        line("![QPS vs recall](" + rel("hnsw-qps-vs-recall.png") + ")");
        line("");
        List<Map<String, Object>> hj = results("HnswSearchBenchmark.search", Map.of());
        if (!hj.isEmpty()) {
            line("JMH `HnswSearchBenchmark` (the plugin's search path, one query per call):");
            line("");
            line("| rows | ef | µs / search | recall@10 | build s (threads) | heap MB |");
            line("|---:|---:|---:|---:|---:|---:|");
            for (Map<String, Object> r : hj) {
                Map<String, Object> side = read("hnsw-" + param(r, "rows") + "-ef" + param(r, "ef") + ".json");
                line(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s |", Integer.parseInt(param(r, "rows")), param(r, "ef"), pm(r),
                        side == null ? "n/a" : f(Json.num(side.get("recall"))),
                        side == null ? "n/a" : f(Json.num(side.get("build_seconds"))) + " (" + param(r, "buildThreads") + ")",
                        side == null ? "n/a" : f(Json.num(side.get("heap_mb")))));
            }
            line("");
        }
    }

    // ---------------------------------------------------------------- serving
    private void serving() throws IOException {
        line("## Serving path pieces");
        line("");
        line("### Neighbour-table lookups (`NeighborStoreBenchmark`, 10k rows, 50 per row, read 10)");
        line("");
        line("| call | memory µs | Redis µs | Redis ÷ memory |");
        line("|---|---:|---:|---:|");
        for (String method : new String[] {"neighbors", "recentItems", "neighborsBatch"}) {
            Map<String, Object> mem = result("NeighborStoreBenchmark." + method, "store", "memory");
            Map<String, Object> red = result("NeighborStoreBenchmark." + method, "store", "redis");
            line(String.format(Locale.ROOT, "| %s | %s | %s | %s |", method.equals("neighborsBatch") ? "neighbors, batch of 10 (one round trip)" : method,
                    pm(mem), pm(red), f(score(red) / score(mem)) + "×"));
        }
        line("");
        Map<String, Object> rb = read("redis-baseline.json");
        if (rb != null && Boolean.TRUE.equals(rb.get("available"))) {
            line("Baseline: `redis-benchmark` (Redis " + rb.get("redis") + ", 1 client, no pipelining, loopback) — the round trip our");
            line("store pays at least once per call (our reads are `MULTI; GET; HMGET; EXEC`, one round trip):");
            line("");
            line("| command | avg µs | p50 µs | p99 µs | req/s |");
            line("|---|---:|---:|---:|---:|");
            for (Object o : Json.arr(rb.get("tests"))) {
                Map<String, Object> t = Json.obj(o);
                String cmd = String.valueOf(t.get("command"));
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", cmd.equals("GET") ? "GET (400 B)" : cmd + " (10 × 400 B)",
                        f(Json.num(t.get("avg_us"))), f(Json.num(t.get("p50_us"))), f(Json.num(t.get("p99_us"))), f(Json.num(t.get("rps")))));
            }
            line("");
        } else {
            line("Redis baseline: " + (rb == null ? "not measured" : "unavailable (" + rb.get("reason") + ")") + ".");
            line("");
        }
        line("### Channels, merge, rerank");
        line("");
        line("| what | params | µs / request |");
        line("|---|---|---:|");
        for (String ch : new String[] {"u2i", "i2i", "u2u"}) {
            Map<String, Object> r = result("ChannelBenchmark.retrieve", "channel", ch);
            String p = switch (ch) {
                case "u2i" -> "exact top 100 over " + (r == null ? "?" : param(r, "items")) + " × 64 items, seen excluded";
                case "i2i" -> "10 recent × 10 similar items, top 100";
                default -> "10 similar users × 10 recent items, top 100";
            };
            line("| channel " + ch + " | " + p + " | " + pm(r) + " |");
        }
        for (Map<String, Object> r : results("CandidatesMergeBenchmark.merge", Map.of())) {
            line("| Candidates merge | 3 channels × " + param(r, "perChannel") + " items, ~half overlapping | " + pm(r) + " |");
        }
        Map<String, Object> unified = null;
        for (Map<String, Object> r : results("RerankBenchmark.rerank", Map.of())) {
            line("| rerank " + param(r, "reranker") + " | " + param(r, "candidates") + " candidates → top 50 | " + pm(r) + " |");
            if (param(r, "reranker").equals("mic-unified")) {
                unified = r;
            }
        }
        line("");
        if (unified != null) {
            double v = score(unified);
            goal("mic-unified rerank of " + param(unified, "candidates") + " candidates" + (param(unified, "candidates").equals("500") ? "" : " (goal size 500 not in this run)"),
                    f(v) + " µs", "≤ 20 µs", v <= 20);
        } else {
            goal("mic-unified rerank of 500 candidates", "not measured", "≤ 20 µs", null);
        }
    }

    // ---------------------------------------------------------------- recommend
    private void recommend() throws IOException {
        line("## recommend() end to end");
        line("");
        line("`RecommendBenchmark` (JMH SampleTime): `Recommender.recommend(user, 10)` over ml-1m-sized artifacts built by the");
        line("batch job (6,040 users, 3,706 items, dim 64, hnsw index, 50 neighbours per row), channels u2i/i2i/u2u at their");
        line("default quotas, mic-unified rerank, seen items excluded; the Redis store against a real redis-server on loopback.");
        line("");
        List<Map<String, Object>> rs = results("RecommendBenchmark.recommend", Map.of());
        if (rs.isEmpty()) {
            line("**Not measured in this run** (see status.txt).");
            goal("recommend() p99, embedded store", "not measured", "≤ 1 ms", null);
            goal("recommend() p99, Redis store", "not measured", "≤ 3 ms", null);
        } else {
            line("| store | p50 | p90 | p99 | p99.9 | unit |");
            line("|---|---:|---:|---:|---:|---|");
            for (Map<String, Object> r : rs) {
                Map<String, Object> pct = Json.obj(Json.obj(r.get("primaryMetric")).get("scorePercentiles"));
                double p99 = Json.num(pct.get("99.0"));
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |", param(r, "store"), f(Json.num(pct.get("50.0"))),
                        f(Json.num(pct.get("90.0"))), f(p99), f(Json.num(pct.get("99.9"))), unit(r)));
                double ms = unit(r).startsWith("us") ? p99 / 1000 : unit(r).startsWith("ns") ? p99 / 1e6 : p99;
                boolean redis = param(r, "store").equals("redis");
                goal("recommend() p99, " + (redis ? "Redis" : "embedded") + " store", f(ms) + " ms", redis ? "≤ 3 ms" : "≤ 1 ms", ms <= (redis ? 3 : 1));
            }
            latencyHistogram(rs);
        }
        line("");
    }

    /**
     * The share of recommend() calls per latency bin (JMH SampleTime's raw histogram, every fork and
     * iteration), one series per store; bins of equal width on a log axis, up to the largest p99.9.
     */
    private void latencyHistogram(List<Map<String, Object>> rs) throws IOException {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        List<TreeMap<Double, Long>> samples = new ArrayList<>();
        for (Map<String, Object> r : rs) {
            Map<String, Object> pm = Json.obj(r.get("primaryMetric"));
            TreeMap<Double, Long> h = new TreeMap<>();
            for (Object fork : Json.arr(pm.get("rawDataHistogram"))) {
                for (Object iteration : Json.arr(fork)) {
                    for (Object pair : Json.arr(iteration)) {
                        List<Object> vc = Json.arr(pair);
                        h.merge(Json.num(vc.get(0)), (long) Json.num(vc.get(1)), Long::sum);
                    }
                }
            }
            if (h.isEmpty()) {
                return;
            }
            samples.add(h);
            lo = Math.min(lo, h.firstKey());
            hi = Math.max(hi, Json.num(Json.obj(pm.get("scorePercentiles")).get("99.9")));
        }
        int bins = 40;
        double step = Math.log(hi / lo) / bins;
        XYChart c = new XYChartBuilder().width(700).height(420).title("recommend() latency (share of calls per bin, up to p99.9)")
                .xAxisTitle("latency, " + unit(rs.get(0)) + " (log)").yAxisTitle("% of calls").build();
        c.getStyler().setXAxisLogarithmic(true);
        for (int s = 0; s < rs.size(); s++) {
            double[] share = new double[bins];
            long total = 0;
            for (Map.Entry<Double, Long> e : samples.get(s).entrySet()) {
                total += e.getValue();
                int b = (int) Math.floor(Math.log(e.getKey() / lo) / step);
                if (b >= 0 && b < bins) {
                    share[b] += e.getValue();
                }
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int b = 0; b < bins; b++) {
                xs.add(lo * Math.exp((b + 0.5) * step));
                ys.add(100.0 * share[b] / total);
            }
            c.addSeries(param(rs.get(s), "store") + " store", xs, ys).setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(c, plots.resolve("recommend-latency.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        line("");
        line("![recommend() latency histogram](" + rel("recommend-latency.png") + ")");
    }

    // ---------------------------------------------------------------- data
    private void data() {
        line("## Data loading and evaluation");
        line("");
        line("| what | params | time |");
        line("|---|---|---:|");
        for (Map<String, Object> r : results("DatasetLoadBenchmark.loadMovieLens1m", Map.of())) {
            line("| load ML-1M (ratings, users, movies) | source " + param(r, "source") + " | " + pm(r) + " " + unit(r) + " |");
        }
        for (Map<String, Object> r : results("FullRankingEvalBenchmark.evaluateAllUsers", Map.of())) {
            line("| full-ranking eval, all users | " + param(r, "users") + " users × " + param(r, "items") + " items, " + param(r, "model")
                    + ", " + param(r, "threads") + " threads | " + pm(r) + " " + unit(r) + " |");
        }
        line("");
    }

    private void reproduce() {
        line("## Reproduce");
        line("");
        line("```");
        line("./mic bench-report            # full run (see README \"Performance\" for duration)");
        line("./mic bench-report --quick    # smoke run of the whole pipeline, minutes, numbers not meaningful");
        line("```");
        line("");
        line("Environment: `MIC_BENCH_THREADS` (threads for JMH, TF and the peers; default: all cores),");
        line("`MIC_BENCH_ANN_N` (HNSW sweep size; default 1,000,000, quick 20,000).");
    }
}
