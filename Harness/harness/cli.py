"""`run.py`: run a scenario into a trace, or replay a folder of vector cases.

    run.py --scenario FILE --out TRACE.jsonl [--contract PATH] [--governance PATH] [--evm py-evm|revm]
    run.py --vectors DIR [--contract PATH] [--governance PATH] [--junit FILE] [--evm py-evm|revm]
    run.py --compare-traces A.jsonl B.jsonl

Exit codes: 0 trace written, or every vector passed; 1 a vector failed; 2 usage
or bad input (the message names the file and the place in it); 3 internal error.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import NoReturn

from harness.contract import ContractCode, compile_contract
from harness.evm import DEFAULT_EVM, EVM_NAMES
from harness.json_input import BadInput
from harness.junit import write_junit
from harness.paths import DEFAULT_CONTRACT, DEFAULT_GOVERNANCE, REPO_ROOT
from harness.replay import VectorRunner, failure_line
from harness.scenario import parse_scenario, run_scenario
from harness.trace import write_trace
from harness.trace_compare import first_difference, read_trace_frames
from harness.vectors import find_cases, load_case

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def fail(message: str, code: int) -> NoReturn:
    print(f"run.py: error: {message}", file=sys.stderr)
    sys.exit(code)


def _compile(contract: Path, governance: Path) -> ContractCode:
    try:
        return compile_contract(contract, governance)
    except BadInput as error:
        fail(str(error), EXIT_BAD_INPUT)


def scenario_to_trace(
    scenario_path: Path, out: Path, contract: Path, governance: Path = DEFAULT_GOVERNANCE, evm: str = DEFAULT_EVM
) -> int:
    """Runs a scenario file on the contract and writes its trace; returns the exit code."""
    try:
        text = scenario_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{scenario_path}: cannot read the scenario: {error}", EXIT_BAD_INPUT)
    try:
        scenario = parse_scenario(text)
    except BadInput as error:
        fail(f"{scenario_path}: {error}", EXIT_BAD_INPUT)
    if not out.parent.is_dir() and str(out.parent):
        fail(f"{out}: the folder {out.parent} does not exist", EXIT_BAD_INPUT)
    code = _compile(contract, governance)
    try:
        write_trace(run_scenario(scenario, code, evm), out)
    except Exception as error:  # an internal failure, not a property of the input
        fail(f"internal error while running {scenario_path}: {type(error).__name__}: {error}", EXIT_INTERNAL)
    return EXIT_OK


def replay_vectors(
    folder: Path, contract: Path, junit: Path | None, governance: Path = DEFAULT_GOVERNANCE, evm: str = DEFAULT_EVM
) -> int:
    """Checks every case under folder on the contract; prints failures and a summary; returns the exit code."""
    if not folder.is_dir():
        fail(f"{folder}: not a folder", EXIT_BAD_INPUT)
    paths = find_cases(folder)
    if not paths:
        fail(f"{folder}: no *.json case files", EXIT_BAD_INPUT)
    cases, malformed = [], []
    for path in paths:
        try:
            cases.append(load_case(path))
        except BadInput as error:
            malformed.append(f"{path}: {error}")
    if malformed:
        for line in malformed:
            print(f"run.py: error: {line}", file=sys.stderr)
        fail(f"{len(malformed)} of {len(paths)} case files are malformed; nothing was run", EXIT_BAD_INPUT)
    if junit is not None and not junit.parent.is_dir():
        fail(f"{junit}: the folder {junit.parent} does not exist", EXIT_BAD_INPUT)
    code = _compile(contract, governance)

    start = time.perf_counter()
    try:
        runner = VectorRunner(code, evm=evm)
        results = runner.run(cases)
    except Exception as error:  # an internal failure, not a property of the input
        fail(f"internal error while replaying {folder}: {type(error).__name__}: {error}", EXIT_INTERNAL)
    seconds = time.perf_counter() - start

    failed = [result for result in results if result.mismatch]
    for result in failed:
        print(failure_line(result))
    if junit is not None:
        write_junit(results, folder, junit)
    calls = sum(case.calls() for case in cases)
    print(
        f"run.py: {len(cases)} cases, {calls} calls ({runner.prefixes.executed} transactions executed, views included"
        f"{'; shared set-up runs once' if evm == 'py-evm' else ''})"
        f" in {seconds:.1f} s on {contract} ({evm})",
        file=sys.stderr,
    )
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_FAILED if failed else EXIT_OK


def compare_traces(first: Path, second: Path) -> int:
    """Compares two traces of one scenario outside gas; prints the first differing frame; returns the exit code."""
    try:
        a, b = read_trace_frames(first), read_trace_frames(second)
    except BadInput as error:
        fail(str(error), EXIT_BAD_INPUT)
    difference = first_difference(a, b)
    if difference is not None:
        print(f"run.py: {difference.message(str(first), str(second))}")
        return EXIT_FAILED
    print(f"run.py: {first} and {second}: {len(a)} frames, equal outside gas")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="run.py",
        description="Execute a MarginEngine scenario on py-evm or revm and write a callTracer-shaped JSONL trace,"
        " replay test vectors on the contract, or compare two traces of one scenario outside gas.",
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--scenario", type=Path, help="scenario JSON (Spec/scenario-format.md); needs --out")
    mode.add_argument(
        "--vectors",
        type=Path,
        metavar="DIR",
        help="replay every case under DIR (recursively, *.json, skipping traces/) per Spec/vector-format.md",
    )
    mode.add_argument(
        "--compare-traces",
        type=Path,
        nargs=2,
        metavar="TRACE",
        help="compare two traces of one scenario (py-evm's and revm's) in every field but gas; exit 1 at the first"
        " differing frame",
    )
    parser.add_argument("--out", type=Path, help="trace JSONL to write (Spec/trace-format.md); with --scenario")
    parser.add_argument(
        "--evm",
        choices=EVM_NAMES,
        default=DEFAULT_EVM,
        help=f"the EVM that runs the contract (default {DEFAULT_EVM}); revm reports gas with storage kept warm"
        " across calls",
    )
    parser.add_argument(
        "--contract",
        type=Path,
        default=DEFAULT_CONTRACT,
        help=f"the engine's Vyper source (default: {DEFAULT_CONTRACT.relative_to(REPO_ROOT)} in the repository)",
    )
    parser.add_argument(
        "--governance",
        type=Path,
        default=DEFAULT_GOVERNANCE,
        help="the governance extension's Vyper source, deployed before the engine"
        f" (default: {DEFAULT_GOVERNANCE.relative_to(REPO_ROOT)} in the repository)",
    )
    parser.add_argument("--junit", type=Path, metavar="FILE", help="with --vectors: also write a JUnit XML report")
    args = parser.parse_args(argv)

    if args.compare_traces is not None:
        if args.out is not None or args.junit is not None:
            parser.error("--compare-traces takes two traces and prints the first difference; no --out or --junit")
        return compare_traces(*args.compare_traces)
    if args.vectors is not None:
        if args.out is not None:
            parser.error("--out goes with --scenario; --vectors prints its report")
        return replay_vectors(args.vectors, args.contract, args.junit, args.governance, args.evm)
    if args.out is None:
        parser.error("--scenario needs --out")
    if args.junit is not None:
        parser.error("--junit goes with --vectors")
    return scenario_to_trace(args.scenario, args.out, args.contract, args.governance, args.evm)
