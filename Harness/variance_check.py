#!/usr/bin/env python3
"""`variance_check.py`: the contract's variance path on real prices, checked against `arch`.

    variance_check.py FILE.csv ... [--evm revm|py-evm] [--lambda 0.94] [--out DIR]
    variance_check.py FILE.csv ... --estimate

For each price CSV, lists one market at the first close and posts every later
close at its own time on the real contract (EVM), reads the variance each
PriceUpdate reports, and compares it with arch, twice:

1. EWMA (Spec 1.0's update, GARCH weights beta = lambda, alpha = 1 - lambda,
   omega = 0): against arch's EWMAVariance and arch's GARCH(1,1) at those
   weights;
2. GARCH: the GARCH(1,1) weights arch estimates on that series (normal
   innovations, zero mean, as --estimate prints), rounded to the contract's
   integers (harness.variance_reference.GarchWeights.from_arch), listed on a
   second market run, against arch's GARCH(1,1) path at exactly the rounded
   weights.

harness.variance_reference says why these must agree. --out keeps each
scenario and trace (new files only) for `margin diff`: `<stem>-variance.json`
and `.jsonl` for the EWMA run, `<stem>-garch-variance.json` and `.jsonl` for
the GARCH run.

--estimate runs nothing on the EVM: it prints the GARCH(1,1) parameters arch
estimates on each series (normal and Student-t innovations), the reference
for Spec 1.1's per-market parameters.

The contract rounds up, so its variance is never below arch's and above it by
at most the rounding bound (alpha + 1) / (1 - beta) wei of WAD per second
(harness.variance_reference.rounding_bound: 17.7 wei at lambda 0.94), each up
to a relative 1e-13 for arch's floating point.

Exit codes: 0 every path agrees (or estimates printed);
1 a path does not (or arch's estimate did not converge); 2 usage or bad input
(the message names the file and row); 3 internal error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from harness.atomic_file import write_atomically
from harness.builder import WAD
from harness.contract import ContractCode, compile_contract
from harness.evm import EVM_NAMES
from harness.json_input import BadInput
from harness.paths import DEFAULT_CONTRACT
from harness.scenario import parse_scenario, run_scenario
from harness.trace import write_trace
from harness.variance_reference import (
    DAY,
    Agreement,
    GarchWeights,
    arch_garch_variance,
    arch_variances,
    compare,
    contract_variances,
    daily_returns,
    fit_garch,
    read_series,
    scenario,
)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
# 2e9 WAD per second: a daily volatility of about 1.3 %, as in Spec/operations/postPrice.md's example.
INITIAL_VARIANCE = 2 * 10**9


def fail(message: str, code: int) -> NoReturn:
    print(f"variance_check.py: error: {message}", file=sys.stderr)
    sys.exit(code)


def lambda_wad(text: str) -> int:
    whole, _, fraction = text.partition(".")
    if not (whole == "0" and fraction.isdigit() and len(fraction) <= 18):
        raise argparse.ArgumentTypeError(f"--lambda: expected a decimal in (0, 1) with at most 18 places, got {text!r}")
    value = int(fraction.ljust(18, "0"))
    if value == 0:
        raise argparse.ArgumentTypeError("--lambda: must be above 0")
    return value


def estimate(files: list[Path]) -> None:
    print("GARCH(1,1) on daily simple returns in percent, zero mean, estimated by arch (maximum likelihood):")
    print("| series | innovations | omega (%^2/day) | alpha | beta | alpha + beta | nu |")
    print("|---|---|---|---|---|---|---|")
    for path in files:
        returns = daily_returns(read_series(path))
        for distribution in ("normal", "t"):
            try:
                p = fit_garch(returns, distribution)
            except ValueError as error:
                fail(f"{path}: {error}", EXIT_FAILED)
            nu = f"{p['nu']:.2f}" if "nu" in p else ""
            print(
                f"| {path.name} | {distribution} | {p['omega']:.4f} | {p['alpha[1]']:.4f} | {p['beta[1]']:.4f} |"
                f" {p['alpha[1]'] + p['beta[1]']:.4f} | {nu} |"
            )


def run_on_evm(document: dict, code: ContractCode, evm: str, outputs: list[Path] | None) -> list[dict]:
    trace = run_scenario(parse_scenario(json.dumps(document)), code, evm=evm)
    if outputs is not None:
        scenario_path, trace_path = outputs
        write_atomically(scenario_path, [json.dumps(document, indent=2, sort_keys=True) + "\n"])
        write_trace(trace, trace_path)
    return trace


def report(agreements: list[Agreement]) -> bool:
    """Prints each agreement; whether all agree."""
    for agreement in agreements:
        print(
            f"    {agreement.reference}: {agreement.compared} variances, contract - arch from"
            f" {agreement.lowest:.3g} to {agreement.highest:.3g} wei (upward rounding allows 0 to"
            f" {agreement.bound:.3g}): {'agrees' if agreement.within else 'DISAGREES'}"
        )
    return all(a.within for a in agreements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", type=Path, nargs="+", help="price CSV files (a header row names the columns)")
    parser.add_argument("--evm", choices=EVM_NAMES, default="revm", help="the EVM (default revm)")
    parser.add_argument(
        "--lambda", dest="ewma_lambda", type=lambda_wad, default=94 * 10**16, help="ewmaLambda (default 0.94)"
    )
    parser.add_argument("--out", type=Path, help="folder for each file's scenario and trace (new files only)")
    parser.add_argument("--estimate", action="store_true", help="print arch's GARCH(1,1) estimates; run nothing")
    parser.add_argument("--contract", type=Path, default=DEFAULT_CONTRACT, help="the Vyper source")
    args = parser.parse_args()
    try:
        if args.estimate:
            estimate(args.files)
            return
        if args.out is not None and not args.out.is_dir():
            fail(f"--out {args.out}: not a folder", EXIT_BAD_INPUT)
        series = [read_series(path) for path in args.files]
        outputs: list[dict[str, list[Path]]] = []
        for s in series:
            if args.out is not None:
                stem = Path(s.name).stem
                names = {
                    run: [args.out / f"{stem}{infix}-variance.{ext}" for ext in ("json", "jsonl")]
                    for run, infix in (("ewma", ""), ("garch", "-garch"))
                }
                if existing := [str(n) for run in names.values() for n in run if n.exists()]:
                    fail(f"{', '.join(existing)}: exists; variance_check.py writes new files only", EXIT_BAD_INPUT)
                outputs.append(names)
        code = compile_contract(args.contract)
    except BadInput as error:
        fail(str(error), EXIT_BAD_INPUT)

    failed = False
    lam = args.ewma_lambda / WAD
    initial_daily = INITIAL_VARIANCE * DAY / WAD
    print(f"initial variance {INITIAL_VARIANCE} WAD/s, on {args.evm}; differences in wei of WAD/s")
    for index, s in enumerate(series):
        gaps = sum(1 for a, b in zip(s.times, s.times[1:], strict=False) if b - a != DAY)
        print(
            f"{s.name}: {len(s.prices)} closes ({len(s.skipped_rows)} null rows skipped, {gaps} intervals not one day),"
            f" {len(s.prices) - 1} postPrice calls per run"
        )
        returns = daily_returns(s)
        try:
            fitted = fit_garch(returns)
        except ValueError as error:
            fail(f"{s.name}: {error}", EXIT_FAILED)
        runs = {
            "ewma": GarchWeights.ewma(args.ewma_lambda),
            "garch": GarchWeights.from_arch(fitted["omega"], fitted["alpha[1]"], fitted["beta[1]"]),
        }
        for run, weights in runs.items():
            trace = run_on_evm(
                scenario(s, weights, INITIAL_VARIANCE), code, args.evm, outputs[index][run] if outputs else None
            )
            try:
                variances = contract_variances(trace)
            except ValueError as error:
                fail(f"{s.name}: the contract refused the series ({run}): {error}", EXIT_FAILED)
            if run == "ewma":
                print(f"  EWMA at lambda {lam}: {weights.describe()}")
                references = arch_variances(returns, lam, initial_daily)
            else:
                print(
                    f"  GARCH(1,1) estimated by arch (normal, zero mean): omega {fitted['omega']:.6g} %^2/day,"
                    f" alpha {fitted['alpha[1]']:.6g}, beta {fitted['beta[1]']:.6g}"
                )
                print(f"  GARCH as listed (rounded): {weights.describe()}")
                references = {
                    "arch GARCH(1,1) at the listed weights": arch_garch_variance(returns, weights, initial_daily)
                }
            failed |= not report(compare(variances, references, weights.beta / WAD, weights.alpha / WAD))
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
