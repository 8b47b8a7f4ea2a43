#!/usr/bin/env bash
# ./mic bench-report [--quick]: builds benchmarks.jar, runs every JMH benchmark (-rf json into
# docs/perf/raw/), the HNSW recall/QPS sweep, the peers (PyTorch step, hnswlib + faiss, redis-benchmark),
# then io.mic.bench.report.ReportGenerator, which writes docs/performance.md and docs/perf/*.png.
#
# Unattended and bounded: a failing benchmark group or peer is recorded in docs/perf/raw/status.txt and
# the report shows it as "not measured"; the script still finishes. Expected duration on a quiet 2-core
# machine: full ~45-60 min (HNSW builds at 1M dominate), --quick ~10 min.
#
# Environment:
#   MIC_BENCH_THREADS  threads for JMH (taskset), TF's pools and the peers (default: all cores)
#   MIC_BENCH_ANN_N    HNSW sweep size (default 1000000; quick 20000)
#   MIC_BENCH_ANN_SIMD set to 0 for a scalar-only HNSW sweep (its JVM without --add-modules jdk.incubator.vector)
#   MIC_BENCH_NO_APT   set to 1 to skip installing missing Debian packages for the peers
set -uo pipefail
# the whole script is one function, parsed before it runs: editing this file during a run is safe
main() {
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MODE=full
for a in "$@"; do
  case "$a" in
    --quick) MODE=quick ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    *) echo "bench-report: unknown option $a (use --quick)" >&2; exit 2 ;;
  esac
done

