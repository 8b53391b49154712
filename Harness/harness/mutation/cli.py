"""`mutate.py`: mutation testing of the Vyper contract against the Swift model (issue #4).

    mutate.py [--limit 80] [--seed 1] [--jobs 2] [--out REPORT.json] [--evm revm|py-evm]
              [--shard I/N] [--scenarios 16] [--calls 500] [--no-vectors]
              [--only M0012,M0345] [--list] [--keep DIR] [--target engine|governance]
              [--contract PATH] [--governance PATH] [--margin PATH]
    mutate.py --merge SHARD.json ... [--then LATER.json ...] [--markdown] [--out REPORT.json]
    mutate.py --rescore REPORT.json [LATER.json ...] [--markdown] [--out REPORT.json]

Lists every mutant of the contract `--target` names, the engine (default) or
its governance extension, which is deployed with the other one unchanged
(harness.mutation.mutants); tests a
deterministic sample (`--limit 0`: all of them) through both stages
(harness.mutation.stages: the vector corpus, and scenarios diffed against the
model) on revm by default, and reports the score with the survivors' hand
classification (harness.mutation.report). The unmutated contract must pass
both stages first. `--shard I/N` tests every N-th mutant of the selection and
`--merge` joins the N shard reports (harness.mutation.shards). Mutants go to a temporary folder
(`--keep DIR` keeps them), never over the contract; the `margin` binary is
copied there first, so a rebuild during the run cannot change the oracle.
Mutants are tested by `--jobs` worker processes, each reading the vectors
and scenarios once.

Exit codes: 0 report written; 1 the unmutated contract fails a stage; 2 usage
or bad input; 3 internal error.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NoReturn

from harness.evm import EVM_NAMES
from harness.mutation.mutants import OPERATORS, Mutant, enumerate_mutants, sample
from harness.mutation.report import (
    build_report,
    load_classifications,
    markdown_tables,
    print_summary,
    remeasured,
    rescore,
)
from harness.mutation.shards import MergeError, merge, parse_shard, shard_of
from harness.mutation.stages import MutantResult, Setup, measure_mutant
from harness.paths import DEFAULT_CONTRACT, DEFAULT_GOVERNANCE, DEFAULT_MARGIN, REPO_ROOT, SURVIVORS_FILE, VECTORS

DEFAULT_VECTORS = VECTORS


def fail(message: str, code: int) -> NoReturn:
    print(f"mutate.py: error: {message}", file=sys.stderr)
    sys.exit(code)


def generate_scenarios(margin: Path, count: int, calls: int, folder: Path) -> list[Path]:
    """Scenario i (1..count) is `margin scenario --seed i --calls C` with the generator's defaults."""
    paths = []
    for seed in range(1, count + 1):
        path = folder / f"scenario-seed{seed}.json"
        done = subprocess.run(
            [str(margin), "scenario", "--seed", str(seed), "--calls", str(calls), "--out", str(path)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            fail(f"margin scenario --seed {seed} failed: {done.stderr.strip()}", 3)
        paths.append(path)
    return paths


def _sha256(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _shown(path: Path) -> str:
    """A path as reports show it: relative to the repository when inside it, so shards on other machines agree."""
    resolved = path.resolve()
    return str(resolved.relative_to(REPO_ROOT)) if resolved.is_relative_to(REPO_ROOT) else str(resolved)


def _print_report(report: dict[str, Any], markdown: bool, out: Path | None) -> None:
    if markdown:
        print(markdown_tables(report), end="")
    else:
        print_summary(report)
    if out is not None:
        out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nreport: {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mutate.py", description="Mutation testing of the Vyper contract against the Swift model."
    )
    parser.add_argument(
        "--target",
        choices=("engine", "governance"),
        default="engine",
        help="the contract to mutate (never edited in place): the engine, --contract (default), or its governance"
        " extension, --governance; the other is deployed unchanged",
    )
    parser.add_argument(
        "--contract",
        type=Path,
        default=DEFAULT_CONTRACT,
        help="the MarginEngine source (default Contracts/MarginEngine.vy)",
    )
    parser.add_argument(
        "--governance",
        type=Path,
        default=DEFAULT_GOVERNANCE,
        help="the MarginGovernance source (default Contracts/MarginGovernance.vy)",
    )
    parser.add_argument("--limit", type=int, default=80, help="how many mutants to test; 0 for all (default 80)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the mutant sample (default 1)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested in parallel (default 2)")
    parser.add_argument(
        "--evm",
        choices=EVM_NAMES,
        default="revm",
        help="the EVM both stages run the mutants on (default revm, about 100 times faster than py-evm)",
    )
    parser.add_argument(
        "--shard",
        default="0/1",
        metavar="I/N",
        help="test only shard I of N (0-based): the selected mutants at positions I, I+N, ... (default 0/1)",
    )
    parser.add_argument("--out", type=Path, help="write the JSON report here")
    parser.add_argument(
        "--scenarios",
        type=int,
        default=16,
        help="scenarios per mutant, seeds 1..N (default 16; with 4 or 8, margin diff alone kills less than 95%% of"
        " the non-equivalent mutants: MUTATION.md)",
    )
    parser.add_argument("--calls", type=int, default=500, help="state-changing calls per scenario (default 500)")
    parser.add_argument(
        "--vectors", type=Path, default=DEFAULT_VECTORS, help="vector corpus of the vectors stage (default Vectors/)"
    )
    parser.add_argument("--no-vectors", action="store_true", help="skip the vectors stage")
    parser.add_argument("--only", help="comma-separated mutant ids to test (ignores --limit)")
    parser.add_argument("--list", action="store_true", help="print every mutant (or the sample, with --limit) and exit")
    parser.add_argument(
        "--margin", type=Path, default=DEFAULT_MARGIN, help="the margin binary (default .build/debug/margin)"
    )
    parser.add_argument("--keep", type=Path, help="keep mutants, scenarios and traces in this folder")
    parser.add_argument(
        "--timeout",
        type=float,
        default=900,
        help="seconds per margin diff before the mutant counts as killed (default 900)",
    )
    parser.add_argument(
        "--survivors",
        type=Path,
        default=SURVIVORS_FILE,
        help="hand classification of survivors (default Harness/mutation-survivors.json)",
    )
    parser.add_argument(
        "--rescore",
        type=Path,
        nargs="+",
        metavar="REPORT",
        help="re-apply the survivor classification to a report; runs nothing. Later reports re-measure some mutants"
        " of the first and replace their entries",
    )
    parser.add_argument(
        "--merge",
        type=Path,
        nargs="+",
        metavar="SHARD",
        help="join the reports of the N shards of one run (each once, same settings) into one; runs nothing",
    )
    parser.add_argument(
        "--partial",
        action="store_true",
        help="with --merge: accept missing shards (a run still going); the report lists them and says PARTIAL",
    )
    parser.add_argument(
        "--then",
        nargs="+",
        type=Path,
        metavar="LATER",
        help="with --merge: later reports that re-measure some of the run's mutants, as with --rescore",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="with --rescore or --merge: print the report's tables as Markdown"
    )
    args = parser.parse_args(argv)

    if args.rescore is not None and args.merge is not None:
        parser.error("--rescore and --merge are two ways to read reports; give one")
    if args.partial and args.merge is None:
        parser.error("--partial goes with --merge")
    if args.then is not None and args.merge is None:
        parser.error("--then goes with --merge (with --rescore, list the later reports after the first)")
    if args.out is not None and not args.out.parent.is_dir():
        fail(f"{args.out}: the folder {args.out.parent} does not exist", 2)
    if args.rescore is not None:
        try:
            report = rescore(args.rescore, args.survivors)
        except (OSError, ValueError, KeyError) as error:
            names = ", ".join(str(path) for path in args.rescore)
            fail(f"{names}: cannot rescore: {type(error).__name__}: {error}", 2)
        _print_report(report, args.markdown, args.out)
        return 0
    if args.merge is not None:
        try:
            report = merge(args.merge, args.survivors, partial=args.partial)
        except MergeError as error:
            fail(f"cannot merge: {error}", 2)
        except (KeyError, TypeError) as error:
            fail(f"cannot merge: a report lacks a field: {type(error).__name__}: {error}", 2)
        if args.then is not None:
            try:
                report = remeasured(report, args.then, args.survivors)
            except (OSError, ValueError, KeyError) as error:
                names = ", ".join(str(path) for path in args.then)
                fail(f"{names}: cannot apply to the merged run: {type(error).__name__}: {error}", 2)
        _print_report(report, args.markdown, args.out)
        return 0
    try:
        shard_index, shard_count = parse_shard(args.shard)
    except ValueError as error:
        fail(str(error), 2)

    mutated, unchanged = (
        (args.governance, args.contract) if args.target == "governance" else (args.contract, args.governance)
    )
    if not unchanged.is_file():
        fail(f"{unchanged}: no such contract file", 2)
    try:
        source = mutated.read_text(encoding="utf-8")
    except OSError as error:
        fail(f"{mutated}: cannot read the contract: {error.strerror}", 2)
    try:
        mutants = enumerate_mutants(source)
    except Exception as error:  # vyper's parse errors have no common public base
        fail(f"{mutated}: cannot parse: {type(error).__name__}: {error}", 2)
    by_operator_total = {op: sum(1 for m in mutants if m.operator == op) for op in OPERATORS}
    if args.only:
        wanted = [name.strip() for name in args.only.split(",") if name.strip()]
        index = {m.id: m for m in mutants}
        unknown = [name for name in wanted if name not in index]
        if unknown:
            fail(f"--only: unknown mutant ids {unknown} (the contract has M0001..M{len(mutants):04d})", 2)
        chosen = [index[name] for name in wanted]
    else:
        chosen = sample(mutants, args.limit, args.seed)
    selected = len(chosen)
    positions = {m.id: position for position, m in enumerate(chosen)}
    chosen = shard_of(chosen, shard_index, shard_count)
    if not chosen:
        fail(f"--shard {args.shard} owns no mutant of the {selected} selected", 2)
    if args.list:
        for m in chosen:
            print(m.describe())
        print(
            f"{len(chosen)} of {len(mutants)} mutants ({', '.join(f'{op} {n}' for op, n in by_operator_total.items())})"
            + (f"; shard {shard_index}/{shard_count} of {selected} selected" if shard_count > 1 else "")
        )
        return 0
    if args.jobs < 1:
        fail("--jobs must be at least 1", 2)
    # No scenario would make a "margin diff" stage that checked nothing.
    if args.scenarios < 1:
        fail("--scenarios must be at least 1", 2)
    if args.calls < 1:
        fail("--calls must be at least 1", 2)
    if not args.margin.is_file():
        fail(f"{args.margin}: no margin binary; build it with `swift build`", 2)
    if not args.no_vectors and not args.vectors.is_dir():
        fail(f"{args.vectors}: not a folder", 2)

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        workdir = args.keep
    else:
        workdir = Path(tempfile.mkdtemp(prefix="margin-mutants-"))
    try:
        # A private copy of the model, so a rebuild during the run cannot change the oracle.
        margin = workdir / "margin"
        shutil.copy2(args.margin, margin)
        scenarios = generate_scenarios(margin, args.scenarios, args.calls, workdir)
        setup = Setup(
            evm=args.evm,
            margin=margin,
            engine=args.contract.resolve(),
            governance=args.governance.resolve(),
            target=args.target,
            vectors=None if args.no_vectors else args.vectors.resolve(),
            scenarios=scenarios,
            workdir=workdir,
            timeout=args.timeout,
        )
        start = time.perf_counter()

        print(
            f"mutate.py: {len(chosen)} of {len(mutants)} mutants of {_shown(mutated)} (shard {shard_index}/{shard_count} of {selected}) on {args.evm}; stages: "
            f"{'vectors, ' if setup.vectors else ''}{len(scenarios)} scenarios x {args.calls} calls; {args.jobs} jobs; in {workdir}",
            flush=True,
        )
        baseline = measure_mutant(setup, Mutant("M0000", "none", "", 0, 0, 0, 0, "", "", ""), source)
        if not baseline.compiled or baseline.killed:
            stage = baseline.vectors if baseline.vectors and baseline.vectors.killed else baseline.scenarios
            fail(f"the unmutated contract fails: {baseline.compile_error or (stage.detail if stage else '')}", 1)
        print(
            f"baseline: the unmutated contract passes ({baseline.vectors.detail if baseline.vectors else ''}"
            f"{'; ' if baseline.vectors else ''}{baseline.scenarios.detail if baseline.scenarios else ''})",
            flush=True,
        )

        results: dict[str, MutantResult] = {}
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = {pool.submit(measure_mutant, setup, m, source): m for m in chosen}
            for done_count, future in enumerate(concurrent.futures.as_completed(futures), 1):
                result = future.result()
                result.position = positions[result.mutant.id]
                results[result.mutant.id] = result
                if not result.compiled:
                    outcome = f"does not compile ({result.compile_error[:160]})"
                else:
                    parts = []
                    if result.vectors:
                        parts.append(f"vectors {'KILLED' if result.vectors.killed else 'survived'}")
                    if result.scenarios:
                        parts.append(f"diff {'KILLED' if result.scenarios.killed else 'survived'}")
                    outcome = ", ".join(parts)
                print(f"[{done_count}/{len(chosen)}] {result.mutant.describe()}: {outcome}", flush=True)
        ordered = [results[m.id] for m in chosen]
        report = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()},"
            f" Python {platform.python_version()}",
            "command": " ".join(["python", "Harness/mutate.py"] + (sys.argv[1:] if argv is None else argv)),
            "contract": _shown(mutated),
            "contractSha256": _sha256(mutated),
            # Deployed unchanged beside every mutant.
            "unchanged": _shown(unchanged),
            "unchangedSha256": _sha256(unchanged),
            "seed": args.seed,
            "limit": args.limit,
            "only": args.only,
            "evm": args.evm,
            "shard": {"index": shard_index, "count": shard_count},
            "selected": selected,
            "scenarios": [f"margin scenario --seed {i} --calls {args.calls}" for i in range(1, args.scenarios + 1)],
            "scenarioSha256": _sha256(*scenarios),
            "vectors": _shown(setup.vectors) if setup.vectors else None,
            "seconds": round(time.perf_counter() - start, 1),
            **build_report(
                ordered,
                len(mutants),
                by_operator_total,
                load_classifications(args.survivors),
                setup.vectors is not None,
            ),
        }
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    _print_report(report, False, args.out)
    return 0
