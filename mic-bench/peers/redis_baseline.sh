#!/usr/bin/env bash
# Redis round-trip baseline on loopback, next to io.mic.bench.NeighborStoreBenchmark's redis rows:
# redis-benchmark with one client and no pipelining (so a request's time is one round trip) for
# GET of a 400-byte value (one neighbour row of 50 ids + scores), MGET of 10 such keys and HMGET of
# 10 fields of one hash (what the store sends per batched read), against a redis-server it starts on
# a free port. Writes redis-baseline.json; prints "unavailable" JSON when redis is not installed.
# usage: redis_baseline.sh OUT_DIR REQUESTS
set -euo pipefail
OUT="$1"; N="${2:-100000}"
if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null; then
  echo '{"available": false, "reason": "redis-server or redis-benchmark (redis-tools) not installed"}' > "$OUT/redis-baseline.json"
  exit 0
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
VAL=$(head -c 400 /dev/zero | tr '\0' 'x')
for i in $(seq 0 9); do redis-cli -p "$PORT" set "k$i" "$VAL" >/dev/null; redis-cli -p "$PORT" hset h "f$i" "$VAL" >/dev/null; done
CSV="$OUT/redis-baseline.csv"
: > "$CSV"
redis-benchmark -p "$PORT" -c 1 -P 1 -n "$N" --csv GET k0 >> "$CSV"
redis-benchmark -p "$PORT" -c 1 -P 1 -n "$N" --csv MGET k0 k1 k2 k3 k4 k5 k6 k7 k8 k9 | tail -n +2 >> "$CSV"
redis-benchmark -p "$PORT" -c 1 -P 1 -n "$N" --csv HMGET h f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 | tail -n +2 >> "$CSV"
VERSION=$(redis-server --version | sed -E 's/.*v=([0-9.]+).*/\1/')
python3 - "$CSV" "$OUT/redis-baseline.json" "$VERSION" "$N" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
out = {"available": True, "redis": sys.argv[3], "requests": int(sys.argv[4]), "clients": 1, "pipeline": 1, "tests": []}
for r in rows:
    out["tests"].append({"command": r["test"].split()[0], "rps": float(r["rps"]),
                         "avg_us": 1000 * float(r["avg_latency_ms"]), "p50_us": 1000 * float(r["p50_latency_ms"]),
                         "p99_us": 1000 * float(r["p99_latency_ms"])})
json.dump(out, open(sys.argv[2], "w"))
PY
