#!/usr/bin/env bash
# Multi-seed runs of MIC configs: scripts/seed-runs.sh with warnings-only logs and runs/mic-results.
# Usage: scripts/mic-results.sh [-s "2020 2021 2022"] [-o RUNS_DIR] [-m "LABEL ..."] configs/mic-ml-100k.textproto ...
# Render: python3 scripts/render_seed_results.py RUNS_DIR
exec "$(dirname "$0")/seed-runs.sh" -q -o runs/mic-results "$@"
