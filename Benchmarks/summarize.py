#!/usr/bin/env python3
"""Combines one benchmark run into the table of Benchmarks/README.md.

Reads the ordo-one/benchmark baseline (its JMH export for per-operation
figures to three decimals, its results.json for the scaling factor) and
python_int.py's JSON, prints a Markdown table of ns/op, ratios and
allocations per operation, then one line per performance goal.

    summarize.py BASELINE.jmh.json BASELINE/results.json PYTHON.json

Figures are medians (p50) over all iterations; an iteration runs
`scalingFactor` operations, so p50 / scalingFactor is the time of one.
"""

import json
import sys

OPERATIONS = ["add", "mul", "div", "mulDiv", "isqrt"]
LABELS = {
    "add": "add (`&+`)",
    "mul": "mul (`&*`, low half)",
    "div": "div 256/256",
    "mulDiv": "mulDiv (512-bit product)",
    "isqrt": "isqrt",
}
# (operation, budget in ns/op) for UInt256.
TIME_GOALS = [("add", 2), ("mul", 5), ("div", 30), ("mulDiv", 60), ("isqrt", 150)]
MULDIV_SPEEDUP_GOAL = 10


def scaling_factors(results_path):
    """Benchmark name -> operations per iteration, from the baseline."""
    with open(results_path) as f:
        results = json.load(f)["results"]
    factors = {}
    # The baseline's results are a flat list: key, [metric results], key, ...
    for key, metrics in zip(results[0::2], results[1::2], strict=True):
        factors[key["name"]] = metrics[0]["scalingFactor"]
    return factors


def swift_figures(jmh_path, factors):
    """Benchmark name -> (ns/op, mallocs/op at p50, mallocs/op at p100)."""
    with open(jmh_path) as f:
        elements = json.load(f)
    figures = {}
    for element in elements:
        name = element["benchmark"].rsplit(".", 1)[-1]
        ops = factors[name]
        metrics = element["secondaryMetrics"]
        wall = metrics["Time (wall clock)"]["scorePercentiles"]
        mallocs = metrics["Malloc (total)"]["scorePercentiles"]
        # The JMH export gives wall clock per iteration in microseconds.
        ns = wall["50.0"] * 1000 / ops
        figures[name] = (ns, mallocs["50.0"] / ops, mallocs["100.0"] / ops)
    return figures


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: summarize.py BASELINE.jmh.json BASELINE/results.json PYTHON.json")
    jmh_path, results_path, python_path = argv
    swift = swift_figures(jmh_path, scaling_factors(results_path))
    with open(python_path) as f:
        python = json.load(f)
    py = python["results"]

    print(
        "| operation | UInt256 ns/op | BigUInt ns/op | Python int ns/op | BigUInt / UInt256 "
        "| Python / UInt256 | UInt256 mallocs/op | BigUInt mallocs/op |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for op in OPERATIONS:
        u, _, u_max = swift[f"{op}/UInt256"]
        b, b_mallocs, _ = swift[f"{op}/BigUInt"]
        p = py[op]["net"]
        print(
            f"| {LABELS[op]} | {u:.2f} | {b:.1f} | {p:.1f} | {b / u:.1f}x | {p / u:.1f}x | {u_max:g} | {b_mallocs:g} |"
        )
    print()
    print(
        f"Python {python['python']}: net of the interpreter's loop; with the loop "
        + ", ".join(f"{op} {py[op]['gross']:.1f}" for op in OPERATIONS)
        + " ns/op."
    )
    print()
    print("Goals (UInt256, p50 ns/op):")
    for op, budget in TIME_GOALS:
        ns = swift[f"{op}/UInt256"][0]
        verdict = "met" if ns <= budget else "MISSED"
        print(f"- {op} <= {budget} ns: {verdict} ({ns:.2f} ns)")
    worst = max(swift[f"{op}/UInt256"][2] for op in OPERATIONS)
    verdict = "met" if worst == 0 else "MISSED"
    print(f"- zero allocations per operation: {verdict} (at most {worst:g} mallocs/op in any iteration)")
    speedup = swift["mulDiv/BigUInt"][0] / swift["mulDiv/UInt256"][0]
    verdict = "met" if speedup >= MULDIV_SPEEDUP_GOAL else "MISSED"
    print(f"- mulDiv at least {MULDIV_SPEEDUP_GOAL}x faster than BigUInt: {verdict} ({speedup:.1f}x)")


if __name__ == "__main__":
    main(sys.argv[1:])
