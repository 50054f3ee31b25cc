#!/usr/bin/env bash
# Run every frontmap benchmark by hand (never from the test suite).
# Usage: benchmarks/run_all.sh [--repeat N]   (PYTHON=/path/to/python to pick the interpreter)
# Exit code: 0 when every benchmark meets its goals, 1 otherwise; all of them run either way.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python}"
status=0
echo "== $(date -u '+%Y-%m-%d %H:%M UTC')  $("$python" -V 2>&1)  $(nproc) cores"
for bench in bench_issue13.py bench_contains_cold.py bench_batch_points.py bench_map.py bench_ensemble.py bench_extract.py bench_zone_files.py bench_front.py; do
    echo
    echo "== $bench"
    "$python" "$here/$bench" "$@" || status=1
done
exit $status
