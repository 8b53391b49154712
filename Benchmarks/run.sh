#!/usr/bin/env bash
# Reproduces the table of Benchmarks/README.md with one command:
# builds the benchmarks in release, runs UInt256 and BigUInt
# (ordo-one/benchmark) and Python ints on the same operands, and prints the
# combined table with the goals. Run from anywhere: ./Benchmarks/run.sh
# The benchmark results are kept under Benchmarks/.build/results/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
results="$here/.build/results"
baseline="run"
mkdir -p "$results"

echo "== Machine"
. "$here/machine.sh"
print_machine

echo
echo "== Build (release)"
swift build -c release --product ArithmeticBenchmarks

echo
echo "== UInt256 and BigUInt (ordo-one/benchmark)"
# One measured run, stored as a baseline, then read twice: the plugin's own
# table (integers per operation) and a JMH export (three decimals).
swift package --allow-writing-to-package-directory benchmark \
    baseline update "$baseline" --no-progress --quiet
swift package --allow-writing-to-package-directory benchmark \
    baseline read "$baseline" --no-progress
swift package --allow-writing-to-package-directory benchmark \
    baseline read "$baseline" --format jmh --path "$results" --no-progress --quiet

echo
echo "== Python int"
python3 "$here/python_int.py" --json "$results/python.json"

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== Table"
python3 "$here/summarize.py" \
    "$results/$baseline.jmh.json" \
    "$here/.benchmarkBaselines/ArithmeticBenchmarks/$baseline/results.json" \
    "$results/python.json"
