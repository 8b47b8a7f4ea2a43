#!/usr/bin/env bash
# Multi-seed runs of Re4 configs: scripts/seed-runs.sh keeping INFO logs (the interest diversity the re4
# model logs) in runs/re4-results.
# Usage: scripts/re4-results.sh [-s "2020 2021 2022"] [-o RUNS_DIR] [-m "LABEL ..."] configs/ml-100k-loo-re4.textproto ...
# Render: python3 scripts/render_seed_results.py RUNS_DIR
exec "$(dirname "$0")/seed-runs.sh" -o runs/re4-results "$@"
