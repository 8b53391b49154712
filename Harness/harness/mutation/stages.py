"""The two stages a mutant goes through, with the code `run.py` runs, and `margin diff` as a user runs it.

The mutant is compiled once (the compiler takes most of a mutant's time), then:

1. stage "vectors": the vector corpus replayed on it (`run.py --vectors
   Vectors --contract MUTANT --evm E` does the same); killed when a case fails;
2. stage "scenarios" (margin diff): each pre-generated scenario (`margin
   scenario --seed S --calls C`) run on it into a trace (`run.py --scenario
   ... --contract MUTANT --evm E`), then `margin diff TRACE` in a subprocess;
   killed at the first divergence (exit 1), including a failed deployment.

A mutant that does not compile is counted apart. The vector cases and the
scenarios are read once per process (`Inputs`): mutate.py's workers are
long-lived processes, each testing many mutants.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from harness.contract import ContractCode, compile_contract
from harness.json_input import BadInput
from harness.mutation.mutants import Mutant
from harness.replay import VectorRunner, failure_line
from harness.scenario import DEPLOYMENT_LINES, Scenario, parse_scenario, run_scenario
from harness.trace import write_trace
from harness.vectors import VectorCase, find_cases, load_case


@dataclass
class StageResult:
    killed: bool
    detail: str  # where and how it was killed, or why it survived
    seconds: float


@dataclass
class MutantResult:
    mutant: Mutant
    compiled: bool = True
    compile_error: str = ""
    vectors: StageResult | None = None
    scenarios: StageResult | None = None
    deployment_failed: bool = False
    position: int | None = None  # place in the selected list, which decides the shard

    @property
    def killed(self) -> bool:
        return any(stage is not None and stage.killed for stage in (self.vectors, self.scenarios))


@dataclass(frozen=True)
class Setup:
    evm: str  # the EVM both stages run on (run.py --evm)
    margin: Path
    engine: Path  # the MarginEngine source a mutant of the extension is deployed with
    governance: Path  # the MarginGovernance source a mutant of the engine is deployed with
    target: str  # which of the two is mutated: "engine" or "governance"
    vectors: Path | None
    scenarios: list[Path]
    workdir: Path
    timeout: float  # seconds for one `margin diff` before the mutant counts as killed


class Inputs:
    """The vector cases and scenarios of a Setup, parsed once per process."""

    _cache: ClassVar[dict[tuple[Path | None, tuple[Path, ...]], Inputs]] = {}

    def __init__(self, setup: Setup):
        self.cases: list[VectorCase] = [load_case(path) for path in find_cases(setup.vectors)] if setup.vectors else []
        self.scenarios: list[tuple[Path, Scenario]] = [
            (path, parse_scenario(path.read_text(encoding="utf-8"))) for path in setup.scenarios
        ]

    @classmethod
    def of(cls, setup: Setup) -> Inputs:
        key = (setup.vectors, tuple(setup.scenarios))
        if key not in cls._cache:
            cls._cache[key] = cls(setup)
        return cls._cache[key]


def run_vectors(setup: Setup, code: ContractCode) -> StageResult:
    """Every vector case on the mutant; killed when one fails."""
    assert setup.vectors is not None
    start = time.perf_counter()
    results = VectorRunner(code, evm=setup.evm).run(Inputs.of(setup).cases)
    failed = [result for result in results if result.mismatch]
    summary = f"{len(results) - len(failed)} passed, {len(failed)} failed"
    seconds = time.perf_counter() - start
    if not failed:
        return StageResult(False, summary, seconds)
    first = failure_line(failed[0]).replace(str(setup.vectors) + "/", "")
    return StageResult(True, f"{summary}; first: {first[:300]}", seconds)


def run_scenarios(setup: Setup, code: ContractCode, tag: str) -> tuple[StageResult, bool]:
    """Returns (result, whether the deployment failed): each scenario's trace through `margin diff`."""
    start = time.perf_counter()
    for path, scenario in Inputs.of(setup).scenarios:
        trace = setup.workdir / f"{tag}.{path.stem}.trace.jsonl"
        lines = run_scenario(scenario, code, setup.evm)
        write_trace(lines, trace)
        deployment_failed = "error" in lines[DEPLOYMENT_LINES - 1]  # the engine's CREATE
        try:
            diff = subprocess.run(
                # pyrevm gives no call frames: a revm trace is read without its delegation frames.
                [str(setup.margin), "diff", str(trace), "--json", *(["--flat-calls"] if setup.evm == "revm" else [])],
                capture_output=True,
                text=True,
                timeout=setup.timeout,
            )
        except subprocess.TimeoutExpired:
            trace.unlink(missing_ok=True)
            detail = f"{path.stem}: margin diff timeout after {setup.timeout:.0f} s"
            return StageResult(True, detail, time.perf_counter() - start), deployment_failed
        trace.unlink(missing_ok=True)
        if diff.returncode not in (0, 1):
            raise RuntimeError(f"margin diff exited {diff.returncode} on the trace of {path}: {diff.stderr.strip()}")
        if diff.returncode == 1:
            report = json.loads(diff.stdout)
            first = report["divergences"][0] if report.get("divergences") else {}
            contract_side = first.get("expected", {}).get("decoded", "")
            model_side = first.get("actual", {}).get("decoded", "")
            detail = (
                f"{path.stem}: call {first.get('index')} {first.get('call', '')[:120]}: {first.get('field', '')}; "
                f"contract {contract_side[:160]}; model {model_side[:160]}"
            )
            return StageResult(True, detail, time.perf_counter() - start), deployment_failed
    count = len(setup.scenarios)
    detail = f"no divergence in {count} scenario{'s' if count != 1 else ''}"
    return StageResult(False, detail, time.perf_counter() - start), False


def measure_mutant(setup: Setup, mutant: Mutant, source: str) -> MutantResult:
    """Compiles the mutant (written to the work folder) with the other contract unchanged and runs both stages."""
    contract = setup.workdir / f"{mutant.id}.vy"
    contract.write_text(mutant.apply(source), encoding="utf-8")
    result = MutantResult(mutant)
    try:
        if setup.target == "governance":
            code = compile_contract(setup.engine, governance=contract)
        else:
            code = compile_contract(contract, governance=setup.governance)
    except BadInput as error:
        result.compiled, result.compile_error = False, str(error).split("does not compile: ", 1)[-1]
        return result
    if setup.vectors is not None:
        result.vectors = run_vectors(setup, code)
    result.scenarios, result.deployment_failed = run_scenarios(setup, code, mutant.id)
    return result
