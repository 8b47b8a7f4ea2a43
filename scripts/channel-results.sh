#!/usr/bin/env bash
# The serving-path channel table of docs/results.md: train a config, build its serving artifacts,
# evaluate each channel alone, the merged channels under each reranker and the model's full ranking.
# Usage: scripts/channel-results.sh [-o RUNS_DIR] [-q "--m 10 --m3 10 ..."] configs/X.textproto ...
#   RUNS_DIR (default runs/channel-results)/<config>/<run>/ receives the run, serving/ and channels.md.
#   -q passes quota options to `mic eval-channels` (K1, M, M3, K2, M1, M2, K3; defaults in --help).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="runs/channel-results"
quotas=""
while getopts "o:q:" opt; do
  case $opt in
    o) runs="$OPTARG" ;;
    q) quotas="$OPTARG" ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
for cfg in "$@"; do
  name="$(basename "$cfg" .textproto)"
  mkdir -p "$runs/$name"
  nice -n 10 ./mic train -c "$cfg" --output "$runs/$name" --quiet
  dir="$(ls -d "$runs/$name"/"$(grep -m1 '^name:' "$cfg" | sed -E 's/name: *"([^"]*)".*/\1/')"-* | tail -1)"
  nice -n 10 ./mic index --run "$dir" --quiet
  # shellcheck disable=SC2086
  nice -n 10 ./mic eval-channels --run "$dir" --quiet $quotas | tee "$dir/channels.md"
done
