#!/usr/bin/env bash
# Drift statistics benchmark: Steward (TypeScript) vs scipy/numpy on the same
# 1,000,000 × 10 numeric columns per side, in one run.
#
#   bash bench/drift/run.sh            # from the repo root
#   ROWS=100000 bash bench/drift/run.sh
#
# Data (bench/drift/data/, gitignored) is generated once by gen-data.py with a
# fixed seed; results go to bench/drift/out/ (gitignored). Each implementation
# runs in its own process so its peak RSS (getrusage maxrss) is its own;
# loading the binary columns is timed separately from computing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${ROWS:-1000000}"
REPEATS="${REPEATS:-3}"
DATA=bench/drift/data
OUT=bench/drift/out
mkdir -p "$OUT"

if [[ ! -f "$DATA/meta.json" ]] || ! python3 -c "import json,sys; sys.exit(json.load(open('$DATA/meta.json'))['rows'] != $ROWS)"; then
  python3 bench/drift/gen-data.py "$ROWS"
fi

echo "steward (node $(node --version))…" >&2
npx tsx bench/drift/bench.ts "$((REPEATS + 2))" > "$OUT/steward.json"
echo "scipy…" >&2
python3 bench/drift/bench_scipy.py "$REPEATS" scipy > "$OUT/scipy.json"
echo "numpy, shared sort…" >&2
python3 bench/drift/bench_scipy.py "$REPEATS" numpy-shared-sort > "$OUT/numpy.json"

npx tsx bench/drift/compare.ts "$OUT/steward.json" "$OUT/scipy.json" "$OUT/numpy.json" | tee "$OUT/summary.md"
