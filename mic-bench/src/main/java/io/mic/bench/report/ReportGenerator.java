package io.mic.bench.report;

import io.mic.bench.report.RawRun.AnnSweep;
import io.mic.bench.report.RawRun.AtTarget;
import io.mic.bench.report.RawRun.JmhResult;
import io.mic.bench.report.RawRun.PeerStep;
import io.mic.bench.report.RawRun.Point;
import io.mic.bench.report.RawRun.RedisBaseline;
import io.mic.bench.report.RawRun.RedisCommand;
import io.mic.bench.report.RawRun.StepMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code docs/performance.md} and its PNG plots from one report run's raw files, parsed by {@link RawRun}.
 * Every number in the document comes from those files; a missing input shows as "not measured", never as a guess.
 * Each section builds its table rows as records from the parsed run, then renders them; the goals table at the top
 * collects the {@link Goal}s the sections found.
 *
 * <p>Usage: {@code ReportGenerator RAW_DIR OUT_MD PLOT_DIR}.
 */
public final class ReportGenerator {
    static final double HNSW_RECALL = 0.95;
    /** Hand-written notes (measurements not made by the report command), appended after the generated part. */
    static final String NOTES = "notes.md";

    private final RawRun run;
    private final Path plots;
    private final Path md;
    private final List<Goal> goals = new ArrayList<>();

