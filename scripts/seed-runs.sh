#!/usr/bin/env bash
# Trains every model of the given run configs under several seeds, one frozen CLI build for all runs.
# Usage: scripts/seed-runs.sh [-s "2020 2021 2022"] [-o RUNS_DIR] [-m "LABEL ..."] [-q] configs/X.textproto ...
#   Each config is run once per seed (the seed line is replaced; with random-ratio protocols the
#   split changes with the seed too, for every model alike). Runs land in RUNS_DIR/<config>/s<seed>/.
#   -m "LABEL ...": run only these models of each config, one run per model (RUNS_DIR/<config>-<label>/),
#   so that each finished model counts on a loaded machine.
#   -q: warnings only in the logs (default keeps INFO: the re4 model logs its interest diversity there).
#   Render them with: python3 scripts/render_seed_results.py RUNS_DIR [--splice docs/results.md SECTION]
#   The CLI is built once and copied to RUNS_DIR/cli (with the commit it was built from); delete
#   that directory to rerun on a newer build.
#   scripts/mic-results.sh and scripts/re4-results.sh are this script with their defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds="2020 2021 2022"
runs="runs/seed-runs"
labels=""
quiet=""
while getopts "s:o:m:q" opt; do
  case $opt in
    q) quiet="--quiet" ;;
    m) labels="$OPTARG" ;;
    s) seeds="$OPTARG" ;;
    o) runs="$OPTARG" ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
mkdir -p "$runs"
# run every seed on one frozen build (copied once), so editing sources meanwhile cannot mix builds
cli="$runs/cli"
if [ ! -f "$cli/mic-cli.jar" ]; then
  ./mic plugins >/dev/null   # builds the CLI if sources changed
  mkdir -p "$cli"
  cp mic-cli/target/mic-cli.jar "$cli/"
  cp -r mic-cli/target/lib "$cli/lib"
  git rev-parse HEAD > "$cli/COMMIT"
  git status --porcelain >> "$cli/COMMIT"
fi
mic() {
  java -Xmx"${MIC_HEAP:-4g}" -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp "$cli/mic-cli.jar:$cli/lib/*" io.mic.cli.Main "$@"
}
# prints the config with only the model block labelled $2
only_model() {
  python3 - "$1" "$2" <<'PY'
import re, sys
src, label = open(sys.argv[1]).read(), sys.argv[2]
head, rest = src.split("\nmodel {", 1)
parts = ("model {" + rest).split("\nmodel {")
blocks = [parts[0]] + ["model {" + p for p in parts[1:]]
tail = blocks[-1][blocks[-1].index("\nevaluation"):]
blocks[-1] = blocks[-1][:blocks[-1].index("\nevaluation")]
keep = [b for b in blocks if re.search(r'label: "%s"' % re.escape(label), b)]
if len(keep) != 1:
    sys.exit("no model labelled %s in %s" % (label, sys.argv[1]))
print(head + "\n" + keep[0].rstrip() + tail)
PY
}
for cfg in "$@"; do
 for label in ${labels:-ALL}; do
  name="$(basename "$cfg" .textproto)"
  [ "$label" != ALL ] && name="$name-$label"
  rel="$(grep -m1 -E '^\s*path:' "$cfg" | sed -E 's/.*path: *"([^"]*)".*/\1/')"
  data="$(cd "$(dirname "$cfg")" && realpath "$rel")"
  for s in $seeds; do
    out="$runs/$name/s$s"
    if compgen -G "$out/*/metrics.json" >/dev/null; then
      echo "skip $name seed $s (done: $out)" >&2
      continue
    fi
    tmp="$runs/$name-s$s.textproto"
    if [ "$label" = ALL ]; then cat "$cfg"; else only_model "$cfg" "$label"; fi \
      | sed -E -e "s/^seed: .*/seed: $s/" -e "s#^(\s*)path: .*#\1path: \"$data\"#" > "$tmp"
    echo "$(date +%T) $name seed $s" >&2
    # shellcheck disable=SC2086
    mic train $quiet -c "$tmp" --output "$out" > "$runs/$name-s$s.out" 2> "$runs/$name-s$s.log"
  done
 done
done
