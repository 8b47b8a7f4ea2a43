package io.mic.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The raw files of one {@code ./mic bench-report} run, parsed into typed values: JMH's {@code jmh-*.json}, the
 * benchmarks' side files (peak memory of a training step, recall and build time of an HNSW benchmark), the ANN
 * sweeps ({@code ann-*.json}), the PyTorch peers ({@code torch-*.json}), the Redis baseline and
 * {@code machine.json}. Parsing only; {@link ReportGenerator} renders. A file that is absent is absent here
 * (empty list, empty map, empty optional); a field that is absent reads as {@code NaN} (numbers) or {@code "null"}
 * (text), as the report always showed it.
 */
record RawRun(
        Machine machine,
        List<JmhResult> jmh,
        Map<Integer, PeerStep> twoTowerPeers,
        Optional<PeerStep> transformerPeer,
        Map<String, StepMemory> stepMemory,
        Map<String, AnnSweep> sweeps,
        Map<String, HnswSide> hnswSides,
        Optional<RedisBaseline> redis) {

    /** The ANN sweeps, in the order the report lists them ("mic-simd": {@code ann-mic.json}'s {@code simd} or an {@code ann-mic-simd.json}). */
    static final List<String> SWEEPS = List.of("mic", "mic-simd", "hnswlib", "faiss");

    private static final Pattern JMH = Pattern.compile("jmh-.*\\.json");
    private static final Pattern TORCH_STEP = Pattern.compile("torch-\\d+(-t\\d+)?\\.json");
    private static final Pattern TORCH_TRANSFORMER = Pattern.compile("torch-transformer-t\\d+\\.json");
    private static final Pattern STEP_MEMORY = Pattern.compile("twotower-(\\d+)\\.json");
    private static final Pattern HNSW_SIDE = Pattern.compile("hnsw-(\\d+-ef\\d+)\\.json");

    /** {@code machine.json}: each value as the report prints it ("n/a" when absent, whole numbers without ".0"). */
    record Machine(String date, String mode, String commit, String cpu, String cores, String threads, String memory,
            String jvm, String python, String torch, String blas, String peers) {
        boolean quick() {
            return mode.equals("quick");
        }

        static Machine of(Map<String, Object> m) {
            return new Machine(text(m, "date"), text(m, "mode"), text(m, "commit"), text(m, "cpu"), text(m, "cores"),
                    text(m, "threads"), text(m, "memory"), text(m, "jvm"), text(m, "python"), text(m, "torch"),
                    text(m, "blas"), text(m, "peers"));
        }

        private static String text(Map<String, Object> m, String key) {
            Object v = m.get(key);
            return v == null ? "n/a" : v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : v.toString();
        }
    }

    /**
     * One JMH result row: the benchmark's full name, its {@code @Param}s, the primary metric's score, error (NaN
     * when JMH had too few iterations) and unit; for SampleTime runs the percentiles (keys as JMH writes them,
     * {@code "99.0"}) and the raw histogram as (value, count) pairs over every fork and iteration.
     */
    record JmhResult(String benchmark, Map<String, String> params, double score, double error, String unit,
            Map<String, Double> percentiles, List<double[]> histogram) {
        /** Whether this is {@code bench} (simple class name + "." + method). */
        boolean is(String bench) {
            return benchmark.endsWith("." + bench);
        }

        String param(String name) {
            return params.get(name);
        }

        int intParam(String name) {
            return Integer.parseInt(params.get(name));
        }

        double percentile(String p) {
            Double v = percentiles.get(p);
            return v == null ? Double.NaN : v;
        }

        static JmhResult of(Map<String, Object> r) {
            Map<String, String> params = new LinkedHashMap<>();
            if (r.get("params") != null) {
                Json.obj(r.get("params")).forEach((k, v) -> params.put(k, (String) v));
            }
            Map<String, Object> pm = Json.obj(r.get("primaryMetric"));
            Map<String, Double> percentiles = new LinkedHashMap<>();
            if (pm.get("scorePercentiles") != null) {
                Json.obj(pm.get("scorePercentiles")).forEach((k, v) -> percentiles.put(k, Json.num(v)));
            }
            List<double[]> histogram = new ArrayList<>();
            for (Object fork : Json.arr(pm.get("rawDataHistogram"))) {
                for (Object iteration : Json.arr(fork)) {
                    for (Object pair : Json.arr(iteration)) {
                        List<Object> vc = Json.arr(pair);
                        histogram.add(new double[] {Json.num(vc.get(0)), Json.num(vc.get(1))});
                    }
                }
            }
            return new JmhResult((String) r.get("benchmark"), Map.copyOf(params), Json.num(pm.get("score")),
                    Json.num(pm.get("scoreError")), (String) pm.get("scoreUnit"), percentiles, List.copyOf(histogram));
        }
    }

    /** A PyTorch peer's step ({@code torch-IDS-tT.json}, {@code torch-transformer-tT.json}); ids NaN for the transformer. */
    record PeerStep(double ids, double threads, double msPerStep, double peakRssKb) {
        static PeerStep of(Map<String, Object> t) {
            return new PeerStep(Json.num(t.get("ids")), Json.num(t.get("threads")), Json.num(t.get("ms_per_step")),
                    Json.num(t.get("peak_rss_kb")));
        }
    }

    /** {@code twotower-IDS.json}: our training step's peak resident memory. */
    record StepMemory(double peakRssKb) {
    }

    /** {@code hnsw-ROWS-efEF.json}: what {@code HnswSearchBenchmark} measured beside its JMH time. */
    record HnswSide(double recall, double buildSeconds, double heapMb) {
    }

    /** One (ef, recall@10, QPS) point of an ANN sweep. */
    record Point(double ef, double recall, double qps) {
    }

    /**
     * {@code ann-NAME.json}: one library's sweep, or why it was unavailable. {@code sameGraphAs}: the sweep
     * whose graph this one searched too (ours with the SIMD kernel, read from {@code ann-mic.json}'s
     * {@code simd} object: "mic"), or null (its own graph).
     */
    record AnnSweep(String library, boolean unavailable, String reason, double n, double dim, double queries,
            double buildThreads, String params, double buildSeconds, double memoryMb, double exactQps, List<Point> points,
            String sameGraphAs) {
        /**
         * QPS at recall@10 {@code target}, interpolated between the two points that bracket it, or empty when
         * no point reaches it. The points are first cut to their Pareto front (no other point with both recall
         * and QPS at least as high); the upper bracket is the front's lowest-recall point reaching the target
         * (the fastest point reaching it: the old step-function answer), the lower one the front's
         * highest-recall point below it; between them QPS is interpolated linearly in recall on log QPS:
         * {@code qps = qpsLo * (qpsHi / qpsLo)^t}, {@code t = (target - recallLo) / (recallHi - recallLo)}.
         * Without a lower bracket (the lowest ef already reaches the target) it is the upper point's QPS.
         */
        Optional<AtTarget> atRecall(double target) {
            List<Point> front = new ArrayList<>();
            for (Point p : points) {
                boolean dominated = false;
                for (Point o : points) {
                    if (o != p && o.recall() >= p.recall() && o.qps() >= p.qps() && (o.recall() > p.recall() || o.qps() > p.qps())) {
                        dominated = true;
                        break;
                    }
                }
                if (!dominated && !Double.isNaN(p.recall()) && !Double.isNaN(p.qps())) {
                    front.add(p);
                }
            }
            Point hi = null;
            Point lo = null;
            for (Point p : front) {
                if (p.recall() >= target && (hi == null || p.recall() < hi.recall())) {
                    hi = p;
                }
                if (p.recall() < target && (lo == null || p.recall() > lo.recall())) {
                    lo = p;
                }
            }
            if (hi == null) {
                return Optional.empty();
            }
            if (lo == null) {
                return Optional.of(new AtTarget(null, hi, hi.qps()));
            }
            double t = (target - lo.recall()) / (hi.recall() - lo.recall());
            return Optional.of(new AtTarget(lo, hi, Math.exp(Math.log(lo.qps()) + t * (Math.log(hi.qps()) - Math.log(lo.qps())))));
        }

        static AnnSweep of(Map<String, Object> s) {
            return of(s, s, null);
        }

        /** The sweep of {@code s}'s points and label; the rest (data, build) from {@code build}. */
        private static AnnSweep of(Map<String, Object> s, Map<String, Object> build, String sameGraphAs) {
            List<Point> points = new ArrayList<>();
            for (Object o : Json.arr(s.get("points"))) {
                Map<String, Object> p = Json.obj(o);
                points.add(new Point(Json.num(p.get("ef")), Json.num(p.get("recall")), Json.num(p.get("qps"))));
            }
            return new AnnSweep(String.valueOf(s.get("library")), Boolean.FALSE.equals(build.get("available")),
                    String.valueOf(build.get("reason")), Json.num(build.get("n")), Json.num(build.get("dim")), Json.num(build.get("queries")),
                    Json.num(build.get("build_threads")), String.valueOf(build.get("params")), Json.num(build.get("build_seconds")),
                    Json.num(build.get("memory_mb")), Json.num(build.get("exact_qps")), List.copyOf(points), sameGraphAs);
        }

        /** {@code ann-mic.json}'s {@code simd} object (the same graph searched with the Vector API kernel), or empty. */
        static Optional<AnnSweep> simdOf(Map<String, Object> mic) {
            Object simd = mic.get("simd");
            return simd == null ? Optional.empty() : Optional.of(of(Json.obj(simd), mic, "mic"));
        }
    }

    /**
     * A sweep's QPS at a recall target: the bracketing points ({@code lo} null when the sweep's first point
     * on the Pareto front already reaches the target) and the interpolated QPS.
     */
    record AtTarget(Point lo, Point hi, double qps) {
    }

    /** One {@code redis-benchmark} command's latency and throughput. */
    record RedisCommand(String command, double avgUs, double p50Us, double p99Us, double rps) {
    }

    /** {@code redis-baseline.json}: available with the server version and commands, or unavailable with a reason. */
    record RedisBaseline(boolean available, String reason, String version, List<RedisCommand> commands) {
        static RedisBaseline of(Map<String, Object> rb) {
            List<RedisCommand> commands = new ArrayList<>();
            for (Object o : Json.arr(rb.get("tests"))) {
                Map<String, Object> t = Json.obj(o);
                commands.add(new RedisCommand(String.valueOf(t.get("command")), Json.num(t.get("avg_us")),
                        Json.num(t.get("p50_us")), Json.num(t.get("p99_us")), Json.num(t.get("rps"))));
            }
            return new RedisBaseline(Boolean.TRUE.equals(rb.get("available")), String.valueOf(rb.get("reason")),
                    String.valueOf(rb.get("redis")), List.copyOf(commands));
        }
    }

    /** JMH results of {@code bench} whose params include every (key, value) of {@code params}, in file order. */
    List<JmhResult> results(String bench, Map<String, String> params) {
        List<JmhResult> l = new ArrayList<>();
        for (JmhResult r : jmh) {
            if (r.is(bench) && params.entrySet().stream().allMatch(e -> e.getValue().equals(r.param(e.getKey())))) {
                l.add(r);
            }
        }
        return l;
    }

    List<JmhResult> results(String bench) {
        return results(bench, Map.of());
    }

    /** The first result of {@code bench} with params {@code kv} (key, value, key, value …), or null. */
    JmhResult result(String bench, String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        List<JmhResult> l = results(bench, p);
        return l.isEmpty() ? null : l.get(0);
    }

    /** Reads every input of one report run from {@code raw}. */
    static RawRun read(Path raw) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(raw)) {
            files = s.sorted().toList();
        }
        List<JmhResult> jmh = new ArrayList<>();
        Map<Integer, PeerStep> twoTowerPeers = new java.util.TreeMap<>();
        PeerStep transformerPeer = null;
        Map<String, StepMemory> stepMemory = new LinkedHashMap<>();
        Map<String, HnswSide> hnswSides = new LinkedHashMap<>();
        for (Path p : files) {
            String name = p.getFileName().toString();
            Matcher m;
            if (JMH.matcher(name).matches()) {
                String text = Files.readString(p).trim();
                if (!text.isEmpty()) {
                    for (Object o : Json.arr(Json.parse(text))) {
                        jmh.add(JmhResult.of(Json.obj(o)));
                    }
                }
            } else if (TORCH_STEP.matcher(name).matches()) {
                PeerStep t = PeerStep.of(object(p));
                // the peer's best thread count
                PeerStep prev = twoTowerPeers.get((int) t.ids());
                if (prev == null || t.msPerStep() < prev.msPerStep()) {
                    twoTowerPeers.put((int) t.ids(), t);
                }
            } else if (TORCH_TRANSFORMER.matcher(name).matches()) {
                PeerStep t = PeerStep.of(object(p));
                if (transformerPeer == null || t.msPerStep() < transformerPeer.msPerStep()) {
                    transformerPeer = t;
                }
            } else if ((m = STEP_MEMORY.matcher(name)).matches()) {
                stepMemory.put(m.group(1), new StepMemory(Json.num(object(p).get("peak_rss_kb"))));
            } else if ((m = HNSW_SIDE.matcher(name)).matches()) {
                Map<String, Object> h = object(p);
                hnswSides.put(m.group(1), new HnswSide(Json.num(h.get("recall")), Json.num(h.get("build_seconds")),
                        Json.num(h.get("heap_mb"))));
            }
        }
        Map<String, AnnSweep> sweeps = new LinkedHashMap<>();
        for (String s : SWEEPS) {
            Map<String, Object> o = objectIfPresent(raw.resolve("ann-" + s + ".json"));
            if (o != null && !sweeps.containsKey(s)) {
                sweeps.put(s, AnnSweep.of(o));
                if (s.equals("mic")) {
                    // since issue 22: one AnnSweep JVM, one graph, the SIMD sweep inside ann-mic.json; an
                    // ann-mic-simd.json (earlier runs: a second JVM, its own graph) is read as before
                    AnnSweep.simdOf(o).ifPresent(simd -> sweeps.put("mic-simd", simd));
                }
            }
        }
        Map<String, Object> machine = objectIfPresent(raw.resolve("machine.json"));
        Map<String, Object> redis = objectIfPresent(raw.resolve("redis-baseline.json"));
        return new RawRun(Machine.of(machine == null ? Map.of() : machine), List.copyOf(jmh), twoTowerPeers,
                Optional.ofNullable(transformerPeer), stepMemory, sweeps, hnswSides,
                Optional.ofNullable(redis).map(RedisBaseline::of));
    }

    private static Map<String, Object> object(Path p) throws IOException {
        return Json.obj(Json.parse(Files.readString(p)));
    }

    private static Map<String, Object> objectIfPresent(Path p) throws IOException {
        return Files.isRegularFile(p) ? object(p) : null;
    }
}
