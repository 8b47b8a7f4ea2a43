#!/usr/bin/env bash
# Regenerates the baseline section of docs/results.md: trains pop and item-knn on every shared
# dataset/protocol pair and renders the metrics.json files as markdown tables.
# Usage: scripts/baseline-results.sh   (rewrites the part of docs/results.md between the baselines markers)
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/results.md
runs="$(mktemp -d)"
for c in ml-1m-baselines ml-100k-baselines ml-100k-loo-baselines scientific-baselines; do
  ./mic train --quiet -c "configs/$c.textproto" --output "$runs/$c" >/dev/null
done
python3 scripts/render_results.py "$runs" --splice "$out" baselines
echo "wrote $out from runs in $runs" >&2