    ReportGenerator(Path raw, Path md, Path plots) throws IOException {
        this.run = RawRun.read(raw);
        this.md = md;
        this.plots = plots;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ReportGenerator RAW_DIR OUT_MD PLOT_DIR");
        }
        System.setProperty("java.awt.headless", "true");
        new ReportGenerator(Path.of(args[0]), Path.of(args[1]), Path.of(args[2])).write();
    }

    /** One row of the goals table; {@code met} null when the goal was not measured in this run. */
    record Goal(String what, String measured, String target, Boolean met) {
        String status() {
            return met == null ? "not measured" : met ? "**met**" : "**not met**";
        }
    }

    /** The markdown text of one part of the report. */
    private static final class Text {
        private final StringBuilder out = new StringBuilder();

        void line(String s) {
            out.append(s).append('\n');
        }

        /** A table row: {@code | a | b | c |}. */
        void row(String... cells) {
            line("| " + String.join(" | ", cells) + " |");
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    // ---------------------------------------------------------------- number formatting

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

    /** A whole count with thousands separators ({@code 10,000}). */
    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static double score(JmhResult r) {
        return r == null ? Double.NaN : r.score();
    }

    /** Score ± error, or "not measured". */
    private static String pm(JmhResult r) {
        if (r == null) {
            return "not measured";
        }
        return f(r.score()) + (Double.isNaN(r.error()) ? "" : " ± " + f(r.error()));
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "n/a" : f(v) + "×";
    }

    private static String mb(double kb) {
        return Double.isNaN(kb) || kb < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MB", kb / 1024);
    }

    private String rel(String png) {
        Path base = md.toAbsolutePath().getParent();
        return base.relativize(plots.toAbsolutePath().resolve(png)).toString().replace('\\', '/');
    }

    // ---------------------------------------------------------------- document

    void write() throws IOException {
        Files.createDirectories(plots);
        Text body = new Text();
        training(body);
        transformer(body);
        propagation(body);
        exact(body);
        hnsw(body);
        serving(body);
        recommend(body);
        data(body);

        Text doc = new Text();
        header(doc);
        doc.line("## Goals");
        doc.line("");
        doc.line("| goal | measured | target | status |");
        doc.line("|---|---|---|---|");
        for (Goal g : goals) {
            doc.row(g.what(), g.measured(), g.target(), g.status());
        }
        doc.line("");
        doc.out.append(body.out);
        reproduce(doc);
        Path notes = plots.resolve(NOTES);
        if (Files.isRegularFile(notes)) {
            doc.line("");
            doc.out.append(Files.readString(notes));
        }
        Files.createDirectories(md.toAbsolutePath().getParent());
        Files.writeString(md, doc.toString());
    }

    private void header(Text t) {
        RawRun.Machine m = run.machine();
        boolean quick = m.quick();
        t.line("# MIC performance report");
        t.line("");
        t.line("<!-- generated by `./mic bench-report" + (quick ? " --quick" : "") + "` (io.mic.bench.report.ReportGenerator); do not edit by hand -->");
        t.line("");
        if (quick) {
            t.line("> **QUICK / NOISY RUN** (`./mic bench-report --quick`): short JMH iterations, small sizes, taken on a shared,");
            t.line("> busy machine. It proves the pipeline works end to end; its numbers are **not** the project's");
            t.line("> measurements. Run `./mic bench-report` on a quiet machine for those.");
            t.line("");
        }
        t.line("Every number below comes from one run of the report command, peers measured in the same run on the");
        t.line("same machine with the same thread count. Raw files: `docs/perf/raw/` (JMH `-rf json`, peers' JSON).");
        t.line("");
        t.line("| machine | |");
        t.line("|---|---|");
        t.row("date (UTC)", m.date());
        t.row("mode", m.mode());
        t.row("commit", m.commit());
        t.row("CPU", m.cpu());
        t.row("cores visible / threads used (taskset, JMH, peers)", m.cores() + " / " + m.threads());
        t.row("memory", m.memory());
        t.row("JVM", m.jvm());
        t.row("Python / PyTorch / BLAS", m.python() + " / " + m.torch() + " / " + m.blas());
        t.row("peers", m.peers());
        t.line("");
    }

    // ---------------------------------------------------------------- training

    /** One vocabulary size of the two-tower table: our step, its peak memory, the peer's best thread count. */
    private record TrainingRow(int ids, JmhResult ours, StepMemory memory, PeerStep torch) {
        double oursMs() {
            return score(ours);
        }

        double torchMs() {
            return torch == null ? Double.NaN : torch.msPerStep();
        }

        /** PyTorch ms ÷ ours (> 1: we are faster). */
        double ratio() {
            return torchMs() / oursMs();
        }
    }

    private List<TrainingRow> trainingRows() {
        TreeMap<Integer, JmhResult> ours = byIds(run.results("TwoTowerStepBenchmark.step"));
        TreeSet<Integer> all = new TreeSet<>(ours.keySet());
        all.addAll(run.twoTowerPeers().keySet());
        List<TrainingRow> rows = new ArrayList<>();
        for (int ids : all) {
            rows.add(new TrainingRow(ids, ours.get(ids), run.stepMemory().get(String.valueOf(ids)), run.twoTowerPeers().get(ids)));
        }
        return rows;
    }

    private void training(Text t) throws IOException {
        t.line("## Two-tower training step (batch 256, dim 64, in-batch InfoNCE, τ 0.1, logQ, Adagrad)");
        t.line("");
        t.line("Ours: `TwoTowerStepBenchmark` (TF Java 1.1.0 graph, tables in Java, row-wise Adagrad). Peer:");
        t.line("`peers/twotower_step.py`, PyTorch `nn.Embedding(sparse=True)` + `torch.optim.Adagrad` (same loss, same");
        t.line("shapes, ids uniform over the vocabulary, same thread count, `OPENBLAS_NUM_THREADS=1`). Throughput ratio =");
        t.line("PyTorch ms/step ÷ ours (> 1: we are faster).");
        t.line("");
        t.line("PyTorch runs with 1 and with all the threads ours uses; the table shows its faster run (threads in brackets).");
        t.line("");
        t.line("| ids | ours ms/step | ours peak RSS | PyTorch ms/step | PyTorch peak RSS | throughput ours/PyTorch |");
        t.line("|---:|---:|---:|---:|---:|---:|");
        List<TrainingRow> rows = trainingRows();
        Boolean throughputMet = null;
        List<String> ratios = new ArrayList<>();
        for (TrainingRow r : rows) {
            PeerStep torch = r.torch();
            t.row(count(r.ids()), pm(r.ours()), r.memory() == null ? "n/a" : mb(r.memory().peakRssKb()),
                    torch == null ? "not measured" : f(torch.msPerStep()) + " (" + f(torch.threads()) + " thr)",
                    torch == null ? "n/a" : mb(torch.peakRssKb()), ratio(r.ratio()));
            if (!Double.isNaN(r.ratio())) {
                throughputMet = (throughputMet == null || throughputMet) && r.ratio() >= 1.0;
                ratios.add(count(r.ids()) + ": " + f(r.ratio()) + "×");
            }
        }
        t.line("");
        goals.add(new Goal("training throughput vs PyTorch (per vocabulary)", ratios.isEmpty() ? "not measured" : String.join(", ", ratios),
                "≥ 1.0× at every size", throughputMet));
        Map<Integer, JmhResult> byIds = byIds(run.results("TwoTowerStepBenchmark.step"));
        JmhResult small = byIds.get(10_000);
        JmhResult big = byIds.get(10_000_000);
        if (small != null && big != null) {
            double growth = big.score() / small.score();
            goals.add(new Goal("step time at 10M ids ÷ at 10k ids", f(growth) + "× (" + f(big.score()) + " / " + f(small.score()) + " ms)",
                    "≤ 1.2×", growth <= 1.2));
        } else {
            goals.add(new Goal("step time at 10M ids ÷ at 10k ids", "not measured (10M not in this run)", "≤ 1.2×", null));
        }
        TreeMap<Integer, JmhResult> gathers = byIds(run.results("EmbeddingTableBenchmark.gather"));
        if (!gathers.isEmpty()) {
            t.line("Where a step sees the vocabulary: `EmbeddingTableBenchmark`, one Java table, the batch's 256 distinct");
            t.line("rows gathered and updated by row-wise Adagrad (a two-tower step does both for two tables).");
            t.line("");
            t.line("| ids | gather µs | apply Adagrad µs | both tables, per step µs |");
            t.line("|---:|---:|---:|---:|");
            for (var e : gathers.entrySet()) {
                JmhResult apply = run.result("EmbeddingTableBenchmark.applyGradients", "ids", String.valueOf(e.getKey()));
                t.row(count(e.getKey()), pm(e.getValue()), pm(apply), f(2 * (e.getValue().score() + score(apply))));
            }
            t.line("");
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> xsT = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        for (TrainingRow r : rows) {
            if (!Double.isNaN(r.oursMs())) {
                xs.add((double) r.ids());
                ours.add(r.oursMs());
            }
            if (!Double.isNaN(r.torchMs())) {
                xsT.add((double) r.ids());
                theirs.add(r.torchMs());
            }
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
            t.line("![step time vs vocabulary](" + rel("step-time-vs-vocab.png") + ")");
            t.line("");
        }
    }

    /** Results keyed (and ordered) by their {@code ids} parameter. */
    private static TreeMap<Integer, JmhResult> byIds(List<JmhResult> rs) {
        TreeMap<Integer, JmhResult> m = new TreeMap<>();
        for (JmhResult r : rs) {
            m.put(r.intParam("ids"), r);
        }
        return m;
    }

    // ---------------------------------------------------------------- transformer step

    private void transformer(Text t) {
        List<JmhResult> ours = run.results("TransformerStepBenchmark.step");
        Optional<PeerStep> peer = run.transformerPeer();
        if (ours.isEmpty() && peer.isEmpty()) {
            return;
        }
        t.line("## Transformer training step (batch 256, length 50, dim 64, 2 pre-LN layers, 2 heads, Adam)");
        t.line("");
        t.line("Ours: `TransformerStepBenchmark` (io.mic.models.tf.layers, dense weights in Java, Adam in Java). Peer:");
        t.line("`peers/transformer_step.py`, PyTorch `nn.TransformerEncoderLayer(norm_first=True)` + `torch.optim.Adam`, same");
        t.line("shapes, masks (causal + padding), dropout, loss; its faster thread count. Ratio = PyTorch ms ÷ ours (> 1: we are faster).");
        t.line("");
        t.line("| ours ms/step | PyTorch ms/step | ours/PyTorch throughput |");
        t.line("|---:|---:|---:|");
        double o = ours.isEmpty() ? Double.NaN : ours.get(0).score();
        double tm = peer.map(PeerStep::msPerStep).orElse(Double.NaN);
        t.row(ours.isEmpty() ? "not measured" : pm(ours.get(0)),
                peer.map(p -> f(p.msPerStep()) + " (" + f(p.threads()) + " thr)").orElse("not measured"),
                Double.isNaN(o) || Double.isNaN(tm) ? "n/a" : f(tm / o) + "×");
        t.line("");
    }

    // ---------------------------------------------------------------- LightGCN propagation

    private void propagation(Text t) {
        t.line("## LightGCN propagation product (ml-1m-sized graph, dim 64, one thread)");
        t.line("");
        t.line("`PropagationBenchmark` (mic-bench, io.mic.models.lightgcn): one product of the normalised adjacency with the");
        t.line("embeddings (6,033 users + 3,123 items, 1,346,118 non-zeros, popularity-skewed), a LightGCN step does 2 K of them.");
        t.line("The reference is our scalar kernel (`RowProducts.SCALAR`, one FMA per non-zero in CSR order), measured in the same");
        t.line("run as the Vector API kernel (`SimdRowProducts`); the two give the same floats (`RowProductsTest`).");
        t.line("");
        JmhResult scalar = run.result("PropagationBenchmark.multiply", "kernel", "scalar");
        JmhResult simd = run.result("PropagationBenchmark.multiply", "kernel", "simd");
        t.line("| kernel | ms / product | scalar ÷ this |");
        t.line("|---|---:|---:|");
        t.row("scalar (reference)", pm(scalar), scalar == null ? "n/a" : "1×");
        t.row("Vector API", pm(simd), ratio(score(scalar) / score(simd)));
        t.line("");
    }

    // ---------------------------------------------------------------- exact

    /** One exact-search configuration and the scan bound measured with the same rows, threads and dim. */
    private record ExactRow(JmhResult search, JmhResult bound) {
        int rows() {
            return search.intParam("rows");
        }

        /** Search ÷ bound (1.0 = at the bound). */
        double ratio() {
            return search.score() / score(bound);
        }

        double gigabytesPerSecond() {
            return Long.parseLong(search.param("rows")) * Long.parseLong(search.param("dim")) * 4 / (search.score() * 1e3);
        }
    }

    private void exact(Text t) {
        t.line("## Exact top-K (inner product, dim 64) and the memory-bandwidth bound");
        t.line("");
        t.line("`ExactTopKBenchmark`: one query, `ExactIndex` over rows × 64 clustered unit vectors, split over");
        t.line("`threads`. `ScanBoundBenchmark`: a plain sum over every float of the same matrix with the same thread");
        t.line("split; no search can be faster than that. Ratio = search ÷ bound (1.0 = at the bound).");
        t.line("");
        t.line("| rows | k | threads | search µs | bound µs | ratio to bound | search GB/s |");
        t.line("|---:|---:|---:|---:|---:|---:|---:|");
        List<ExactRow> rows = new ArrayList<>();
        for (JmhResult r : run.results("ExactTopKBenchmark.search")) {
            rows.add(new ExactRow(r, run.result("ScanBoundBenchmark.sum", "rows", r.param("rows"), "threads", r.param("threads"),
                    "dim", r.param("dim"))));
        }
        rows.sort(Comparator.comparingInt(ExactRow::rows).thenComparingInt(r -> r.search().intParam("k"))
                .thenComparingInt(r -> r.search().intParam("threads")));
        int goalRows = rows.stream().mapToInt(ExactRow::rows).max().orElse(-1);
        for (ExactRow r : rows) {
            JmhResult s = r.search();
            t.row(count(r.rows()), s.param("k"), s.param("threads"), pm(s), pm(r.bound()), f(r.ratio()) + "×", f(r.gigabytesPerSecond()));
            if (r.rows() == goalRows && s.param("k").equals("100")) {
                String size = count(goalRows) + " × " + s.param("dim");
                goals.add(new Goal("exact top-100 over " + size + ", " + s.param("threads") + " thread(s) ÷ scan bound"
                        + (goalRows < 1_000_000 ? " (goal size 1M not in this run)" : ""),
                        f(r.ratio()) + "× (" + f(s.score()) + " / " + f(score(r.bound())) + " µs)", "≤ 1.25×",
                        Double.isNaN(r.ratio()) ? null : r.ratio() <= 1.25));
            }
        }
        if (rows.isEmpty()) {
            t.line("| not measured | | | | | | |");
            goals.add(new Goal("exact top-100 over 1M × 64 ÷ scan bound", "not measured", "≤ 1.25×", null));
        }
        t.line("");
    }

    // ---------------------------------------------------------------- hnsw

    private void hnsw(Text t) throws IOException {
        t.line("## HNSW: QPS at recall@10 ≥ " + HNSW_RECALL);
        t.line("");
        AnnSweep mic = run.sweeps().get("mic");
        if (mic == null) {
            t.line("Not measured in this run.");
            t.line("");
            goals.add(new Goal("HNSW QPS at recall@10 ≥ 0.95 vs hnswlib", "not measured", "≥ 1.0×", null));
            return;
        }
        t.line("`AnnSweep` (ours) and `peers/ann_peers.py` (hnswlib, faiss) on the same " + count((long) mic.n()) + " × "
                + (long) mic.dim() + " clustered unit");
        t.line("vectors and " + count((long) mic.queries()) + " queries (written by the Java side, seeded), inner product, exact ground truth");
        t.line("from `ExactIndex`. Same graph budget: 32 links per node on the base layer, construction beam 100. Build with");
        t.line((long) mic.buildThreads() + " thread(s); search with one thread: ours one query per call, the peers one batch of all");
        t.line("queries per call (their best single-thread case).");
        t.line("QPS at the target is interpolated between the two sweep points that bracket it (on each sweep's recall/QPS");
        t.line("Pareto front), linear in recall on log QPS: QPS = QPS_lo · (QPS_hi / QPS_lo)^t, t = (" + HNSW_RECALL
                + " − recall_lo) / (recall_hi − recall_lo);");
        t.line("\"ef at target\" and \"recall@10\" show the two bracketing points (one where no point below the target is faster than");
        t.line("the first point reaching it: that point's QPS).");
        AnnSweep simdSweep = run.sweeps().get("mic-simd");
        boolean sameGraph = simdSweep != null && "mic".equals(simdSweep.sameGraphAs());
        t.line("Ours: the graph is built by `HnswBuilder` (hnswlib's algorithm on flat arrays, " + mic.params() + "), then searched by `HnswGraph` (flat arrays, breadth-first node order,");
        if (sameGraph) {
            t.line("allocation-free beam search) on Java 17 started with `--add-modules jdk.incubator.vector`: one graph, searched with");
            t.line("the scalar inner product and with the JDK's Vector API one (`HnswIndex.withInnerProduct`), the two back to back at");
            t.line("each ef, so the two rows differ by the kernel only (build and memory are the one build's).");
        } else if (simdSweep != null) {
            t.line("allocation-free beam search) on Java 17, twice: the default JVM (scalar inner product) and the same jar with");
            t.line("`--add-modules jdk.incubator.vector`, where the search's inner product uses the JDK's Vector API (two JVMs, so two");
            t.line("graphs: the rows differ by graph as well as by kernel).");
        } else {
            t.line("allocation-free beam search) on Java 17 with the scalar inner product (no Vector API sweep in this run).");
        }
        t.line("");
        t.line("| library | build s | memory MB | ef at target | recall@10 | QPS at target | ours ÷ this |");
        t.line("|---|---:|---:|---:|---:|---:|---:|");
        Optional<AtTarget> ours = mic.atRecall(HNSW_RECALL);
        Double vsHnswlib = null;
        AnnSweep hnswlib = null;
        String simd = null;
        boolean simdMet = false;
        for (AnnSweep s : run.sweeps().values()) {
            if (s.unavailable()) {
                t.line("| " + s.library() + " | unavailable: " + s.reason() + " | | | | | |");
                continue;
            }
            if (hnswlib == null && s.library().startsWith("hnswlib")) {
                hnswlib = s;
            }
            Optional<AtTarget> p = s.atRecall(HNSW_RECALL);
            double ratio = ours.isEmpty() || p.isEmpty() ? Double.NaN : ours.get().qps() / p.get().qps();
            boolean shared = s.sameGraphAs() != null;
            t.row(s.library(), shared ? "same graph" : f(s.buildSeconds()), shared ? "same graph" : f(s.memoryMb()),
                    p.map(x -> x.lo() == null ? f(x.hi().ef()) : f(x.lo().ef()) + "–" + f(x.hi().ef())).orElse("not reached"),
                    p.map(x -> x.lo() == null ? f(x.hi().recall()) : f(x.lo().recall()) + "–" + f(x.hi().recall())).orElse(""),
                    p.map(x -> f(x.qps())).orElse(""), ratio(ratio));
            if (s.library().startsWith("hnswlib") && !Double.isNaN(ratio)) {
                vsHnswlib = ratio;
                Optional<AtTarget> ps = simdSweep == null ? Optional.empty() : simdSweep.atRecall(HNSW_RECALL);
                if (ps.isPresent()) {
                    double rs = ps.get().qps() / p.get().qps();
                    simd = f(rs) + "×";
                    simdMet = rs >= 1.0;
                }
            }
        }
        t.line("");
        if (sameGraph && ours.isPresent()) {
            Optional<AtTarget> ps = simdSweep.atRecall(HNSW_RECALL);
            if (ps.isPresent()) {
                t.line("Vector API ÷ scalar inner product on the same graph, QPS at the target: " + ratio(ps.get().qps() / ours.get().qps()) + ".");
                t.line("");
            }
        }
        String size = count((long) mic.n()) + " × " + (long) mic.dim();
        goals.add(new Goal("HNSW QPS at recall@10 ≥ 0.95, ours ÷ hnswlib, on " + size + (mic.n() < 1e6 ? " (goal size 1M not in this run)" : ""),
                vsHnswlib == null ? "not measured" : f(vsHnswlib) + "×", "≥ 1.0×", vsHnswlib == null ? null : vsHnswlib >= 1.0));
        if (simd != null) {
            goals.add(new Goal(sameGraph ? "  … the same graph searched with the Vector API inner product (`--add-modules jdk.incubator.vector`)"
                    : "  … the same with `--add-modules jdk.incubator.vector` (SIMD inner product in the search)", simd, "≥ 1.0×", simdMet));
        }
        if (hnswlib != null && hnswlib.buildSeconds() > 0) {
            double r = mic.buildSeconds() / hnswlib.buildSeconds();
            goals.add(new Goal("HNSW build time, ours ÷ hnswlib, on " + size + ", same budget, " + (long) mic.buildThreads() + " thread(s)",
                    f(r) + "× (" + f(mic.buildSeconds()) + " / " + f(hnswlib.buildSeconds()) + " s)", "≤ 1.0×", r <= 1.0));
        }
        t.line("Exact search on the same data (ground truth pass, " + f(mic.buildThreads()) + " threads): " + f(mic.exactQps()) + " QPS.");
        t.line("");
        XYChart c = new XYChartBuilder().width(700).height(420).title("HNSW: QPS vs recall@10 (" + size + ", 1 search thread)")
                .xAxisTitle("recall@10").yAxisTitle("queries / s (log)").build();
        c.getStyler().setYAxisLogarithmic(true);
        Set<String> usedSeries = new HashSet<>();
        t.line("<details><summary>full sweeps</summary>");
        t.line("");
        t.line("| library | ef | recall@10 | QPS |");
        t.line("|---|---:|---:|---:|");
        for (AnnSweep s : run.sweeps().values()) {
            if (s.points().isEmpty()) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Point p : s.points()) {
                x.add(p.recall());
                y.add(p.qps());
                t.row(s.library(), f(p.ef()), f(p.recall()), f(p.qps()));
            }
            String series = s.library();
            while (!usedSeries.add(series)) {
                series += "'";
            }
            c.addSeries(series, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        t.line("");
        t.line("</details>");
        t.line("");
        BitmapEncoder.saveBitmap(c, plots.resolve("hnsw-qps-vs-recall.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        t.line("![QPS vs recall](" + rel("hnsw-qps-vs-recall.png") + ")");
        t.line("");
        List<JmhResult> hj = run.results("HnswSearchBenchmark.search");
        if (!hj.isEmpty()) {
            t.line("JMH `HnswSearchBenchmark` (the plugin's search path, one query per call):");
            t.line("");
            t.line("| rows | ef | µs / search | recall@10 | build s (threads) | heap MB |");
            t.line("|---:|---:|---:|---:|---:|---:|");
            for (JmhResult r : hj) {
                RawRun.HnswSide side = run.hnswSides().get(r.param("rows") + "-ef" + r.param("ef"));
                t.row(count(r.intParam("rows")), r.param("ef"), pm(r), side == null ? "n/a" : f(side.recall()),
                        side == null ? "n/a" : f(side.buildSeconds()) + " (" + r.param("buildThreads") + ")",
                        side == null ? "n/a" : f(side.heapMb()));
            }
            t.line("");
        }
    }

    // ---------------------------------------------------------------- serving

    private void serving(Text t) {
        t.line("## Serving path pieces");
        t.line("");
        t.line("### Neighbour-table lookups (`NeighborStoreBenchmark`, 10k rows, 50 per row, read 10)");
        t.line("");
        t.line("| call | memory µs | Redis µs | Redis ÷ memory |");
        t.line("|---|---:|---:|---:|");
        for (String method : new String[] {"neighbors", "recentItems", "neighborsBatch"}) {
            JmhResult mem = run.result("NeighborStoreBenchmark." + method, "store", "memory");
            JmhResult red = run.result("NeighborStoreBenchmark." + method, "store", "redis");
            t.row(method.equals("neighborsBatch") ? "neighbors, batch of 10 (one round trip)" : method, pm(mem), pm(red),
                    f(score(red) / score(mem)) + "×");
        }
        t.line("");
        Optional<RedisBaseline> rb = run.redis();
        if (rb.isPresent() && rb.get().available()) {
            t.line("Baseline: `redis-benchmark` (Redis " + rb.get().version() + ", 1 client, no pipelining, loopback) — the round trip our");
            t.line("store pays at least once per call (our reads are `MULTI; GET; HMGET; EXEC`, one round trip):");
            t.line("");
            t.line("| command | avg µs | p50 µs | p99 µs | req/s |");
            t.line("|---|---:|---:|---:|---:|");
            for (RedisCommand c : rb.get().commands()) {
                t.row(c.command().equals("GET") ? "GET (400 B)" : c.command() + " (10 × 400 B)", f(c.avgUs()), f(c.p50Us()), f(c.p99Us()),
                        f(c.rps()));
            }
            t.line("");
        } else {
            t.line("Redis baseline: " + rb.map(b -> "unavailable (" + b.reason() + ")").orElse("not measured") + ".");
            t.line("");
        }
        t.line("### Channels, merge, rerank");
        t.line("");
        t.line("| what | params | µs / request |");
        t.line("|---|---|---:|");
        for (String ch : new String[] {"u2i", "i2i", "u2u"}) {
            JmhResult r = run.result("ChannelBenchmark.retrieve", "channel", ch);
            String p = switch (ch) {
                case "u2i" -> "exact top 100 over " + (r == null ? "?" : r.param("items")) + " × 64 items, seen excluded";
                case "i2i" -> "10 recent × 10 similar items, top 100";
                default -> "10 similar users × 10 recent items, top 100";
            };
            t.row("channel " + ch, p, pm(r));
        }
        for (JmhResult r : run.results("CandidatesMergeBenchmark.merge")) {
            t.row("Candidates merge", "3 channels × " + r.param("perChannel") + " items, ~half overlapping", pm(r));
        }
        JmhResult unified = null;
        for (JmhResult r : run.results("RerankBenchmark.rerank")) {
            t.row("rerank " + r.param("reranker"), r.param("candidates") + " candidates → top 50", pm(r));
            if (r.param("reranker").equals("mic-unified")) {
                unified = r;
            }
        }
        t.line("");
        if (unified != null) {
            double v = unified.score();
            goals.add(new Goal("mic-unified rerank of " + unified.param("candidates") + " candidates"
                    + (unified.param("candidates").equals("500") ? "" : " (goal size 500 not in this run)"), f(v) + " µs", "≤ 20 µs", v <= 20));
        } else {
            goals.add(new Goal("mic-unified rerank of 500 candidates", "not measured", "≤ 20 µs", null));
        }
    }

    // ---------------------------------------------------------------- recommend

    /** One store's recommend() latency percentiles, in the benchmark's unit. */
    private record LatencyRow(JmhResult result) {
        String store() {
            return result.param("store");
        }

        boolean redis() {
            return store().equals("redis");
        }

        /** p99 in milliseconds, whatever JMH's unit. */
        double p99Ms() {
            double p99 = result.percentile("99.0");
            String unit = result.unit();
            return unit.startsWith("us") ? p99 / 1000 : unit.startsWith("ns") ? p99 / 1e6 : p99;
        }
    }

    private void recommend(Text t) throws IOException {
        t.line("## recommend() end to end");
        t.line("");
        t.line("`RecommendBenchmark` (JMH SampleTime): `Recommender.recommend(user, 10)` over ml-1m-sized artifacts built by the");
        t.line("batch job (6,040 users, 3,706 items, dim 64, hnsw index, 50 neighbours per row), channels u2i/i2i/u2u at their");
        t.line("default quotas, mic-unified rerank, seen items excluded; the Redis store against a real redis-server on loopback.");
        t.line("");
        List<JmhResult> rs = run.results("RecommendBenchmark.recommend");
        if (rs.isEmpty()) {
            t.line("**Not measured in this run** (see status.txt).");
            goals.add(new Goal("recommend() p99, embedded store", "not measured", "≤ 1 ms", null));
            goals.add(new Goal("recommend() p99, Redis store", "not measured", "≤ 3 ms", null));
        } else {
            t.line("| store | p50 | p90 | p99 | p99.9 | unit |");
            t.line("|---|---:|---:|---:|---:|---|");
            for (JmhResult r : rs) {
                LatencyRow row = new LatencyRow(r);
                t.row(row.store(), f(r.percentile("50.0")), f(r.percentile("90.0")), f(r.percentile("99.0")), f(r.percentile("99.9")), r.unit());
                double ms = row.p99Ms();
                goals.add(new Goal("recommend() p99, " + (row.redis() ? "Redis" : "embedded") + " store", f(ms) + " ms",
                        row.redis() ? "≤ 3 ms" : "≤ 1 ms", ms <= (row.redis() ? 3 : 1)));
            }
            latencyHistogram(t, rs);
        }
        t.line("");
    }

    /**
     * The share of recommend() calls per latency bin (JMH SampleTime's raw histogram, every fork and
     * iteration), one series per store; bins of equal width on a log axis, up to the largest p99.9.
     */
    private void latencyHistogram(Text t, List<JmhResult> rs) throws IOException {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        List<TreeMap<Double, Long>> samples = new ArrayList<>();
        for (JmhResult r : rs) {
            TreeMap<Double, Long> h = new TreeMap<>();
            for (double[] vc : r.histogram()) {
                h.merge(vc[0], (long) vc[1], Long::sum);
            }
            if (h.isEmpty()) {
                return;
            }
            samples.add(h);
            lo = Math.min(lo, h.firstKey());
            hi = Math.max(hi, r.percentile("99.9"));
        }
        int bins = 40;
        double step = Math.log(hi / lo) / bins;
        XYChart c = new XYChartBuilder().width(700).height(420).title("recommend() latency (share of calls per bin, up to p99.9)")
                .xAxisTitle("latency, " + rs.get(0).unit() + " (log)").yAxisTitle("% of calls").build();
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
            c.addSeries(rs.get(s).param("store") + " store", xs, ys).setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(c, plots.resolve("recommend-latency.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        t.line("");
        t.line("![recommend() latency histogram](" + rel("recommend-latency.png") + ")");
    }

    // ---------------------------------------------------------------- data

    private void data(Text t) {
        t.line("## Data loading and evaluation");
        t.line("");
        t.line("| what | params | time |");
        t.line("|---|---|---:|");
        for (JmhResult r : run.results("DatasetLoadBenchmark.loadMovieLens1m")) {
            t.row("load ML-1M (ratings, users, movies)", "source " + r.param("source"), pm(r) + " " + r.unit());
        }
        for (JmhResult r : run.results("FullRankingEvalBenchmark.evaluateAllUsers")) {
            t.row("full-ranking eval, all users", r.param("users") + " users × " + r.param("items") + " items, " + r.param("model")
                    + ", " + r.param("threads") + " threads", pm(r) + " " + r.unit());
        }
        t.line("");
    }

    private static void reproduce(Text t) {
        t.line("## Reproduce");
        t.line("");
        t.line("```");
        t.line("./mic bench-report            # full run (see README \"Performance\" for duration)");
        t.line("./mic bench-report --quick    # smoke run of the whole pipeline, minutes, numbers not meaningful");
        t.line("```");
        t.line("");
        t.line("Environment: `MIC_BENCH_THREADS` (threads for JMH, TF and the peers; default: all cores),");
        t.line("`MIC_BENCH_ANN_N` (HNSW sweep size; default 1,000,000, quick 20,000), `MIC_BENCH_ANN_SIMD=0` (HNSW sweep with the");
        t.line("scalar inner product only: its JVM without `--add-modules jdk.incubator.vector`).");
        t.line("Hand-written notes below the generated part come from `docs/perf/" + NOTES + "` (measurements not made by this command).");
    }
}
