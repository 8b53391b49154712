#!/usr/bin/env bash
# The tool's throughput next to its peers, measured in one run on this
# machine, with the CPU named: the only source of the README's figures.
#   EVMs          revm (pyrevm 0.3.7) and py-evm executing the calls of one
#                 trace, the calls only (Benchmarks/evm_rates.py; the trace
#                 is the one Harness/run.py writes for a generated scenario)
#   margin diff   replaying that trace; its goal (issue 13): 20 times revm
#   margin props  calls/s with every invariant checked; its goal: 50,000
# Usage: Benchmarks/tool_rates.sh [CALLS] [SEED]
#   (needs Harness/.venv with pyrevm==0.3.7: bash .ci/run, or the README's set-up;
#   MARGIN=path uses that release binary instead of building one)
set -euo pipefail
cd "$(dirname "$0")/.."
here=Benchmarks
calls=${1:-1000}
seed=${2:-7}
python=${PYTHON:-Harness/.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! $python -c "import pyrevm" 2>/dev/null; then
    echo "tool_rates.sh: pyrevm is not installed in $python; install it with: Harness/.venv/bin/pip install pyrevm==0.3.7" >&2
    exit 2
fi

echo "== Machine"
. "$here/machine.sh"
print_machine

echo
if [ -n "${MARGIN:-}" ]; then
    margin=$MARGIN
    echo "== margin: $margin (MARGIN, not rebuilt)"
else
    echo "== Build (release)"
    swift build -c release --product margin --scratch-path .build-release >/dev/null 2>&1
    margin=.build-release/release/margin
fi
$margin scenario --seed "$seed" --calls "$calls" --out "$work/scenario.json" 2>/dev/null

echo
echo "== The same trace: executed by the EVMs, replayed by margin diff"
$python Harness/run.py --scenario "$work/scenario.json" --out "$work/trace.jsonl"
frames=$(wc -l < "$work/trace.jsonl")
$python "$here/evm_rates.py" "$work/trace.jsonl" > "$work/evm.txt"
# margin diff prints its replay rate (calls/s, process start and report
# excluded) on standard error; the whole process is timed as well.
best_rate=0
best_wall=999999
for _ in 1 2 3 4 5; do
    start=$(date +%s.%N)
    $margin diff "$work/trace.jsonl" --context 5 >/dev/null 2>"$work/diff.err"
    end=$(date +%s.%N)
    rate=$(sed -n 's/.*(\([0-9]*\) calls\/s).*/\1/p' "$work/diff.err")
    best_rate=$(python3 -c "print(max($best_rate, $rate))")
    best_wall=$(python3 -c "print(min($best_wall, $end - $start))")
done
python3 - "$frames" "$work/evm.txt" "$best_rate" "$best_wall" <<'PY'
import sys
frames, evm_file, diff_rate, diff_wall = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
evm = {}
for line in open(evm_file):
    name, count, seconds, mismatches = line.split()
    evm[name] = (int(count), float(seconds), int(mismatches))
    if int(mismatches):
        sys.exit(f"{name} disagrees with the trace on {mismatches} calls: its rate would be of other work")
revm_count, revm_seconds, _ = evm["revm"]
pyevm_count, pyevm_seconds, _ = evm["py-evm"]
revm = revm_count / revm_seconds
pyevm = pyevm_count / pyevm_seconds
print(f"frames in the trace        {frames}")
print(f"revm (pyrevm 0.3.7)        {revm:10.0f} calls/s   ({revm_count} calls in {revm_seconds:.3f} s, calls only, best of 5, outcomes equal the trace's)")
print(f"py-evm (harness Chain)     {pyevm:10.0f} calls/s   ({pyevm_count} calls in {pyevm_seconds:.2f} s, calls only, outcomes equal the trace's)")
print(f"margin diff (release)      {diff_rate:10.0f} calls/s   (its replay loop, best of 5)")
print(f"margin diff, whole process {frames / diff_wall:10.0f} calls/s   ({diff_wall:.3f} s, process start included, best of 5)")
ratio = diff_rate / revm
print(f"ratio diff / revm          {ratio:10.1f} x")
print(f"ratio diff / py-evm        {diff_rate / pyevm:10.0f} x")
goal = 20
verdict = "met" if ratio >= goal else f"missed: {ratio:.1f} x is {goal / ratio:.2f} times short"
print(f"goal diff >= {goal} x revm      {verdict}")
PY

echo
echo "== margin props, every invariant checked"
best_rate=0
for _ in 1 2 3; do
    rate=$($margin props --seed 1 --runs 2000 --depth 80 --json 2>/dev/null | python3 -c "import json,sys; r=json.load(sys.stdin); print(r['calls'] / r['elapsedTime'])")
    best_rate=$(python3 -c "print(max($best_rate, $rate))")
done
python3 - "$best_rate" <<'PY'
import sys
rate, goal = float(sys.argv[1]), 50_000
print(f"margin props (release)     {rate:10.0f} calls/s   (2,000 runs of depth 80, best of 3)")
verdict = "met" if rate >= goal else f"missed by {goal - rate:,.0f} calls/s ({rate / goal:.0%} of the goal)"
print(f"goal props >= {goal:,} calls/s  {verdict}")
PY

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
