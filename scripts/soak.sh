#!/usr/bin/env bash
# scripts/soak.sh RUN_DIR [LABEL] [THREADS] [SECONDS]: soak of the serving front (docs/reliability.md).
# N client threads against an in-process `mic serve` (Jetty front, SwappableRecommender), first with the
# embedded store (an artifact reload mid-run), then with Redis (redis-server stopped, restarted empty,
# tables reloaded by the store). Prints requests, errors, degraded answers and p50/p99/p99.9 per phase and
# whether the answers after recovery equal those before; exit 1 on any error or difference.
# RUN_DIR must be indexed (`mic index --run RUN_DIR`). Full run: scripts/soak.sh RUN mic-dssm 64 600
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${1:?usage: scripts/soak.sh RUN_DIR [LABEL] [THREADS] [SECONDS]}"
LABEL="${2:-$(ls "$RUN/serving" | head -1)}"
THREADS="${3:-64}"
SECONDS_PER_STORE="${4:-600}"
cd "$ROOT"
./mvnw -B -q -pl mic-bench -am compile dependency:build-classpath -DskipTests -Dmdep.outputFile=target/soak.cp >/dev/null
CP="mic-bench/target/classes:$(cat mic-bench/target/soak.cp)"
exec java -Xmx2g -cp "$CP" io.mic.bench.Soak "$RUN" "$LABEL" "$THREADS" "$SECONDS_PER_STORE"
