#!/usr/bin/env bash
# The tool's throughput next to its peers, measured in one run on this
# machine, with the CPU named: the only source of the README's figures.
#   margin diff   replaying a trace, against py-evm executing the same calls
#                 (Harness/run.py; compile and deploy included)
#   margin props  calls/s with every invariant checked
# Usage: Benchmarks/tool_rates.sh [CALLS] [SEED]   (needs Harness/.venv: bash .ci/run, or the README's set-up)
set -euo pipefail
cd "$(dirname "$0")/.."
here=Benchmarks
calls=${1:-1000}
seed=${2:-7}
python=${PYTHON:-Harness/.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== Machine"
. "$here/machine.sh"
print_machine

echo
echo "== Build (release)"
swift build -c release --product margin --scratch-path .build-release >/dev/null 2>&1
margin=.build-release/release/margin
$margin scenario --seed "$seed" --calls "$calls" --out "$work/scenario.json" 2>/dev/null

echo
echo "== margin diff against the EVM executing the same calls"
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
print(f"py-evm (Harness/run.py)    {evm:10.0f} calls/s   ({evm_end - evm_start:.2f} s, compile and deploy included)")
print(f"margin diff (release)      {replay:10.0f} calls/s   ({diff:.3f} s, best of 5, process start included)")
print(f"ratio                      {replay / evm:10.1f} x")
PY

echo
echo "== margin props, every invariant checked"
best_rate=0
for _ in 1 2 3; do
    rate=$($margin props --seed 1 --runs 2000 --depth 80 --json 2>/dev/null | python3 -c "import json,sys; r=json.load(sys.stdin); print(r['calls'] / r['elapsedTime'])")
    best_rate=$(python3 -c "print(max($best_rate, $rate))")
done
python3 -c "print(f'margin props (release)     {$best_rate:10.0f} calls/s   (2,000 runs of depth 80, best of 3)')"

echo
echo "== margin backtest, the full BTC history (one portfolio), and a 100-setting sweep on both cores"
best=999999
for _ in 1 2 3 4 5; do
    start=$(date +%s.%N)
    $margin backtest Tests/Data/btc-usd-daily.csv --horizon 86400 --json >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    best=$(python3 -c "print(min($best, $end - $start))")
done
rows=$(($(wc -l < Tests/Data/btc-usd-daily.csv) - 1))
python3 -c "print(f'backtest (release)         {$best:10.3f} s      ({$rows} rows, best of 5, process start included)')"
start=$(date +%s.%N)
$margin backtest Tests/Data/btc-usd-daily.csv --horizon 86400 --sweep --z-grid 2,2.33,2.58,2.8,3 \
    --lambda-grid 0.9,0.92,0.94,0.96,0.97 --base-grid 0,0.005,0.01,0.02 >/dev/null 2>&1 || true
end=$(date +%s.%N)
python3 -c "print(f'sweep of 100 settings      {$end - $start:10.3f} s')"
