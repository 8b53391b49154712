#!/usr/bin/env bash
# margin diff's throughput against the EVM harness executing the same
# calls, in one run: a seeded scenario is executed by the Vyper contract on
# py-evm (timed), then its trace is replayed and compared by the release
# build of margin (timed, best of 5). Prints calls/s for both and the ratio.
# Usage: Benchmarks/diff_vs_evm.sh [CALLS] [SEED]   (needs Harness/.venv)
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-1000}
seed=${2:-7}
python=${PYTHON:-Harness/.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product margin --scratch-path .build-release >/dev/null
margin=.build-release/release/margin
$margin scenario --seed "$seed" --calls "$calls" --out "$work/scenario.json" 2>/dev/null

evm_start=$(date +%s.%N)
$python Harness/run.py --scenario "$work/scenario.json" --out "$work/trace.jsonl"
evm_end=$(date +%s.%N)
lines=$(wc -l < "$work/trace.jsonl")

best=999999
for _ in 1 2 3 4 5; do
    start=$(date +%s.%N)
    $margin diff "$work/trace.jsonl" >/dev/null 2>&1
    end=$(date +%s.%N)
    best=$(python3 -c "print(min($best, $end - $start))")
done

python3 - "$lines" "$evm_start" "$evm_end" "$best" <<'PY'
import sys
lines, evm_start, evm_end, diff = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
evm = lines / (evm_end - evm_start)
replay = lines / diff
print(f"frames in the trace        {lines}")
print(f"EVM harness (run.py)       {evm:10.0f} calls/s   ({evm_end - evm_start:.2f} s, compile and deploy included)")
print(f"margin diff (release)      {replay:10.0f} calls/s   ({diff:.3f} s, best of 5, process start included)")
print(f"ratio                      {replay / evm:10.1f} x")
PY