CORES=$(nproc)
T=${MIC_BENCH_THREADS:-$CORES}
CPUS="0-$((T - 1))"
RAW="$ROOT/docs/perf/raw"
WORK="$ROOT/mic-bench/target/bench-work"
PY=/usr/bin/python3
START=$(date +%s)
mkdir -p "$RAW" "$WORK"
rm -f "$RAW"/*.json "$RAW"/*.csv "$RAW"/*.txt
STATUS="$RAW/status.txt"
: > "$STATUS"
export MIC_BENCH_OUT="$RAW"

log() { echo "bench-report [$(( $(date +%s) - START ))s] $*" >&2; }
note() { echo "$*" >> "$STATUS"; log "$*"; }
run() { # run NAME CMD...: bounded by nice + taskset; failure is noted, not fatal
  local name="$1"; shift
  log "$name ..."
  if nice -n 10 taskset -c "$CPUS" "$@" > "$WORK/$name.log" 2>&1; then
    note "ok: $name"
  else
    note "FAILED: $name (exit $?; log mic-bench/target/bench-work/$name.log)"
  fi
}

# ---------------------------------------------------------------- peers' packages
PEER_PKGS="python3-torch libopenblas0-pthread python3-hnswlib python3-faiss python3-numpy redis-server redis-tools"
if [ "${MIC_BENCH_NO_APT:-0}" != 1 ] && command -v apt-get >/dev/null; then
  missing=""
  for p in $PEER_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    log "installing peers' packages:$missing"
    SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo -n"
    $SUDO apt-get update -q >/dev/null 2>&1 || true
    for p in $missing; do
      if DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "$p" >/dev/null 2>&1; then
        note "installed: $p"
      else
        note "unavailable: $p (apt-get install failed or no such package in this Debian)"
      fi
    done
  fi
fi

# ---------------------------------------------------------------- build
log "building mic-bench/target/benchmarks.jar"
if ! ./mvnw -B -q -o -pl mic-bench -am package -DskipTests >"$WORK/build.log" 2>&1; then
  ./mvnw -B -q -pl mic-bench -am package -DskipTests >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
fi
# run from a copy so rebuilding the module during a run cannot change the jar under the forks
cp "$ROOT/mic-bench/target/benchmarks.jar" "$WORK/benchmarks.jar"
JAR="$WORK/benchmarks.jar"

# ---------------------------------------------------------------- JMH
if [ "$MODE" = quick ]; then
  JMH_OPTS=(-f 1 -wi 1 -w 1s -i 2 -r 1s -foe false)
  IDS="10000,1000000"; ROWS="100000"; ANN_N=${MIC_BENCH_ANN_N:-20000}; ANN_Q=500; ANN_S=0.3; STEP_S=3
else
  JMH_OPTS=(-f 1 -foe false)
  IDS="10000,1000000,10000000"; ROWS="100000,1000000"; ANN_N=${MIC_BENCH_ANN_N:-1000000}; ANN_Q=1000; ANN_S=2; STEP_S=10
fi
THREADS_P="1"; [ "$T" -gt 1 ] && THREADS_P="1,$T"
jmh() { # jmh NAME REGEX [jmh args...]
  local name="$1" regex="$2"; shift 2
  run "jmh-$name" java -jar "$JAR" "$regex" "${JMH_OPTS[@]}" "$@" -rf json -rff "$RAW/jmh-$name.json"
}
jmh twotower 'TwoTowerStepBenchmark|EmbeddingTableBenchmark' -p ids="$IDS"
jmh transformer 'TransformerStepBenchmark'
jmh propagation 'PropagationBenchmark'
jmh exact 'ExactTopKBenchmark|ScanBoundBenchmark' -p rows="$ROWS" -p threads="$THREADS_P"
jmh hnsw 'HnswSearchBenchmark' -p buildThreads="$T" -p rows="$([ "$MODE" = quick ] && echo 20000 || echo 100000)"
jmh serving 'NeighborStoreBenchmark|ChannelBenchmark|CandidatesMergeBenchmark|RerankBenchmark'
DATA_SRC=../shared/data/ml-1m; [ -d "$DATA_SRC" ] || DATA_SRC=generated:1000209
jmh data 'DatasetLoadBenchmark|FullRankingEvalBenchmark' -p source="$DATA_SRC" -p threads="$T"
jmh recommend 'RecommendBenchmark'

# ---------------------------------------------------------------- HNSW sweep: ours, then the peers on the same files
# one JVM, one graph build, then the ef sweep once per inner product on that same graph: scalar, and
# (with the Vector API module resolved) SIMD, both in ann-mic.json ("points" and "simd"), so the two rows
# differ by the kernel only; MIC_BENCH_ANN_SIMD=0 runs the scalar sweep alone
ANN_JVM=(--add-modules jdk.incubator.vector); [ "${MIC_BENCH_ANN_SIMD:-1}" = 0 ] && ANN_JVM=()
run ann-mic java ${ANN_JVM[@]+"${ANN_JVM[@]}"} -Xmx8g -cp "$JAR" io.mic.bench.AnnSweep "$ANN_N" 64 "$ANN_Q" "$T" "$ANN_S" "$WORK/ann" "$RAW/ann-mic.json"
if [ -f "$WORK/ann/truth.i32" ]; then
  run ann-peers env OMP_NUM_THREADS="$T" OPENBLAS_NUM_THREADS=1 "$PY" mic-bench/peers/ann_peers.py "$WORK/ann" "$RAW" --threads "$T" --min-seconds "$ANN_S"
fi

# ---------------------------------------------------------------- PyTorch step
if "$PY" -c 'import torch' 2>/dev/null; then
  # the peer gets its best thread count up to T (1 and T): torch's OpenMP pool collapses when its
  # threads compete for the cores with anything else, where one thread does not
  TT="1"; [ "$T" -gt 1 ] && TT="1 $T"
  for ids in ${IDS//,/ }; do
    for tt in $TT; do
      run "torch-$ids-t$tt" env OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS="$tt" "$PY" mic-bench/peers/twotower_step.py --ids "$ids" \
        --threads "$tt" --warmup-s 3 --measure-s "$STEP_S" --out "$RAW/torch-$ids-t$tt.json"
    done
  done
  for tt in $TT; do
    run "torch-transformer-t$tt" env OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS="$tt" "$PY" mic-bench/peers/transformer_step.py \
      --threads "$tt" --warmup-s 3 --measure-s "$STEP_S" --out "$RAW/torch-transformer-t$tt.json"
  done
else
  note "unavailable: PyTorch peer (python3-torch not importable)"
fi

# ---------------------------------------------------------------- Redis baseline
run redis-baseline bash mic-bench/peers/redis_baseline.sh "$RAW" "$([ "$MODE" = quick ] && echo 20000 || echo 200000)"

# ---------------------------------------------------------------- machine + report
JVM=$(java -version 2>&1 | sed -n 2p)
"$PY" - "$RAW/machine.json" <<PY
import json, platform, subprocess, sys, datetime, os
def sh(c):
    try: return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception: return ""
try:
    import torch; tv = torch.__version__
except Exception: tv = "unavailable"
peers = []
for m in ("hnswlib", "faiss"):
    try:
        mod = __import__(m); peers.append(m + " " + getattr(mod, "__version__", "(version n/a)"))
    except Exception: peers.append(m + " unavailable")
peers.append(sh("redis-server --version | sed -E 's/.*v=([0-9.]+).*/redis \\\\1/'") or "redis unavailable")
json.dump({"mode": "$MODE", "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"),
           "commit": sh("git rev-parse --short HEAD") + (" (dirty)" if sh("git status --porcelain -uno") else ""),
           "cpu": sh("lscpu | sed -n 's/^Model name: *//p'"), "cores": $CORES, "threads": $T,
           "memory": sh("free -g | awk '/Mem:/{print \$2\" GiB\"}'"), "jvm": "$JVM",
           "python": platform.python_version(), "torch": tv,
           "blas": os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3").split("/")[-2], "peers": ", ".join(peers),
           "duration_s": $(( $(date +%s) - START ))}, open(sys.argv[1], "w"))
PY
log "writing docs/performance.md"
java -Djava.awt.headless=true -cp "$JAR" io.mic.bench.report.ReportGenerator "$RAW" "$ROOT/docs/performance.md" "$ROOT/docs/perf" \
  || { log "report generation failed"; exit 1; }
log "done: docs/performance.md ($(grep -c FAILED "$STATUS") failed steps; see docs/perf/raw/status.txt)"
}
main "$@"
exit
